"""Judge agreement statistics against published and hand-computed cases."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from bipin.scoring.agreement import (
    complete_rows,
    icc,
    judge_components,
    judge_severity,
    kendall_w,
    outlier_marks,
    trimmed_centre,
)

NAN = np.nan
# Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges.
SHROUT_FLEISS = np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8],
                          [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]], float)


class TestJudgeSeverity:
    def test_a_judge_is_measured_against_the_other_judges_on_the_same_entrants(self):
        # Judge 0 vs the mean of the others: 8 − 6.5, 9 − 7.5, 5 − 3 → 1.5, 1.5, 2.
        s = judge_severity([[8.0, 6, 7], [9, 7, 8], [5, 3, NAN]])
        assert_allclose(s.severity, [5 / 3, -5 / 3, 0.0])
        assert s.n.tolist() == [3, 3, 2]
        # sd(1.5, 1.5, 2) = √(1/12); / √3.
        assert_allclose(s.se[0], math.sqrt(1 / 12) / math.sqrt(3))

    def test_a_judge_alone_on_every_entrant_has_no_severity(self):
        s = judge_severity([[8.0, NAN], [NAN, 6]])
        assert np.isnan(s.severity).all()
        assert s.n.tolist() == [0, 0]

    def test_one_entrant_in_common_gives_a_severity_without_a_standard_error(self):
        s = judge_severity([[8.0, 6]])
        assert_allclose(s.severity, [2.0, -2.0])
        assert np.isnan(s.se).all()

    def test_a_table_that_is_not_two_dimensional_is_refused_by_its_shape(self):
        with pytest.raises(ValueError, match=r"\(3,\)"):
            judge_severity([1.0, 2, 3])


class TestJudgeComponents:
    def test_judges_who_saw_different_entrants_fall_apart(self):
        scores = [[1.0, 2, NAN, NAN], [NAN, NAN, 3, 4], [NAN, NAN, NAN, 5]]
        assert judge_components(scores) == [(0, 1), (2, 3)]

    def test_a_shared_entrant_links_the_groups(self):
        scores = [[1.0, 2, NAN], [NAN, 3, 4]]
        assert judge_components(scores) == [(0, 1, 2)]

    def test_a_judge_who_marked_nothing_is_in_no_component(self):
        assert judge_components([[1.0, 2, NAN]]) == [(0, 1)]


def _mean_squares(x: np.ndarray) -> tuple[float, float, float, float]:
    """BMS, JMS, EMS, WMS from least-squares fits (not the textbook sums of squares)."""
    n, k = x.shape
    y = x.ravel()
    rows = np.repeat(np.eye(n), k, axis=0)
    cols = np.tile(np.eye(k), (n, 1))

    def rss(design):
        return float(((y - design @ np.linalg.lstsq(design, y, rcond=None)[0]) ** 2).sum())

    ones = np.ones((n * k, 1))
    total, by_row = rss(ones), rss(rows)
    by_col, both = rss(cols), rss(np.hstack([rows, cols]))
    return ((total - by_row) / (n - 1), (total - by_col) / (k - 1),
            both / ((n - 1) * (k - 1)), by_row / (n * (k - 1)))


class TestICC:
    def test_the_shrout_fleiss_example_gives_their_six_values(self):
        t = icc(SHROUT_FLEISS)
        values = {f.form: round(f.value, 2) for f in t.forms}
        assert values == {"ICC(1,1)": 0.17, "ICC(2,1)": 0.29, "ICC(3,1)": 0.71,
                          "ICC(1,k)": 0.44, "ICC(2,k)": 0.62, "ICC(3,k)": 0.91}
        assert (t.n, t.k, t.left_out) == (6, 4, 0)

    def test_the_values_follow_from_mean_squares_fitted_another_way(self):
        bms, jms, ems, wms = _mean_squares(SHROUT_FLEISS)
        n, k = SHROUT_FLEISS.shape
        t = icc(SHROUT_FLEISS)
        assert_allclose(t["ICC(1,1)"].value, (bms - wms) / (bms + (k - 1) * wms))
        assert_allclose(t["ICC(2,1)"].value, (bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n))
        assert_allclose(t["ICC(3,k)"].value, (bms - ems) / bms)

    def test_the_confidence_intervals_match_the_published_psych_output(self):
        # R psych::ICC(sf) on the same table (its help page prints these limits).
        t = icc(SHROUT_FLEISS)
        published = {"ICC(1,1)": (-0.133, 0.723), "ICC(2,1)": (0.019, 0.761),
                     "ICC(3,1)": (0.342, 0.946), "ICC(1,k)": (-0.884, 0.912),
                     "ICC(2,k)": (0.071, 0.927), "ICC(3,k)": (0.676, 0.986)}
        for form, (low, high) in published.items():
            assert_allclose([t[form].low, t[form].high], [low, high], atol=6e-4, err_msg=form)

    def test_average_limits_are_the_spearman_brown_step_up_of_single_limits(self):
        # A second route to ICC(1,k) and ICC(3,k)'s limits: k r / (1 + (k − 1) r).
        t = icc(SHROUT_FLEISS)
        k = 4
        for single, average in (("ICC(1,1)", "ICC(1,k)"), ("ICC(3,1)", "ICC(3,k)")):
            for bound in ("low", "high"):
                r = getattr(t[single], bound)
                assert_allclose(getattr(t[average], bound), k * r / (1 + (k - 1) * r))

    def test_icc3_limits_by_hand_from_the_f_distribution(self):
        # F0 = BMS/EMS = 11.027; F(.975; 5, 15) = 3.5764, F(.975; 15, 5) = 6.4277.
        bms, _, ems, _ = _mean_squares(SHROUT_FLEISS)
        f0 = bms / ems
        assert_allclose(f0, 11.0272, atol=1e-4)
        low_f, high_f = f0 / 3.5764, f0 * 6.4277
        t = icc(SHROUT_FLEISS)
        assert_allclose(t["ICC(3,1)"].low, (low_f - 1) / (low_f + 3), atol=1e-4)
        assert_allclose(t["ICC(3,1)"].high, (high_f - 1) / (high_f + 3), atol=1e-4)

    def test_judges_apart_by_a_constant_agree_fully_in_consistency_with_interval_one(self):
        # Each judge a fixed amount above or below the others (the demo's severe
        # judge): no error at all, so F = BMS/EMS is infinite and both forms are 1.
        t = icc([[8.0, 9.0, 6.5], [7.0, 8.0, 5.5], [9.0, 10.0, 7.5]])
        for form in ("ICC(3,1)", "ICC(3,k)"):
            assert (t[form].value, t[form].low, t[form].high) == (1.0, 1.0, 1.0), form

    def test_entrants_not_marked_by_every_judge_are_left_out_and_counted(self):
        with_gap = np.vstack([SHROUT_FLEISS, [[5, NAN, 4, 6]]])
        t = icc(with_gap)
        assert t.left_out == 1 and t.n == 6
        assert round(t["ICC(3,1)"].value, 2) == 0.71

    def test_fewer_than_two_complete_entrants_give_no_value(self):
        t = icc([[1.0, 2], [3, NAN]])
        assert np.isnan(t["ICC(2,1)"].value) and t.n == 1

    def test_a_bad_alpha_is_refused_by_its_value(self):
        with pytest.raises(ValueError, match="1.5"):
            icc(SHROUT_FLEISS, alpha=1.5)


def _chi2_sf_3(x: float) -> float:
    """Survival function of χ² with 3 degrees of freedom, in closed form."""
    return math.erfc(math.sqrt(x / 2)) + math.sqrt(2 * x / math.pi) * math.exp(-x / 2)


class TestKendallW:
    def test_a_hand_computed_case_with_ties(self):
        # Ranks (highest first): A 1, 2.5, 2.5, 4 (T = 6); B 1.5, 1.5, 3, 4 (T = 6);
        # C 2, 1, 3, 4. R = 4.5, 5, 8.5, 12; mean 7.5; S = 9 + 6.25 + 1 + 20.25 = 36.5.
        # W = 12·36.5 / (3²(4³ − 4) − 3·12) = 438 / 504.
        w = kendall_w([[10, 9, 7], [8, 9, 8], [8, 7, 6], [5, 6, 5]])
        assert_allclose(w.w, 438 / 504)
        assert_allclose(w.chi2, 3 * 3 * 438 / 504)
        assert w.df == 3
        assert_allclose(w.p, _chi2_sf_3(3 * 3 * 438 / 504))

    def test_identical_rankings_give_one(self):
        w = kendall_w([[3.0, 30], [2, 20], [1, 10]])
        assert_allclose(w.w, 1.0)

    def test_opposite_rankings_of_two_judges_give_zero(self):
        w = kendall_w([[3.0, 1], [2, 2], [1, 3]])
        assert_allclose(w.w, 0.0, atol=1e-12)

    def test_incomplete_entrants_are_left_out(self):
        w = kendall_w([[3.0, 30], [2, 20], [1, NAN]])
        assert (w.n, w.left_out) == (2, 1)


class TestOutlierMarks:
    def test_a_mark_more_than_two_steps_from_the_trimmed_mean_is_marked(self):
        # Trimmed mean of 8, 8.5, 7.5, 4, 8 drops 8.5 and 4 → 7.833; 4 is 3.83 away (> 1).
        out = outlier_marks([[[8.0, 8.5, 7.5, 4.0, 8.0]]], [0.5])
        assert out.tolist() == [[[False, False, False, True, False]]]

    def test_exactly_k_steps_away_is_not_an_outlier(self):
        # The trimmed mean drops 8 and 6 → 7; both are exactly 2 steps of 0.5 away.
        out = outlier_marks([[[7.0, 7, 7, 8, 6]]], [0.5])
        assert not out.any()

    def test_the_number_of_steps_is_configurable(self):
        marks = [[[8.0, 8, 8, 9.5, 8]]]
        assert outlier_marks(marks, [0.5]).sum() == 1
        assert outlier_marks(marks, [0.5], k=3).sum() == 0

    def test_a_lone_mark_and_missing_marks_are_never_outliers(self):
        out = outlier_marks([[[9.0, NAN, NAN]], [[NAN, NAN, NAN]]], [0.5])
        assert not out.any()

    def test_a_step_of_zero_is_refused(self):
        with pytest.raises(ValueError, match=r"\[0.0\]"):
            outlier_marks([[[1.0, 2]]], [0.0])


def test_complete_rows_marks_entrants_every_judge_marked():
    assert complete_rows([[1.0, 2], [3, NAN]]).tolist() == [True, False]


def _complete_tables():
    @st.composite
    def build(draw):
        n, k = draw(st.integers(3, 8)), draw(st.integers(2, 5))
        rows = draw(st.lists(st.lists(st.integers(0, 20), min_size=k, max_size=k), min_size=n, max_size=n))
        return np.array(rows, float)
    return build()


class TestProperties:
    @settings(max_examples=80, deadline=None)
    @given(_complete_tables())
    def test_in_a_complete_design_severities_sum_to_zero(self, x):
        assert_allclose(judge_severity(x).severity.sum(), 0.0, atol=1e-9)

    @settings(max_examples=80, deadline=None)
    @given(_complete_tables(), st.integers(0, 4), st.integers(-5, 5))
    def test_a_constant_added_to_one_judge_raises_their_severity_by_it(self, x, which, c):
        which = which % x.shape[1]
        k = x.shape[1]
        shifted = x.copy()
        shifted[:, which] += c
        change = judge_severity(shifted).severity - judge_severity(x).severity
        expected = np.full(k, -c / (k - 1))
        expected[which] = c
        assert_allclose(change, expected, atol=1e-9)

    @settings(max_examples=80, deadline=None)
    @given(_complete_tables(), st.integers(1, 5), st.integers(-10, 10))
    def test_icc_and_w_do_not_depend_on_the_marking_scale(self, x, scale, shift):
        before, after = icc(x), icc(x * scale + shift)
        assume(all(np.isfinite(f.value) for f in before.forms))  # no division by a zero mean square
        for f in before.forms:
            assert_allclose(after[f.form].value, f.value, atol=1e-9, equal_nan=True)
        assert_allclose(kendall_w(x * scale + shift).w, kendall_w(x).w, atol=1e-12, equal_nan=True)

    @settings(max_examples=80, deadline=None)
    @given(_complete_tables())
    def test_w_lies_between_zero_and_one(self, x):
        w = kendall_w(x).w
        assert np.isnan(w) or -1e-12 <= w <= 1 + 1e-12


class TestRefusals:
    def test_an_infinite_score_is_refused(self):
        with pytest.raises(ValueError, match="infinite"):
            icc([[1.0, np.inf], [2, 3]])

    def test_an_unknown_form_is_a_key_error(self):
        with pytest.raises(KeyError):
            icc(SHROUT_FLEISS)["ICC(4,1)"]

    def test_one_complete_entrant_gives_no_w(self):
        assert np.isnan(kendall_w([[1.0, 2]]).w)

    def test_marks_must_be_three_dimensional_and_k_positive(self):
        with pytest.raises(ValueError, match=r"\(2,\)"):
            outlier_marks([1.0, 2], [0.5])
        with pytest.raises(ValueError, match="-1"):
            outlier_marks([[[1.0, 2]]], [0.5], k=-1)
        with pytest.raises(ValueError, match=r"\(2,\)"):
            trimmed_centre([1.0, 2])
