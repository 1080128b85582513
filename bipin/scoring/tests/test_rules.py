"""Each rule against hand-computed points."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from bipin.scoring import ObservationError, evaluate
from bipin.scoring.records import Bonus, Deduction, PerOccurrence, Rows
from bipin.scoring.rules import (
    AllOrNothing,
    Bands,
    Manual,
    Proportional,
    Rank,
    Scaled,
    TargetStep,
    Veto,
)
from bipin.scoring.tests.helpers import data, leaf_scheme, people, totals


class TestTargetStep:
    def test_it_deducts_one_point_per_tenth_of_a_percent(self):
        # 达标率100%计满分;每减少0.1个百分点扣1分,扣完为止
        r = TargetStep(target=100, step=0.1, deduct=1)
        assert_allclose(
            r.score(np.array([100, 99.9, 99.7, 99.5, 99.0, 90.0]), 5), [5, 4, 2, 0, 0, 0]
        )

    def test_it_counts_partial_steps_unless_whole_steps_are_declared(self):
        assert_allclose(TargetStep(100, 0.1, 1).score(np.array([99.95]), 5), [4.5])
        assert_allclose(
            TargetStep(100, 0.1, 1, whole_steps=True).score(np.array([99.95, 99.7]), 5), [5, 2]
        )

    def test_it_gives_full_points_above_target(self):
        assert_allclose(TargetStep(95, 1, 2).score(np.array([99.0]), 10), [10])

    def test_lower_is_better_counts_excess(self):
        assert_allclose(
            TargetStep(2, 0.5, 1, higher_is_better=False).score(np.array([3.0, 1.0]), 4), [2, 4]
        )

    def test_it_rejects_a_zero_step(self):
        assert TargetStep(step=0).check(5)[0][0] == "step"


class TestAllOrNothing:
    def test_one_failing_person_loses_everything(self):
        # 有1人不达标,该项不得分: rows are people, value 1 = meets the standard
        s = leaf_scheme("all_or_nothing(threshold=1)", points=6)
        obs = [data("甲", 1), data("甲", 1), data("乙", 1), data("乙", 0)]
        assert totals(evaluate(s, people("甲", "乙"), obs)) == {"甲": 6.0, "乙": 0.0}

    def test_a_count_of_failures_uses_less_or_equal(self):
        assert_allclose(AllOrNothing(0, "<=").score(np.array([0.0, 2.0]), 3), [3, 0])
        assert AllOrNothing(0, "<=").reduce == "max"

    def test_it_rejects_an_unknown_operator(self):
        assert AllOrNothing(op="!=").check(3)[0][0] == "op"


class TestProportional:
    def test_it_is_proportional_and_capped(self):
        assert_allclose(Proportional(target=90).score(np.array([45.0, 90, 99]), 6), [3, 6, 6])

    def test_lower_is_better_inverts(self):
        assert_allclose(
            Proportional(10, higher_is_better=False).score(np.array([20.0, 5.0, 0.0]), 4), [2, 4, 4]
        )


class TestBands:
    def test_first_band_met_gives_its_points(self):
        r = Bands(bands=((95, 10), (90, 8), (80, 5)))
        assert_allclose(r.score(np.array([100.0, 94.99, 90, 80, 79.9]), 10), [10, 8, 8, 5, 0])

    def test_lower_is_better_bands(self):
        r = Bands(bands=((0, 5), (2, 3)), higher_is_better=False, otherwise=1)
        assert_allclose(r.score(np.array([0.0, 1.0, 5.0]), 5), [5, 3, 1])

    def test_band_points_may_not_exceed_full(self):
        assert Bands(bands=((90, 12),)).check(10)[0][0] == "bands"
        assert Bands().check(10)[0][0] == "bands"

    def test_otherwise_may_not_exceed_full_either(self):
        # otherwise=12 on a 10-point leaf would give more than the leaf's points to
        # every entrant below the last band.
        assert Bands(bands=((90, 10),), otherwise=12).check(10) == [
            ("otherwise", "分值12超出[0, 10]", "points 12 outside [0, 10]")
        ]
        assert Bands(bands=((90, 10),), otherwise=-1).check(10)[0][0] == "otherwise"


class TestRank:
    def test_first_gets_full_and_each_place_loses_step(self):
        r = Rank(step=1)
        assert_allclose(
            r.score(np.array([7.0, 9, 8, 9]), 10, groups=np.zeros(4, int)), [7, 10, 8, 10]
        )

    def test_it_never_goes_below_zero_and_ranks_per_group(self):
        r = Rank(step=4)
        got = r.score(np.array([1.0, 2, 3, 1]), 10, groups=np.array([0, 0, 0, 1]))
        assert_allclose(got, [2, 6, 10, 10])


class TestScaled:
    def test_it_scales_to_points(self):
        assert_allclose(Scaled(max=100).score(np.array([84.0, 100]), 5), [4.2, 5])
        assert_allclose(Scaled().score(np.array([45.0]), 10), [4.5])

    def test_a_value_beyond_its_max_is_refused_not_clipped(self):
        with pytest.raises(ObservationError, match="120 outside"):
            Scaled(max=100).score(np.array([84.0, 120]), 5)
        with pytest.raises(ObservationError, match="-1 outside"):
            Scaled(max=100).score(np.array([-1.0]), 5)

    def test_an_exam_total_above_its_max_is_refused_naming_entrant_and_item(self):
        # Two sittings summed: 60 + 70 = 130 of 100 used to score full points, like 100.
        s = leaf_scheme("scaled(max=100)", points=5, source="exam", reduce="sum")
        obs = [
            data("甲", 60, source="exam", ref="e.csv:2"),
            data("甲", 70, source="exam", ref="e.csv:3"),
            data("乙", 100, source="exam"),
        ]
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲", "乙"), obs)
        assert err.value.message_zh.startswith("参评对象“甲”的“指标”合计130超出有效范围[0, 100]")
        # The row that took the total over is named.
        assert err.value.ref == "e.csv:3"


class TestManual:
    def test_it_keeps_points_within_range(self):
        assert_allclose(Manual().score(np.array([0.0, 5.0]), 5), [0, 5])

    def test_it_refuses_points_out_of_range_naming_the_row(self):
        s = leaf_scheme("manual", points=5, source="department")
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲"), [data("甲", 6, source="department", ref="d.csv:3")])
        assert err.value.ref == "d.csv:3" and err.value.field == "value"
        with pytest.raises(ObservationError):
            Manual().score(np.array([6.0]), 5)


class TestPerOccurrence:
    def test_each_finding_costs_by_severity_then_category(self):
        r = PerOccurrence(each=0.5, category={"管网老化": 1.0}, severity={"严重": 2.0})
        got = r.amounts(
            Rows(np.ones(3), np.ones(3), ["管网老化", "其他", "管网老化"], [None, None, "严重"])
        )
        assert_allclose(got, [1.0, 0.5, 2.0])

    def test_a_leaf_with_points_starts_full_and_is_floored(self):
        s = leaf_scheme("per_occurrence(each=2, cap=5)", points=4, source="inspection")
        obs = [data("甲", None, source="inspection") for _ in range(3)] + [
            data("乙", None, source="inspection")
        ]
        assert totals(evaluate(s, people("甲", "乙", "丙"), obs)) == {
            "甲": 0.0,
            "乙": 2.0,
            "丙": 4.0,
        }

    def test_a_pure_deduction_item_is_capped(self):
        s = leaf_scheme("per_occurrence(each=0.5, cap=1)", points=0, source="inspection")
        obs = [data("甲", None, source="inspection") for _ in range(3)]
        assert totals(evaluate(s, people("甲"), obs)) == {"甲": -1.0}


class TestBonusAndDeduction:
    def test_bonus_adds_values_up_to_the_cap(self):
        s = leaf_scheme("bonus(cap=3)", points=0, source="supervision")
        obs = [
            data("甲", 2, source="supervision"),
            data("甲", 2, source="supervision"),
            data("乙", 1, source="supervision"),
        ]
        assert totals(evaluate(s, people("甲", "乙"), obs)) == {"甲": 3.0, "乙": 1.0}

    def test_deduction_takes_values_up_to_the_cap(self):
        assert Deduction.sign == -1
        s = leaf_scheme("deduction(each=1, cap=1.5)", points=0, source="supervision")
        obs = [data("甲", None, source="supervision") for _ in range(2)]
        assert totals(evaluate(s, people("甲"), obs)) == {"甲": -1.5}

    def test_bonus_each_ignores_row_values(self):
        assert_allclose(Bonus(each=0.5).amounts(Rows(np.array([9.0, -3]), np.ones(2))), [0.5, 0.5])


class TestVeto:
    def test_any_nonzero_row_triggers(self):
        assert Veto().triggered(np.array([0.0, 1.0, np.nan])).tolist() == [False, True, False]

    def test_it_rejects_an_unknown_effect(self):
        assert Veto(effect="shame").check(0)[0][0] == "effect"
