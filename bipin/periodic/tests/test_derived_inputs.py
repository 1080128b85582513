"""A periodic form feeds a derived data leaf (落实率 = 已帮扶 / 户数 × 100) through its
inputs: a field maps to 户数 or 已帮扶, never to the computed leaf.

Hand computation, 2026-01: 南川县 = 甲镇 + 乙镇: 户数 120 + 80 = 200, 已帮扶 114 + 80 = 194,
落实率 194 / 200 × 100 = 97, proportional(target=100) of 10 points → 9.7.
"""

import pytest

from bipin.contests import services as contests
from bipin.periodic import setup
from bipin.periodic.errors import PeriodicError
from bipin.results.engine import compute

from .conftest import approve_all, fill

SCHEME = """
contest: 测试
groups: [整体推进县, 市直部门]
dimensions:
  - name: 数据
    points: 10
    indicators:
      - {name: 落实率, points: 10, source: data, groups: [整体推进县], reduce: sum,
         formula: "已帮扶 / 户数 × 100", rule: "proportional(target=100)", range: [0, 100]}
"""


@pytest.fixture
def derived(area):
    version = contests.upload_scheme(area.org, area.contest, SCHEME.encode(), "scheme.yaml")
    assert version.is_valid, version.problems
    return area


def test_fields_feed_the_inputs_and_the_engine_computes_the_rate(derived):
    area = derived
    setup.map_field(area.org, area.households, leaf="户数")
    setup.map_field(area.org, area.helped, leaf="已帮扶")
    assert area.households.combine == "sum"  # the derived leaf's reduce
    approve_all(area, fill(area, "2026-01", "甲镇", 120, 114))
    approve_all(area, fill(area, "2026-01", "乙镇", 80, 80))
    nc = str(area.cast.entrants["南川县"].pk)
    evaluation = compute(area.contest).evaluation
    result = next(r for g in evaluation["groups"] for r in g["results"] if r["entrant"] == nc)
    leaf = result["explanation"]["children"][0]["children"][0]
    assert (leaf["id"], leaf["value"], leaf["points"]) == ("落实率", 97.0, 9.7)


def test_a_field_mapped_to_the_computed_leaf_is_refused_with_its_inputs_named(derived):
    with pytest.raises(PeriodicError) as err:
        setup.map_field(derived.org, derived.households, leaf="落实率")
    assert err.value.problems[0].zh == (
        "指标“落实率”按公式 已帮扶 / 户数 × 100 计算,不直接填报;请把字段对应到它的输入项已帮扶、户数"
    )
    derived.households.refresh_from_db()
    assert derived.households.leaf == ""


def test_the_form_page_offers_the_inputs_not_the_computed_leaf(derived, client_as):
    page = client_as("organizer").get(
        f"/c/test-contest/periodic/forms/{derived.form.pk}/"
    ).content.decode()
    assert "<option>已帮扶</option>" in page and "<option>户数</option>" in page
    assert "<option>落实率</option>" not in page
