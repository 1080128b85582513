"""Rounding at the published edge, competition ranks, grades and award quotas."""

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bipin.scoring import (
    assign_awards,
    assign_grades,
    competition_rank,
    quota_levels,
    round_half_up,
)
from bipin.scoring.rounding import from_units, round_array, to_units
from bipin.scoring.scheme import AwardLevel, Awards, GradeLevel, Grades


class TestRoundHalfUp:
    def test_officials_figures(self):
        assert round_half_up(2.675, 2) == Decimal("2.68")  # round() gives 2.67
        assert round_half_up(1.005, 2) == Decimal("1.01")
        assert round_half_up(-2.5, 0) == Decimal("-3")
        assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")

    def test_it_rejects_negative_decimals(self):
        with pytest.raises(ValueError, match="decimals"):
            round_half_up(1.0, -1)


class TestToUnits:
    @given(
        st.decimals(min_value=-10_000, max_value=10_000, places=4, allow_nan=False),
        st.integers(min_value=0, max_value=3),
    )
    def test_it_agrees_with_decimal_on_typed_figures(self, value, decimals):
        expected = int(round_half_up(value, decimals).scaleb(decimals))
        assert to_units(np.array([float(value)]), decimals)[0] == expected

    def test_round_trip_and_nan(self):
        assert from_units(to_units(np.array([2.675]), 2), 2).tolist() == [2.68]
        assert np.isnan(round_array(np.array([np.nan]), 2)[0])


class TestCompetitionRank:
    def test_ties_share_and_skip(self):
        assert competition_rank(np.zeros(5, int), [np.array([5.0, 9, 9, 7, 9])]).tolist() == [
            5,
            1,
            1,
            4,
            1,
        ]

    def test_tie_break_chain(self):
        total = np.array([9.0, 9, 9, 8])
        dim = np.array([1.0, 2, 2, 5])
        draw = np.array([-3.0, -1, -2, -4])  # smaller lot number wins
        assert competition_rank(np.zeros(4, int), [total, dim]).tolist() == [3, 1, 1, 4]
        assert competition_rank(np.zeros(4, int), [total, dim, draw]).tolist() == [3, 1, 2, 4]

    def test_groups_rank_separately(self):
        assert competition_rank(np.array([1, 0, 1]), [np.array([1.0, 1, 2])]).tolist() == [2, 1, 1]
        assert competition_rank(np.zeros(0, int), [np.zeros(0)]).tolist() == []


class TestQuotaLevels:
    def test_include_gives_the_tie_the_better_level(self):
        # 一等奖1、二等奖2: ranks 1, 1 tie for first
        assert quota_levels(np.array([1, 1, 3, 4]), [1, 2], "include", False).tolist() == [
            0,
            0,
            1,
            -1,
        ]

    def test_exclude_never_exceeds_a_quota(self):
        assert quota_levels(np.array([1, 1, 3, 4]), [1, 2], "exclude", False).tolist() == [
            1,
            1,
            -1,
            -1,
        ]

    def test_rest_takes_the_last_level(self):
        assert quota_levels(np.array([1, 2, 3]), [1], "include", True).tolist() == [0, 1, 1]


class TestAssignGrades:
    def test_thresholds_compare_published_figures(self):
        g = Grades(
            "thresholds",
            (
                GradeLevel("好", 90),
                GradeLevel("较好", 80),
                GradeLevel("一般", 60),
                GradeLevel("较差"),
            ),
        )
        got = assign_grades(g, np.array([90.0, 89.994, 80, 59.995, 10]), np.arange(1, 6), 2)
        assert got == ["好", "较好", "较好", "一般", "较差"]

    def test_quota_by_share_and_veto_forces_lowest(self):
        g = Grades(
            "quota", (GradeLevel("好", share=0.25), GradeLevel("较好", count=1), GradeLevel("一般"))
        )
        ranks = np.array([1, 2, 3, 4])
        assert assign_grades(g, np.zeros(4), ranks, 2) == ["好", "较好", "一般", "一般"]
        lowest = np.array([True, False, False, False])
        assert assign_grades(g, np.zeros(4), ranks, 2, lowest)[0] == "一般"

    def test_a_closed_last_quota_leaves_the_rest_ungraded(self):
        g = Grades("quota", (GradeLevel("优", count=1), GradeLevel("良", count=1)))
        assert assign_grades(g, np.zeros(3), np.array([1, 2, 3]), 2) == ["优", "良", None]

    def test_thresholds_without_a_catch_all(self):
        g = Grades("thresholds", (GradeLevel("好", 90),))
        assert assign_grades(g, np.array([50.0]), np.array([1]), 2) == [None]


class TestAssignAwards:
    def test_quota_one_two_three(self):
        a = Awards((AwardLevel("一等奖", 1), AwardLevel("二等奖", 2), AwardLevel("三等奖", 3)))
        totals = np.array([90.0, 80, 85, 70, 75, 60, 65, 50])
        got = assign_awards(a, [totals], np.ones(8, bool))
        assert got == ["一等奖", "二等奖", "二等奖", "三等奖", "三等奖", None, "三等奖", None]

    def test_no_eligible_entrants(self):
        a = Awards((AwardLevel("一等奖", 1),))
        assert assign_awards(a, [np.ones(2)], np.zeros(2, bool)) == [None, None]
