"""A panel's severity adjustment counts only when the scheme declared it before marking began.

Fictional marks. In 整体推进县 the chief judge is 1 point severe on both
criteria of 南川县 and did not mark 北原县. Per criterion the judge effects
are judge = judge2 = +1/3 and chief = −2/3, so on the 10-point leaf (sheet full
marks 10):

- raw: 南川县 (8 + 8 + 6)/3 = 7.33, 北原县 (7.5 + 7.5)/2 = 7.50 → 北原县 first;
- adjusted: 南川县 7.33 (every adjusted sheet 7 1/3), 北原县 7.5 − 2/3 = 6.83 → 南川县 first.

教育局 is alone in its group, where the effects cancel: 7.33 either way.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bipin.contests.models import SchemeVersion
from bipin.io.snapshot_check import check_record
from bipin.judging import services
from bipin.judging.adjust import COUNTS, LATE, NONE, adjustment_state
from bipin.results.models import Snapshot
from bipin.results.services import release_results
from bipin.results.verification import verification_record

pytestmark = pytest.mark.django_db

SCHEME = """contest: 宽严调整(虚构示例)
panels:
  report:
    aggregate: mean
{adjust}    criteria:
      - {{id: content, name: 内容, max: 6, step: 0.5}}
      - {{id: delivery, name: 表达, max: 4, step: 1}}
dimensions:
  - name: 汇报
    indicators:
      - {{name: 脱稿汇报, points: 10, source: panel, panel: report}}
"""
SHEETS = {
    "南川县": {"judge": (5, 3), "judge2": (5, 3), "chief": (4, 2)},
    "北原县": {"judge": (4.5, 3), "judge2": (4.5, 3)},
    "教育局": {"judge": (5, 3), "judge2": (5, 3), "chief": (4, 2)},
}
LATE_WORDS = "评委组report的评委宽严调整在评分开始后才写入方案,本次不计入"


def upload(client, cast, adjust: bool) -> SchemeVersion:
    text = SCHEME.format(adjust="    adjust: judge_effect\n" if adjust else "")
    client.post(reverse("contests:scheme", args=[cast.contest.slug]),
                {"file": SimpleUploadedFile("scheme.yaml", text.encode())})
    version = cast.contest.scheme_versions.order_by("-number").first()
    assert version.is_valid, version.problems
    return version


def mark_all(cast):
    for entrant, by_judge in SHEETS.items():
        for judge, (content, delivery) in by_judge.items():
            services.submit_sheet(cast.users[judge], cast.panel, cast.entrants[entrant],
                                  key=f"k-{judge}-{cast.entrants[entrant].pk}",
                                  marks={"content": content, "delivery": delivery})


def compute(client, cast) -> Snapshot:
    client.post(reverse("results:compute", args=[cast.contest.slug]))
    return Snapshot.objects.filter(contest=cast.contest).latest("number")


def figures(snapshot) -> dict[str, tuple[float, int]]:
    names = {str(e.pk): e.name for e in snapshot.contest.entrants.all()}
    return {names[r["entrant"]]: (r["total"], r["rank"])
            for g in snapshot.evaluation["groups"] for r in g["results"]}


def panel_leaf(snapshot, cast, entrant: str) -> dict:
    pk = str(cast.entrants[entrant].pk)
    result = next(r for g in snapshot.evaluation["groups"] for r in g["results"] if r["entrant"] == pk)
    return result["explanation"]["children"][0]["children"][0]


def scenario(client_as, cast, before: list[bool], after: list[bool], state: str):
    """Scheme versions (declaring or not) uploaded before and after marking, then computed."""
    client = client_as("organizer")
    for adjust in before:
        upload(client, cast, adjust)
    mark_all(cast)
    for adjust in after:
        upload(client, cast, adjust)
    assert adjustment_state(cast.panel) == state
    return client, compute(client, cast)


def pages(client, cast) -> tuple[str, str]:
    """北原县's report card and the panel's judge analysis page."""
    slug = cast.contest.slug
    card = client.get(reverse("results:card", args=[slug, cast.entrants["北原县"].pk]))
    analysis = client.get(reverse("agreement:panel", args=[slug, cast.panel.pk]))
    return card.content.decode(), analysis.content.decode()


def test_declared_before_marking_the_adjusted_result_counts(event, client_as):
    client, snapshot = scenario(client_as, event, [True], [], COUNTS)
    assert figures(snapshot) == {"南川县": (7.33, 1), "北原县": (6.83, 2), "教育局": (7.33, 1)}
    adjust = panel_leaf(snapshot, event, "北原县")["adjust"]
    assert (adjust["counts"], adjust["raw"], round(adjust["adjusted"], 4)) == (True, 7.5, 6.8333)
    assert "late_adjustment" not in snapshot.inputs
    assert not any(LATE_WORDS in w for w in snapshot.evaluation["warnings"])
    card, analysis = pages(client, event)
    assert "宽严调整后结果计入成绩" in card
    assert '<td class="num">7.5</td><td class="num">6.83333</td>' in card  # raw beside adjusted
    assert "0.333" in card  # judge and judge2 were 1/3 lenient
    assert 'id="adjusted-label">计入成绩<' in analysis


def test_declared_after_marking_began_the_raw_result_counts_and_every_page_says_so(event, client_as):
    client, snapshot = scenario(client_as, event, [False], [True], LATE)
    assert figures(snapshot) == {"南川县": (7.33, 2), "北原县": (7.5, 1), "教育局": (7.33, 1)}
    assert snapshot.inputs["late_adjustment"] == ["report"]
    adjust = panel_leaf(snapshot, event, "北原县")["adjust"]
    assert (adjust["counts"], adjust["raw"], round(adjust["adjusted"], 4)) == (False, 7.5, 6.8333)
    assert sum(LATE_WORDS in w for w in snapshot.evaluation["warnings"]) == 3
    ranking = client.get(reverse("results:ranking", args=[event.contest.slug])).content.decode()
    assert LATE_WORDS in ranking
    card, analysis = pages(client, event)
    assert LATE_WORDS in card and "原始结果计入成绩,宽严调整后结果仅供参考" in card
    assert LATE_WORDS in analysis and 'id="adjusted-label">仅供参考<' in analysis


def test_a_declaration_kept_through_a_later_version_still_counts(event, client_as):
    # The second version could fix a typo elsewhere during the event.
    _, snapshot = scenario(client_as, event, [True], [True], COUNTS)
    assert figures(snapshot)["北原县"] == (6.83, 2)


def test_without_a_declaration_nothing_is_adjusted(event, client_as):
    _, snapshot = scenario(client_as, event, [False], [], NONE)
    assert figures(snapshot)["北原县"] == (7.5, 1)
    assert "adjust" not in panel_leaf(snapshot, event, "北原县")


@pytest.mark.parametrize("before, after, state, counts", [([True], [], COUNTS, True),
                                                          ([False], [True], LATE, False)])
def test_the_published_record_recomputes_to_the_same_figures(event, client_as, before, after, state,
                                                             counts):
    _, snapshot = scenario(client_as, event, before, after, state)
    record = verification_record(release_results(event.organizer, snapshot, "公示"))
    assert record["panels"]["report"]["adjust_counts"] is counts
    assert ("late_adjustment" in record) is not counts
    check = check_record(record)
    assert check.ok, check.differences
