"""Each grading rule, checked on plain values."""

from decimal import Decimal as D

import pytest

from bipin.exams.grading import aggregate, grade, marked_points


class TestObjectiveItems:
    def test_single_choice_is_right_or_wrong(self):
        assert grade("single", ["B"], D(2), ["B"]) == D("2.00")
        assert grade("single", ["B"], D(2), ["C"]) == 0
        assert grade("single", ["B"], D(2), []) == 0

    def test_true_false_is_right_or_wrong(self):
        assert grade("true_false", ["false"], D(1), ["false"]) == 1
        assert grade("true_false", ["false"], D(1), ["true"]) == 0

    @pytest.mark.parametrize(
        "rule, chosen, expected",
        [
            ("all_or_nothing", ["A", "B", "D"], "3.00"),
            ("all_or_nothing", ["A", "B"], "0.00"),
            ("proportional", ["A", "B"], "2.00"),
            ("proportional", ["A"], "1.00"),
            ("proportional", ["A", "B", "C"], "0.00"),
            ("half", ["A"], "1.50"),
            ("half", ["A", "C"], "0.00"),
            ("half", [], "0.00"),
        ],
    )
    def test_multiple_choice_follows_the_declared_rule(self, rule, chosen, expected):
        assert grade("multiple", ["A", "B", "D"], D(3), chosen, rule) == D(expected)

    def test_proportional_credit_is_rounded_half_up_to_cents(self):
        assert grade("multiple", ["A", "B", "C"], D(2), ["A"], "proportional") == D("0.67")

    def test_fill_in_accepts_any_listed_answer_ignoring_width_case_and_spaces(self):
        for given in ["十", "１０", " 1 0 ", "10"]:
            assert grade("fill", ["10", "十"], D(2), [given]) == 2
        assert grade("fill", ["10", "十"], D(2), ["11"]) == 0
        assert grade("fill", ["10"], D(2), []) == 0

    def test_a_short_answer_is_left_to_markers(self):
        assert grade("short", ["要点"], D(6), ["要点"]) is None

    def test_an_unknown_multiple_rule_is_an_error(self):
        with pytest.raises(ValueError, match="unknown multiple-choice rule"):
            grade("multiple", ["A", "B"], D(2), ["A"], "lenient")


class TestMarking:
    def test_single_marking_takes_the_one_mark(self):
        assert marked_points([D("4.5")], double=False, gap=D(1)) == D("4.50")
        assert marked_points([], double=False, gap=D(1)) is None

    def test_double_marks_within_the_gap_are_averaged(self):
        assert marked_points([D(4), D(6)], double=True, gap=D(2)) == D("5.00")
        assert marked_points([D(4)], double=True, gap=D(2)) is None

    def test_marks_beyond_the_gap_wait_for_a_third_marker(self):
        assert marked_points([D(1), D(5)], double=True, gap=D(2)) is None

    def test_the_third_mark_is_averaged_with_the_nearer_first_mark(self):
        assert marked_points([D(1), D(5), D(2)], double=True, gap=D(2)) == D("1.50")
        assert marked_points([D(1), D(5), D(3)], double=True, gap=D(2)) == D("4.00")  # tie: higher


def test_an_entrants_score_is_the_mean_or_the_best_of_its_candidates():
    assert aggregate([D(40), D(45), D(50)], "mean") == D("45.00")
    assert aggregate([D(40), D(45), D(50)], "best") == D("50.00")
    assert aggregate([], "mean") is None
    with pytest.raises(ValueError):
        aggregate([D(1)], "median")
