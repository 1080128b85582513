"""Summing trims and where the factor goes: diving's "(sum of the middle 3) × 难度系数".

Figures are the worked examples of docs/scheme.md (Panels → Aggregates and the
factor), computed by hand.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.scoring import Observation, ObservationError, SchemeError, evaluate, parse_scheme
from bipin.scoring.panels import _aggregate_rows, _stable_positions, aggregate_marks, drops
from bipin.scoring.tests.helpers import people, totals

SEVEN = [8, 7.5, 8, 8.5, 7, 9, 6]  # sorted: 6, 7, 7.5, 8, 8, 8.5, 9


def scheme(points=200, rule="scaled(max=200)", **panel):
    panel.setdefault("criteria", [{"id": "dive", "max": 10, "step": 0.5}])
    return parse_scheme(
        {
            "contest": "跳水",
            "panels": {"p": {"factor_max": 4, **panel}},
            "dimensions": [
                {
                    "name": "比赛",
                    "indicators": [
                        {"name": "跳水", "points": points, "source": "panel", "panel": "p",
                         "rule": rule}
                    ],
                }
            ],
        }
    )


def dive(entrant, marks, dd=3.2, criterion="dive"):
    return [
        Observation(entrant, "panel", criterion, m, judge=f"J{i}", factor=dd, ref=f"{entrant}:{i}")
        for i, m in enumerate(marks)
    ]


def leaf(evaluation, entrant="甲"):
    group = evaluation.groups[0]
    result = next(r for r in group.results if r.entrant.id == entrant)
    return result.explanation.to_dict()["children"][0]["children"][0]


class TestMiddleAndTrimmedSum:
    def test_the_middle_three_of_seven_judges_are_added_and_multiplied_by_the_dd(self):
        s = scheme(aggregate="middle", middle=3, factor="after")
        e = evaluate(s, people("甲"), dive("甲", SEVEN))
        # 7.5 + 8 + 8 = 23.5, × 3.2 = 75.2
        assert totals(e) == {"甲": 75.2}
        counted = [m["mark"] for m in leaf(e)["inputs"] if m["counted"]]
        assert sorted(counted) == [7.5, 8, 8]

    def test_trimmed_sum_drops_two_at_each_end_as_middle_three_does(self):
        s = scheme(aggregate="trimmed_sum", trim=2, factor="after")
        assert totals(evaluate(s, people("甲"), dive("甲", SEVEN))) == {"甲": 75.2}

    def test_five_judges_keep_the_middle_three_by_dropping_one_at_each_end(self):
        s = scheme(aggregate="middle", middle=3)
        # 6, 7, 8, 9, 10 → 7 + 8 + 9 = 24 per mark × 2.0 = 48
        assert totals(evaluate(s, people("甲"), dive("甲", [10, 8, 6, 9, 7], dd=2.0))) == {"甲": 48}

    def test_a_cell_the_middle_rule_cannot_split_evenly_is_refused_at_its_row(self):
        s = scheme(aggregate="middle", middle=3)
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲"), dive("甲", SEVEN[:6]))
        assert err.value.ref == "甲:0" and err.value.field == "judge"
        assert "有6个评分" in err.value.message_zh and "middle 3" in err.value.message_en

    def test_too_few_marks_for_a_trimmed_sum_are_refused_not_summed_on_another_scale(self):
        s = scheme(aggregate="trimmed_sum", trim=2)
        with pytest.raises(ObservationError, match="needs at least 5"):
            evaluate(s, people("甲"), dive("甲", [8, 8, 8, 8]))

    def test_a_round_below_min_judges_is_missing_rather_than_refused(self):
        s = scheme(aggregate="trimmed_sum", trim=2, min_judges=5, missing="zero")
        e = evaluate(s, people("甲", "乙"), dive("甲", [8, 8, 8, 8]) + dive("乙", SEVEN))
        assert totals(e)["甲"] == 0 and any("少于最低5人" in w for w in e.warnings)

    def test_middle_needs_its_count_and_only_it_takes_one(self):
        with pytest.raises(SchemeError, match="middle: k"):
            scheme(aggregate="middle")
        with pytest.raises(SchemeError, match="middle is for aggregate: middle only"):
            scheme(aggregate="trimmed_sum", middle=3)

    def test_a_summed_panels_scale_counts_the_marks_it_keeps(self):
        # Default scaled: full 10 × factor_max 4 × 3 counted judges = 120.
        s = scheme(points=10, rule=None, aggregate="middle", middle=3)
        s_total = totals(evaluate(s, people("甲"), dive("甲", SEVEN, dd=4.0)))
        assert s_total == {"甲": 7.83}  # 23.5 × 4 = 94 of 120 → 7.833…


class TestFactorOrder:
    def test_factor_after_rounds_the_mean_before_the_dd_and_per_mark_does_not(self):
        # Mean of the middle three: 23.5 / 3 = 7.8333…
        after = scheme(aggregate="trimmed", trim=2, factor="after",
                       rounding={"decimals": 2, "stage": "entrant"})
        per_mark = scheme(aggregate="trimmed", trim=2, rounding={"decimals": 2, "stage": "entrant"})
        # after: 7.83 × 3.2 = 25.056 → published 25.06; per mark: 75.2 / 3 = 25.0667 → 25.07
        assert totals(evaluate(after, people("甲"), dive("甲", SEVEN))) == {"甲": 25.06}
        assert totals(evaluate(per_mark, people("甲"), dive("甲", SEVEN))) == {"甲": 25.07}

    def test_rounding_after_the_factor_gives_the_per_mark_figure(self):
        s = scheme(aggregate="trimmed", trim=2, factor="after",
                   rounding={"decimals": 2, "stage": "criterion"})
        e = evaluate(s, people("甲"), dive("甲", SEVEN))
        assert totals(e) == {"甲": 25.07}
        assert leaf(e)["rounding"] == [
            {"stage": "criterion", "round": None, "criterion": "dive", "before": pytest.approx(
                25.066666666), "after": 25.07}
        ]

    def test_judges_who_disagree_on_a_dives_dd_are_refused_under_factor_after(self):
        s = scheme(aggregate="middle", middle=3, factor="after")
        rows = dive("甲", SEVEN)
        rows[6] = Observation("甲", "panel", "dive", 6, judge="J6", factor=3.0, ref="甲:6")
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲"), rows)
        assert err.value.ref == "甲:6" and err.value.field == "factor"
        assert "一致" in err.value.message_zh

    def test_factor_after_and_sheet_totals_cannot_be_combined(self):
        with pytest.raises(SchemeError, match="only on: criterion has"):
            scheme(aggregate="sum", factor="after", on="sheet")


marks_rows = st.lists(
    st.lists(st.integers(0, 20).map(lambda k: k / 2), min_size=1, max_size=9), min_size=1,
    max_size=6,
)


class TestAggregateProperties:
    @settings(max_examples=80, deadline=None)
    @given(marks_rows, st.integers(0, 3))
    def test_trimmed_sum_is_the_sum_of_the_sorted_marks_without_the_ends(self, rows, trim):
        width = max(len(r) for r in rows)
        grid = np.array([r + [np.nan] * (width - len(r)) for r in rows])
        values, used = aggregate_marks(grid, "trimmed_sum", trim)
        for row, v, u in zip(rows, values, used, strict=True):
            if len(row) < 2 * trim + 1:
                assert np.isnan(v) and not u.any()
            else:
                assert v == pytest.approx(sum(sorted(row)[trim : len(row) - trim]))
                assert u.sum() == len(row) - 2 * trim

    @settings(max_examples=80, deadline=None)
    @given(marks_rows, st.integers(1, 5))
    def test_middle_k_is_the_sum_of_the_k_marks_in_the_middle(self, rows, k):
        width = max(len(r) for r in rows)
        grid = np.array([r + [np.nan] * (width - len(r)) for r in rows])
        values, used = aggregate_marks(grid, "middle", middle=k)
        for row, v, u in zip(rows, values, used, strict=True):
            n = len(row)
            if n < k or (n - k) % 2:
                assert np.isnan(v)
            else:
                drop = (n - k) // 2
                assert v == pytest.approx(sum(sorted(row)[drop : n - drop])) and u.sum() == k

    @settings(max_examples=40, deadline=None)
    @given(
        st.lists(st.integers(0, 20).map(lambda k: k / 2), min_size=7, max_size=7),
        st.sampled_from([1.2, 2.0, 2.7, 3.2, 3.6]),
    )
    def test_without_rounding_the_factor_gives_the_same_total_before_or_after(self, marks, dd):
        after = scheme(aggregate="middle", middle=3, factor="after")
        per_mark = scheme(aggregate="middle", middle=3)
        a = leaf(evaluate(after, people("甲"), dive("甲", marks, dd)))["value"]
        b = leaf(evaluate(per_mark, people("甲"), dive("甲", marks, dd)))["value"]
        assert a == pytest.approx(b)


def stable_sort_ends(marks, k):
    """The marks a stable sort puts in the k lowest and k highest places (the definition)."""
    valid = ~np.isnan(marks)
    n = valid.sum(axis=1)
    order = np.argsort(np.where(valid, marks, np.inf), axis=1, kind="stable")
    position = np.empty_like(order)
    np.put_along_axis(position, order, np.arange(marks.shape[1])[None, :], axis=1)
    return valid & ((position < k[:, None]) | (position >= (n - k)[:, None]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.one_of(st.sampled_from([6.0, 7.0, 7.5, 8.0]), st.none()),
                         min_size=1, max_size=9), min_size=1, max_size=20),
       st.sampled_from([("trimmed", 1, 0), ("trimmed", 2, 0), ("trimmed", 3, 0),
                        ("trimmed_sum", 1, 0), ("middle", 1, 3), ("trimmed", 5, 0)]))
def test_the_dropped_marks_are_those_a_stable_sort_puts_at_the_ends(rows, rule):
    # Ties are many (four mark values): the first lowest and the last highest judge go.
    width = max(len(r) for r in rows)
    marks = np.array([[np.nan if v is None else v for v in r] + [np.nan] * (width - len(r))
                      for r in rows])
    method, trim, middle = rule
    _, used = aggregate_marks(marks, method, trim, 3, middle)
    n = (~np.isnan(marks)).sum(axis=1)
    k, ok = drops(method, n, trim, 3, middle)
    expected = ~np.isnan(marks) & ok[:, None] & ~stable_sort_ends(marks, k)
    np.testing.assert_array_equal(used, expected)


RULES = st.sampled_from(
    [
        ("mean", 0, 0),
        ("sum", 0, 0),
        ("trimmed", 1, 0),
        ("trimmed", 2, 0),
        ("trimmed", 3, 0),
        ("trimmed_sum", 1, 0),
        ("trimmed_sum", 2, 0),
        ("trimmed_sum", 3, 0),
        ("middle", 0, 1),
        ("middle", 0, 3),
    ]
)


def mark_rows(blank):
    """Rows of one width: few mark values (ties), signed, -0.0 too; ``blank`` allows NaN."""
    value = st.sampled_from([-1.0, -0.0, 0.0, 6.0, 7.5, 8.0, 0.1, 0.2, 0.30000000000000004])
    cell = st.one_of(value, st.just(np.nan)) if blank else value
    return st.integers(1, 12).flatmap(
        lambda width: st.lists(
            st.lists(cell, min_size=width, max_size=width), min_size=1, max_size=25
        )
    )


@settings(max_examples=300, deadline=None)
@given(st.one_of(mark_rows(blank=False), mark_rows(blank=True)), RULES, st.integers(2, 6))
def test_rows_with_every_mark_aggregate_as_the_general_path_does(rows, rule, min_judges):
    # The path for complete rows must agree bit for bit, dropped marks (ties) included.
    marks = np.array(rows)
    method, trim, middle = rule
    values, used = aggregate_marks(marks, method, trim, min_judges, middle)
    general = _aggregate_rows(marks, ~np.isnan(marks), method, trim, min_judges, middle)
    np.testing.assert_array_equal(values, general[0])
    np.testing.assert_array_equal(used, general[1])


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 40).flatmap(
        lambda width: st.lists(
            st.lists(
                st.sampled_from([1.0, 2.0, 2.5, np.inf, -np.inf]), min_size=width, max_size=width
            ),
            min_size=1,
            max_size=8,
        )
    )
)
def test_the_places_found_by_comparing_pairs_are_a_stable_sorts(rows):
    # Both ways are checked: comparing pairs up to 32 judges, a sort beyond.
    marks = np.array(rows)
    order = np.argsort(marks, axis=1, kind="stable")
    expected = np.empty_like(order)
    np.put_along_axis(expected, order, np.arange(marks.shape[1])[None, :], axis=1)
    np.testing.assert_array_equal(_stable_positions(marks), expected)
