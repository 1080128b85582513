"""Record rules: what points mean on a bonus or deduction leaf, and findings no table prices."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from bipin.scoring import Observation, ObservationError, SchemeError, evaluate, parse_scheme
from bipin.scoring.records import PerOccurrence, Rows
from bipin.scoring.tests.helpers import leaf_scheme, people, sums_exactly, totals


def dimension(*leaves, points=10):
    return parse_scheme(
        {
            "contest": "c",
            "dimensions": [{"name": "d", "points": points, "indicators": list(leaves)}],
        }
    )


WORK = {"name": "工作", "points": 6, "source": "department", "rule": "manual"}


def record(entrant, value, item="扣分", **kw):
    return Observation(entrant, "supervision", item, value, **kw)


class TestRecordLeavesWithPoints:
    def test_a_deduction_with_points_is_an_item_inside_its_parents_points(self):
        # 工作 6 + 扣分 4 = the dimension's 10; 扣分 starts at 4 and loses its records:
        # 甲 loses 1 + 2 = 3 → 6 + 1 = 7; 乙 no record → 10; 丙 loses 5 → floored at 0 → 6.
        s = dimension(
            WORK, {"name": "扣分", "points": 4, "source": "supervision", "rule": "deduction"}
        )
        obs = [Observation(e, "department", "工作", 6) for e in "甲乙丙"]
        obs += [record("甲", 1), record("甲", 2), record("丙", 5)]
        ev = evaluate(s, people("甲", "乙", "丙"), obs)
        assert totals(ev) == {"甲": 7.0, "乙": 10.0, "丙": 6.0}
        tree = ev.result("甲").explanation.to_dict()
        dim = tree["children"][0]
        assert (dim["points"], dim["max"]) == (7.0, 10)
        assert (dim["children"][1]["points"], dim["children"][1]["max"]) == (1.0, 4)
        assert sums_exactly(tree)

    def test_a_deduction_with_points_can_no_longer_lift_its_parent_above_its_points(self):
        # It used to start full outside the parent's points: "20.0 / 10".
        with pytest.raises(SchemeError) as err:
            dimension(
                {**WORK, "points": 10},
                {"name": "扣分", "points": 10, "source": "supervision", "rule": "deduction"},
            )
        assert "points 10 differ from the children's sum 20" in str(err.value)

    def test_a_bonus_with_points_gains_up_to_its_points_inside_its_parent(self):
        # 工作 7 + 加分 3 = 10: 甲 +2 → 9; 乙 +5 → its 3 points → 10.
        s = dimension(
            {**WORK, "points": 7},
            {"name": "加分", "points": 3, "source": "supervision", "rule": "bonus(cap=5)"},
        )
        obs = [Observation(e, "department", "工作", 7) for e in "甲乙"]
        obs += [record("甲", 2, "加分"), record("乙", 5, "加分")]
        assert totals(evaluate(s, people("甲", "乙"), obs)) == {"甲": 9.0, "乙": 10.0}

    def test_without_points_a_deduction_stays_outside_its_parents_points(self):
        s = dimension(
            {**WORK, "points": 10},
            {"name": "扣分", "source": "supervision", "rule": "deduction(cap=5)"},
        )
        obs = [Observation("甲", "department", "工作", 9), record("甲", 2)]
        assert totals(evaluate(s, people("甲"), obs)) == {"甲": 7.0}

    def test_a_veto_has_no_points(self):
        with pytest.raises(SchemeError, match=r"indicators\[1\]\.points"):
            dimension(
                {**WORK, "points": 10},
                {"name": "否决", "points": 5, "source": "supervision", "rule": "veto"},
            )


SEVERITY = "per_occurrence(each=0.5, severity={一般: 0.5, 严重: 2}, cap=10)"


def finding(entrant, category=None, severity=None, ref=None):
    return Observation(
        entrant, "inspection", "指标", None, category=category, severity=severity, ref=ref
    )


class TestUnpricedFindings:
    def test_an_unknown_severity_is_refused_at_its_row(self):
        s = leaf_scheme(SEVERITY, source="inspection")
        obs = [finding("甲", severity="严重"), finding("甲", severity="特别严重", ref="f.csv:3")]
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲"), obs)
        assert err.value.field == "severity" and err.value.ref == "f.csv:3"
        assert err.value.message_zh == "严重程度“特别严重”不在规则的扣分表中(可用:一般、严重)"
        assert err.value.message_en == (
            "severity '特别严重' is not in the rule's table (use one of 一般, 严重)"
        )

    def test_a_blank_severity_is_refused_when_the_rule_prices_by_severity(self):
        s = leaf_scheme(SEVERITY, source="inspection")
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲"), [finding("甲", category="管网老化", ref="f.csv:2")])
        assert err.value.field == "severity" and "no severity given" in err.value.message_en

    def test_an_unknown_category_is_refused(self):
        s = leaf_scheme(
            "per_occurrence(each=0.5, category={管网老化: 1}, cap=10)", source="inspection"
        )
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲"), [finding("甲", category="水表损坏", ref="f.csv:2")])
        assert err.value.field == "category" and "水表损坏" in err.value.message_zh

    def test_a_known_category_prices_a_finding_without_severity(self):
        rule = "per_occurrence(each=0.5, category={管网老化: 1}, severity={严重: 2}, cap=10)"
        s = leaf_scheme(rule, source="inspection")
        obs = [finding("甲", category="管网老化"), finding("甲", "水表损坏", "严重")]
        assert totals(evaluate(s, people("甲"), obs)) == {"甲": 7.0}  # 10 − 1 − 2

    def test_a_severity_typo_is_refused_even_when_the_category_is_known(self):
        rule = "per_occurrence(each=0.5, category={管网老化: 1}, severity={严重: 2}, cap=10)"
        s = leaf_scheme(rule, source="inspection")
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲"), [finding("甲", "管网老化", "严 重")])
        assert err.value.field == "severity"

    def test_unknown_each_charges_each_and_warns_naming_entrant_item_and_value(self):
        rule = "per_occurrence(each=0.5, category={管网老化: 1}, cap=10, unknown=each)"
        s = leaf_scheme(rule, source="inspection")
        obs = [finding("甲", "管网老化"), finding("甲", "其他")]
        ev = evaluate(s, people("甲"), obs)
        assert totals(ev) == {"甲": 8.5}  # 10 − 1 − 0.5
        assert ev.warnings == [
            "组 · 甲 · “指标”类别“其他”不在规则的扣分表中(可用:管网老化),按每项0.5分扣 / "
            "'指标': category '其他' is not in the rule's table (use one of 管网老化): "
            "charged each 0.5"
        ]

    def test_a_rule_without_tables_charges_each_finding_each(self):
        s = leaf_scheme("per_occurrence(each=0.5, cap=10)", source="inspection")
        obs = [finding("甲", "任何类别", "任何程度")]
        ev = evaluate(s, people("甲"), obs)
        assert totals(ev) == {"甲": 9.5} and ev.warnings == []

    def test_unknown_must_be_refuse_or_each(self):
        with pytest.raises(SchemeError, match=r"rule\.unknown"):
            leaf_scheme("per_occurrence(each=1, cap=5, unknown=guess)", source="inspection")

    def test_unpriced_lists_each_row_no_table_prices(self):
        r = PerOccurrence(each=0.5, severity={"严重": 2.0})
        rows = Rows(np.ones(3), np.ones(3), [None, None, None], ["严重", "轻微", None])
        assert [(k, field) for k, field, _, _ in r.unpriced(rows)] == [
            (1, "severity"),
            (2, "severity"),
        ]
        assert_allclose(r.amounts(rows), [2.0, 0.5, 0.5])


class TestBlankRecordValues:
    def test_a_bonus_record_without_a_value_is_refused(self):
        s = leaf_scheme("bonus(cap=3)", points=0, source="supervision")
        obs = [Observation("甲", "supervision", "指标", None, ref="r.csv:4")]
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲"), obs)
        assert err.value.field == "value" and err.value.ref == "r.csv:4"

    def test_a_bonus_with_each_needs_no_value(self):
        s = leaf_scheme("bonus(each=1, cap=3)", points=0, source="supervision")
        obs = [Observation("甲", "supervision", "指标", None)]
        assert totals(evaluate(s, people("甲"), obs)) == {"甲": 1.0}


class TestFactorsOutsidePanels:
    def test_a_factor_on_a_value_rule_is_refused_not_ignored(self):
        # target_step never reads a 系数: 99.7 × 2 used to score as plain 99.7.
        s = leaf_scheme("target_step(target=100, step=0.1, deduct=1)", points=5)
        obs = [Observation("甲", "data", "指标", 99.7, factor=2.0, ref="d.csv:2")]
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲"), obs)
        assert (err.value.field, err.value.ref) == ("factor", "d.csv:2")
        assert err.value.message_zh.startswith("“指标”不使用系数(现为2)")

    def test_a_record_factor_must_be_positive(self):
        s = leaf_scheme("deduction(cap=5)", points=0, source="supervision")
        obs = [Observation("甲", "supervision", "指标", 2, factor=-1.0, ref="r.csv:5")]
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲"), obs)
        assert err.value.field == "factor" and err.value.message_en == (
            "factor -1 must be > 0"
        )

    def test_a_record_factor_weighs_its_amount(self):
        s = leaf_scheme("deduction(cap=5)", points=0, source="supervision")
        obs = [Observation("甲", "supervision", "指标", 2, factor=1.5)]
        assert totals(evaluate(s, people("甲"), obs)) == {"甲": -3.0}
