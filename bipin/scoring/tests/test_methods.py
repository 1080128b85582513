"""Composite methods: golden values for every named variant, checked by hand."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from bipin.scoring import (
    SAATY_RI,
    ahp_weights,
    critic_weights,
    cv_weights,
    distance_to_target,
    entropy_weights,
    fixed_weights,
    min_max,
    normalise,
    rank_scale,
    weighted_arithmetic,
    weighted_geometric,
    z_score,
)

X = np.array([[1.0, 10], [2, 10], [3, 40]])


class TestFixedWeights:
    def test_it_scales_to_one(self):
        assert_allclose(fixed_weights([3, 1]), [0.75, 0.25])

    def test_it_rejects_negative_weights(self):
        with pytest.raises(ValueError, match="weights"):
            fixed_weights([1, -1])


class TestAhpWeights:
    def test_golden_three_by_three(self):
        # Saaty's classic matrix; λmax = 3.0385, CI = 0.01925, RI(3) = 0.58, CR = 0.0332
        w, cr = ahp_weights([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
        assert_allclose(w, [0.6370, 0.2583, 0.1047], atol=1e-4)
        assert_allclose(cr, 0.0332, atol=1e-4)
        assert SAATY_RI[2] == 0.58 and SAATY_RI[3] == 0.90

    def test_a_consistent_matrix_has_zero_ratio(self):
        w, cr = ahp_weights([[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]])
        assert_allclose(w, [4 / 7, 2 / 7, 1 / 7])
        assert cr == pytest.approx(0, abs=1e-9)

    def test_it_rejects_a_non_reciprocal_matrix(self):
        with pytest.raises(ValueError, match="reciprocal"):
            ahp_weights([[1, 2], [2, 1]])
        with pytest.raises(ValueError, match="square"):
            ahp_weights([[1, 2, 3]])


class TestEntropyWeights:
    def test_golden_min_max_first_and_zero_log_zero(self):
        # col 1 -> p = (0, 1/3, 2/3), e = 0.5794; col 2 -> p = (0, 0, 1), e = 0
        e1 = -(1 / 3 * math.log(1 / 3) + 2 / 3 * math.log(2 / 3)) / math.log(3)
        d = np.array([1 - e1, 1.0])
        assert_allclose(entropy_weights(X), d / d.sum())
        assert_allclose(entropy_weights(X), [0.2961, 0.7039], atol=1e-4)

    def test_constant_data_gives_equal_weights(self):
        assert_allclose(entropy_weights(np.ones((3, 2))), [0.5, 0.5])
        assert_allclose(entropy_weights(np.ones((1, 4))), [0.25] * 4)

    def test_a_cost_column_is_reversed_first(self):
        assert_allclose(
            entropy_weights(X, [True, False]), entropy_weights(np.c_[-X[:, 0], X[:, 1]])
        )


class TestCriticWeights:
    def test_golden_against_the_formula(self):
        x = np.array([[1.0, 2, 9], [2, 1, 7], [3, 5, 1], [4, 3, 3]])
        z = (x - x.min(0)) / (x.max(0) - x.min(0))
        c = z.std(0, ddof=1) * (1 - np.corrcoef(z, rowvar=False)).sum(0)
        assert_allclose(critic_weights(x), c / c.sum())
        assert_allclose(critic_weights(x), [0.2711, 0.2697, 0.4592], atol=1e-4)

    def test_a_constant_column_gets_no_weight(self):
        w = critic_weights(np.array([[1.0, 5], [2, 5], [3, 5]]))
        assert_allclose(w, [1.0, 0.0])
        assert_allclose(critic_weights(np.array([[1.0, 2]])), [0.5, 0.5])


class TestCvWeights:
    def test_golden_sample_standard_deviation(self):
        # col 1: sd 1 / mean 2; col 2: sd sqrt(300) / mean 20
        v = np.array([1 / 2, math.sqrt(300) / 20])
        assert_allclose(cv_weights(X), v / v.sum())
        assert_allclose(cv_weights(np.array([[3.0, 4]])), [0.5, 0.5])


class TestNormalise:
    def test_min_max_and_reversal(self):
        assert_allclose(min_max(np.array([[2.0], [4], [3]])).ravel(), [0, 1, 0.5])
        assert_allclose(min_max(np.array([[2.0], [4]]), [True]).ravel(), [1, 0])
        assert_allclose(min_max(np.array([[5.0], [5]])).ravel(), [1, 1])

    def test_z_score_population_sigma(self):
        assert_allclose(
            z_score(np.array([[1.0], [2], [3]])).ravel(), [-1.224745, 0, 1.224745], rtol=1e-6
        )
        assert_allclose(z_score(np.array([[5.0], [5]])).ravel(), [0, 0])

    def test_rank_scale_with_ties(self):
        assert_allclose(rank_scale(np.array([[3.0], [9], [3], [1]])).ravel(), [2 / 3, 1, 2 / 3, 0])
        assert_allclose(rank_scale(np.array([[3.0]])).ravel(), [1])

    def test_distance_to_target(self):
        assert_allclose(
            distance_to_target(np.array([[50.0], [75], [250]]), [100]).ravel(), [0.5, 0.75, 0]
        )
        with pytest.raises(ValueError, match="non-zero"):
            distance_to_target(np.ones((1, 1)), [0])

    def test_dispatch(self):
        assert_allclose(
            normalise(np.array([[1.0], [3]]), "target", targets=[2]).ravel(), [0.5, 0.5]
        )
        assert_allclose(normalise(np.array([[1.0], [3]]), "z-score").ravel(), [-1, 1])
        assert_allclose(normalise(np.array([[1.0], [3]]), "min-max").ravel(), [0, 1])
        with pytest.raises(ValueError, match="needs targets"):
            normalise(np.ones((1, 1)), "target")
        with pytest.raises(ValueError, match="unknown"):
            normalise(np.ones((1, 1)), "log")


class TestWeightedArithmetic:
    def test_hand_computed(self):
        assert_allclose(weighted_arithmetic(np.array([[0.5, 1.0]]), np.array([0.2, 0.8])), [0.9])

    def test_it_checks_the_weight_count(self):
        with pytest.raises(ValueError, match="weights"):
            weighted_arithmetic(np.ones((1, 2)), np.ones(3))


class TestWeightedGeometric:
    def test_hand_computed(self):
        # 0.25^0.5 * 1^0.5 = 0.5; 0.5^0.25 * 0.8^0.75
        got = weighted_geometric(
            np.array([[0.25, 1.0], [0.5, 0.8]]), np.array([[0.5, 0.5], [0.25, 0.75]])
        )
        assert_allclose(got, [0.5, 0.5**0.25 * 0.8**0.75])

    def test_it_rejects_negative_values(self):
        with pytest.raises(ValueError, match=">= 0"):
            weighted_geometric(np.array([[-1.0]]), np.array([1.0]))
