"""The browser redoes every kind of panel aggregate as bipin/scoring/panels.py does.

Each record here is built without a database from a small fictional contest
whose panel uses one aggregate (mean, median, trimmed with its minimum of
judges, sum), per criterion or per sheet, with the panel's rounding at either
stage; the verification page is given the file and must agree with Python on
every entrant, and name the entrant whose mark was changed.
"""

import json
import random

import pytest
from playwright.sync_api import expect

from bipin.io.schemes import load_scheme
from bipin.io.snapshot_record import build_record
from bipin.results.tests.test_browser_verify_notice import published  # noqa: F401 (fixture)
from bipin.scoring import Entrant, Observation, evaluate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANELS = {
    "mean-criterion": "aggregate: mean",
    "median-criterion": "aggregate: median\n    rounding: {decimals: 1}",
    "trimmed-criterion": "aggregate: trimmed\n    trim: 1\n    trim_min_judges: 5\n"
                         "    rounding: {decimals: 2}",
    "sum-criterion": "aggregate: sum",
    "trimmed-sheet-judge": "on: sheet\n    aggregate: trimmed\n    rounding: {decimals: 2, stage: judge}",
    "median-sheet-entrant": "on: sheet\n    aggregate: median\n    rounding: {decimals: 1, stage: entrant}",
}


def scheme_text(panel: str) -> str:
    return f"""# 示例数据(虚构)
contest: 示例评委组核验
groups: [甲组]
rounding: {{decimals: 2}}
panels:
  p:
    {panel}
    criteria:
      - {{id: 内容, max: 10, step: 0.5, weight: 2}}
      - {{id: 表达, max: 10, step: 0.5}}
dimensions:
  - name: 现场
    points: 30
    indicators:
      - {{name: 汇报, points: 30, source: panel, panel: p, rule: "scaled()"}}
"""


def record_for(panel: str, seed: int) -> dict:
    text = scheme_text(panel)
    scheme = load_scheme(text, filename="scheme.yaml")
    rng = random.Random(seed)
    entrants = [Entrant(f"e{i}", f"示例单位{i}", "甲组") for i in range(1, 6)]
    obs = []
    for e in entrants:
        # 3 to 6 judges; now and then one leaves a criterion blank (an abstention)
        for j in range(rng.randint(3, 6)):
            for c in ("内容", "表达"):
                if (j, c) != (0, "表达") or rng.random() < 0.7:
                    obs.append(Observation(e.id, "panel", c, rng.randint(8, 20) / 2,
                                           judge=f"示例评委{j}"))
    evaluation = json.loads(json.dumps(evaluate(scheme, entrants, obs).to_dict(explain=True)))
    rows = [{"entrant": o.entrant, "source": "panel", "item": o.item, "value": o.value,
             "judge": o.judge, "round": None, "factor": 1.0, "category": None,
             "severity": None, "ref": None} for o in obs]
    inputs = {"entrants": [{"id": e.id, "name": e.name, "group": e.group, "code": None}
                           for e in entrants], "observations": rows}
    return build_record(contest="示例评委组核验", release={"title": "示例"},
                        snapshot={"number": 1, "label": "第1版 · 00000000", "input_hash": "0" * 64},
                        scheme_content=text.encode(), scheme_filename="scheme.yaml",
                        inputs=inputs, evaluation=evaluation)


def choose(page, path):
    result = page.locator("#verify-result")
    result.evaluate("box => box.removeAttribute('data-verdict')")
    page.set_input_files("#verify-file", str(path))
    expect(result).to_have_attribute("data-verdict", "bad")  # another file than the notice's
    return result


def test_every_panel_aggregate_is_redone_as_python_does(published, live_server, page, tmp_path):  # noqa: F811
    city, _ = published
    page.goto(f"{live_server.url}/c/{city.slug}/notice/verify/")
    expect(page.locator("#verify-result")).to_have_attribute("data-verdict", "ok")
    for n, (name, panel) in enumerate(PANELS.items()):
        record = record_for(panel, seed=n)
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        result = choose(page, path)
        expect(result.locator("li.bad")).to_have_count(1)  # the file hash only
        expect(result.locator("li.ok").last).to_contain_text("5 个参评对象全部一致", timeout=5000)
        expect(result.locator("li.ok").last).to_contain_text("5 项评委组汇总")
        expect(result.locator("tr.ok")).to_have_count(5)

        # Half a point more in every 内容 mark moves any aggregate of them.
        for mark in record["observations"]:
            if mark["entrant"] == "e3" and mark["item"] == "内容":
                mark["value"] += 0.5
        path = tmp_path / f"{name}-tampered.json"  # a new name: choosing the same file fires nothing
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        result = choose(page, path)
        expect(result.locator("tr.bad")).to_contain_text("示例单位3")
        expect(result.locator("tr.bad")).to_contain_text("评委组汇总公布为")
