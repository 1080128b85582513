"""The additive judge-effect model: hand cases and properties (hypothesis)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from bipin.scoring.judge_effects import judge_effects

NAN = np.nan


def _designs():
    """An entrants × judges table of marks with a random pattern of gaps, connected."""
    @st.composite
    def build(draw):
        e = draw(st.integers(2, 7))
        j = draw(st.integers(2, 5))
        marks = draw(st.lists(st.lists(st.integers(0, 40), min_size=j, max_size=j), min_size=e, max_size=e))
        holes = draw(st.lists(st.lists(st.booleans(), min_size=j, max_size=j), min_size=e, max_size=e))
        x = np.array(marks, float) / 2
        gaps = np.array(holes)
        gaps[0] = False  # one entrant everyone marked keeps the judges connected
        gaps[np.arange(e), np.arange(e) % j] = False  # and every entrant has a mark
        return np.where(gaps, NAN, x)
    return build()


class TestHandCases:
    def test_a_lenient_and_a_severe_judge_split_the_difference(self):
        fit = judge_effects([[8.0, 6], [9, 7], [NAN, 5]])
        assert_allclose(fit.judge_, [1.0, -1.0])
        # The third entrant was seen only by the severe judge: 5 + 1.
        assert_allclose(fit.entrant_, [7.0, 8.0, 6.0])
        assert_allclose(fit.adjusted_, [[7.0, 7], [8, 8], [NAN, 6]])

    def test_separate_groups_of_judges_each_sum_to_zero(self):
        fit = judge_effects([[8.0, 6, NAN, NAN], [NAN, NAN, 5, 9]])
        assert fit.components_ == [(0, 1), (2, 3)]
        assert_allclose(fit.judge_, [1.0, -1.0, -2.0, 2.0])

    def test_a_table_of_the_wrong_shape_or_with_infinity_is_refused(self):
        with pytest.raises(ValueError, match=r"\(2,\)"):
            judge_effects([1.0, 2])
        with pytest.raises(ValueError, match="infinite"):
            judge_effects([[1.0, np.inf]])

    def test_a_judge_without_marks_has_no_effect(self):
        fit = judge_effects([[8.0, 6, NAN]])
        assert np.isnan(fit.judge_[2])


class TestProperties:
    @settings(max_examples=60, deadline=None)
    @given(_designs())
    def test_judge_effects_sum_to_zero(self, x):
        assert_allclose(np.nansum(judge_effects(x).judge_), 0.0, atol=1e-9)

    @settings(max_examples=60, deadline=None)
    @given(_designs(), st.integers(0, 4), st.integers(-10, 10))
    def test_a_constant_added_to_one_judge_moves_only_that_judges_effect_relative_to_the_rest(
            self, x, which, c):
        which = which % x.shape[1]
        shifted = x.copy()
        shifted[:, which] += c
        before, after = judge_effects(x).judge_, judge_effects(shifted).judge_
        change = after - before
        others = np.delete(change, which)
        assert_allclose(others, others[0], atol=1e-8)  # all other judges move alike
        assert_allclose(change[which] - others[0], c, atol=1e-8)

    @settings(max_examples=60, deadline=None)
    @given(_designs(), st.integers(0, 4), st.integers(-10, 10))
    def test_a_constant_added_to_one_judge_keeps_the_adjusted_order(self, x, which, c):
        which = which % x.shape[1]
        shifted = x.copy()
        shifted[:, which] += c
        before, after = judge_effects(x).entrant_, judge_effects(shifted).entrant_
        assert_allclose(after - before, (after - before)[0], atol=1e-8)

    @settings(max_examples=60, deadline=None)
    @given(st.integers(2, 6), st.integers(2, 5), st.data())
    def test_a_complete_design_keeps_the_raw_means(self, e, j, data):
        x = np.array(data.draw(st.lists(st.lists(st.integers(0, 40), min_size=j, max_size=j),
                                        min_size=e, max_size=e)), float)
        fit = judge_effects(x)
        assert_allclose(fit.entrant_, x.mean(axis=1), atol=1e-8)
        assert_allclose(fit.judge_, x.mean(axis=0) - x.mean(), atol=1e-8)

    @settings(max_examples=60, deadline=None)
    @given(_designs())
    def test_marks_that_are_exactly_additive_are_recovered(self, x):
        rng = np.random.default_rng(0)
        quality = rng.integers(0, 20, x.shape[0]).astype(float)
        effect = rng.integers(-3, 4, x.shape[1]).astype(float)
        exact = np.where(np.isnan(x), NAN, quality[:, None] + effect[None, :])
        fit = judge_effects(exact)
        assert_allclose(fit.judge_, effect - effect.mean(), atol=1e-8)
        assert_allclose(fit.entrant_, quality + effect.mean(), atol=1e-8)
