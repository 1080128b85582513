"""Item statistics against values computed by hand (see each docstring)."""

import pytest
from numpy.testing import assert_allclose

from bipin.scoring.items import Flag, analyse, distractors

# Totals 3, 3, 2, 1, 1: mean 2, population variance 0.8.
RIGHT_WRONG = [[1, 1, 1, 0], [1, 1, 0, 1], [1, 0, 1, 0], [1, 0, 0, 0], [0, 0, 0, 1]]


class TestAnalyse:
    def test_difficulty_is_the_proportion_correct(self):
        a = analyse(RIGHT_WRONG, [1, 1, 1, 1])
        assert_allclose([i.difficulty for i in a.items], [0.8, 0.4, 0.4, 0.4])

    def test_point_biserial_matches_the_hand_computed_correlation(self):
        """Item 1: cov 0.2 / (sd 0.4 × sd 0.894) = 0.559; item 2: 0.4 / (0.490 × 0.894) = 0.913;
        item 3: 0.2 / (0.490 × 0.894) = 0.456; item 4: cov 0 → 0."""
        a = analyse(RIGHT_WRONG, [1, 1, 1, 1])
        assert_allclose(
            [i.point_biserial for i in a.items], [0.5590, 0.9129, 0.4564, 0.0], atol=1e-4
        )

    def test_upper_lower_uses_27_percent_groups_with_ties_in_input_order(self):
        """n = 5 → groups of round(1.35) = 1: upper is candidate 1, lower candidate 5."""
        a = analyse(RIGHT_WRONG, [1, 1, 1, 1])
        assert [i.upper_lower for i in a.items] == [1.0, 1.0, 1.0, -1.0]

    def test_kr20_equals_alpha_for_right_wrong_items(self):
        """Σ p q = 0.16 + 3 × 0.24 = 0.88; 4/3 × (1 − 0.88 / 0.8) = −0.1333."""
        a = analyse(RIGHT_WRONG, [1, 1, 1, 1])
        assert_allclose([a.alpha, a.kr20], [-0.133333, -0.133333], atol=1e-6)
        assert_allclose([a.mean, a.sd], [2.0, 0.894427], atol=1e-6)

    def test_alpha_for_items_worth_several_points_and_no_kr20(self):
        """Item variances 0.6875 + 0.5, total variance 2.1875: 2 × (1 − 1.1875 / 2.1875) = 0.9143."""
        a = analyse([[2, 1], [1, 1], [0, 0], [2, 2]], [2, 2])
        assert_allclose(a.alpha, 0.914286, atol=1e-6)
        assert a.kr20 is None
        assert_allclose([i.difficulty for i in a.items], [0.625, 0.5])
        assert [i.upper_lower for i in a.items] == [1.0, 1.0]

    def test_groups_of_27_percent_for_ten_candidates_are_three(self):
        scores = [[1]] * 3 + [[0]] * 7
        a = analyse([s + [s[0]] for s in scores], [1, 1])
        assert a.items[0].upper_lower == 1.0

    def test_items_that_do_not_work_are_flagged(self):
        a = analyse(RIGHT_WRONG, [1, 1, 1, 1])
        assert a.items[3].flags == (Flag.NEGATIVE,) and a.items[0].flags == ()
        b = analyse([[1, 0, 1], [1, 0, 0]], [1, 1, 1])
        assert b.items[0].flags == (Flag.ALL_CORRECT,) and b.items[0].point_biserial is None
        assert b.items[1].flags == (Flag.NONE_CORRECT,)

    def test_a_weakly_separating_item_is_flagged_low(self):
        """A sixth candidate (total 1) moves item 4's upper–lower D from −1 to 0."""
        a = analyse(RIGHT_WRONG + [[1, 0, 0, 0]], [1, 1, 1, 1])
        assert a.items[3].upper_lower == 0.0 and a.items[3].flags == (Flag.LOW,)

    def test_no_candidates_gives_empty_statistics(self):
        a = analyse([], [1, 1])
        assert a.candidates == 0 and a.alpha is None and len(a.items) == 2

    @pytest.mark.parametrize(
        "scores, maxima", [([[1, 2]], [1, 1]), ([[1]], [1, 1]), ([[-1]], [1]), ([[0]], [0])]
    )
    def test_bad_input_is_refused_with_a_value_error(self, scores, maxima):
        with pytest.raises(ValueError):
            analyse(scores, maxima)


def test_distractor_use_counts_each_option_and_blanks():
    assert distractors([["A"], ["A"], ["C"], []], "ABC") == {
        "A": 0.5,
        "B": 0.0,
        "C": 0.25,
        "": 0.25,
    }
    assert distractors([], "AB") == {"A": 0.0, "B": 0.0, "": 0.0}
