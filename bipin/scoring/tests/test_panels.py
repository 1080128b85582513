"""Panel aggregation: hand-computed means, medians, trims, rounds and rounding."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from bipin.scoring import (
    Observation,
    ObservationError,
    ObservationTable,
    aggregate_marks,
    parse_scheme,
    score_panel,
)
from bipin.scoring.panel_input import dense_marks

NAN = np.nan


def panel_scheme(**panel):
    criteria = panel.pop("criteria", [{"id": "x", "max": 10}])
    return parse_scheme(
        {
            "contest": "c",
            "panels": {"p": {"criteria": criteria, **panel}},
            "dimensions": [
                {
                    "name": "d",
                    "indicators": [{"name": "演讲", "points": 10, "source": "panel", "panel": "p"}],
                }
            ],
        }
    )


def marks(values, criterion="x", **kw):
    return [
        Observation("a", "panel", criterion, v, judge=f"J{i}", **kw) for i, v in enumerate(values)
    ]


class TestAggregateMarks:
    def test_mean_median_sum_skip_missing_marks(self):
        m = np.array([[1.0, 2, 6, NAN], [4.0, NAN, NAN, NAN]])
        assert_allclose(aggregate_marks(m, "mean")[0], [3, 4])
        assert_allclose(aggregate_marks(m, "median")[0], [2, 4])
        assert_allclose(aggregate_marks(m, "sum")[0], [9, 4])
        assert_allclose(aggregate_marks(np.array([[1.0, 2, 6, 7]]), "median")[0], [4])

    def test_trimmed_drops_k_each_end_only_with_enough_judges(self):
        m = np.array([[9.0, 1, 5, 6, 7, 8, 2], [9.0, 1, 5, 6, NAN, NAN, NAN]])
        values, used = aggregate_marks(m, "trimmed", trim=2, trim_min_judges=5)
        # row 0: drop 1, 2 and 8, 9 -> mean(5, 6, 7) = 6; row 1: 4 judges < 5 -> plain mean 5.25
        assert_allclose(values, [6.0, 5.25])
        assert used[0].tolist() == [False, False, True, True, True, False, False]
        assert used[1].tolist() == [True, True, True, True, False, False, False]

    def test_a_row_without_marks_is_missing(self):
        values, used = aggregate_marks(np.array([[NAN, NAN]]), "trimmed")
        assert np.isnan(values[0]) and not used.any()

    def test_it_rejects_an_unknown_method(self):
        with pytest.raises(ValueError, match="unknown aggregation"):
            aggregate_marks(np.ones((1, 2)), "mode")


class TestScorePanel:
    def test_trimmed_panel_with_a_recusal(self):
        s = panel_scheme(aggregate="trimmed", trim=1, trim_min_judges=5)
        r = score_panel(s, "演讲", marks([9, 8, 7, 6, 5, 4]))  # 6 judges (one recused)
        assert r.total == 6.5 and r.judges_counted == 6
        assert sorted(o.value for o in r.dropped) == [4, 9]
        assert sum(not m["counted"] for m in r.explanation) == 2

    def test_criterion_weights_and_factors(self):
        s = panel_scheme(
            criteria=[{"id": "难度", "max": 10, "weight": 2}, {"id": "完成", "max": 10}]
        )
        obs = marks([6, 8], "难度") + marks([5, 7], "完成", factor=1.0)
        r = score_panel(s, "演讲", obs)
        assert r.criteria == {"难度": 7.0, "完成": 6.0} and r.total == 20.0

    def test_a_factor_multiplies_the_mark(self):
        s = panel_scheme(criteria=[{"id": "x", "max": 10}], factor_max=1.5)
        r = score_panel(s, "演讲", marks([4, 6], factor=1.5))
        assert r.total == 7.5

    def test_per_judge_rounding_on_sheets(self):
        s = panel_scheme(
            on="sheet",
            aggregate="mean",
            rounding={"decimals": 0, "stage": "judge"},
            criteria=[{"id": "a", "max": 10}, {"id": "b", "max": 10}],
        )
        obs = marks([4.25, 4.5], "a") + marks([4.25, 4.5], "b")  # sheets 8.5 -> 9 and 9 -> 9
        assert score_panel(s, "演讲", obs).total == 9.0

    def test_per_entrant_rounding_is_half_up(self):
        s = panel_scheme(aggregate="mean", rounding={"decimals": 2, "stage": "entrant"})
        # mean of 2.67, 2.68 = 2.675, which binary floats would round down
        assert score_panel(s, "演讲", marks([2.67, 2.68])).total == 2.68

    def test_rounds_sum_weight_or_carry_the_last(self):
        two = marks([6, 8], round="1") + marks([9, 7], round="2")
        assert score_panel(panel_scheme(rounds="sum"), "演讲", two).total == 15.0
        weighted = panel_scheme(rounds={"mode": "weighted", "weights": {"1": 0.4, "2": 0.6}})
        assert score_panel(weighted, "演讲", two).total == pytest.approx(7.6)
        # Rounds are ordered by name; "last" carries the latest round an entrant has.
        assert score_panel(panel_scheme(rounds="last"), "演讲", two).total == 8.0
        assert score_panel(panel_scheme(rounds="last"), "演讲", two[:2]).total == 7.0

    def test_too_few_judges_is_missing(self):
        r = score_panel(panel_scheme(min_judges=3), "演讲", marks([5, 6]))
        assert r.total is None and r.criteria == {"x": 5.5}

    def test_duplicate_and_out_of_range_marks_are_refused(self):
        s = panel_scheme()
        with pytest.raises(ObservationError, match="duplicate"):
            score_panel(s, "演讲", marks([5]) + marks([6]))
        with pytest.raises(ObservationError, match="outside"):
            score_panel(s, "演讲", marks([11]))

    def test_it_takes_one_entrant_only(self):
        obs = marks([5]) + [Observation("b", "panel", "x", 5, judge="J0")]
        with pytest.raises(ValueError, match="one entrant"):
            score_panel(panel_scheme(), "演讲", obs)

    def test_scheme_panel_accessor(self):
        s = panel_scheme(criteria=[{"id": "x", "max": 10, "step": 0.5, "descriptor": "清楚"}])
        c = s.panel("演讲").criteria[0]
        assert (c.id, c.max, c.step, c.descriptor) == ("x", 10, 0.5, "清楚")
        assert s.panel("p").full == 10 and s.panel("p").criterion("x") is c
        with pytest.raises(KeyError):
            s.panel("nope")


class TestDenseMarks:
    """The dense array does not depend on how the panel's rows are listed."""

    def table(self, *extra):
        obs = [
            Observation(e, "panel", "x", v, judge=f"J{i}", ref=f"{e}:{i}")
            for e in "ab"
            for i, v in enumerate([5, 6.5, 8])
        ]
        return ObservationTable.from_observations(obs + list(extra))

    def test_rows_in_one_run_or_out_of_order_give_the_same_marks(self):
        panel, table = panel_scheme().panels["p"], self.table()
        rows = np.arange(len(table))
        run = dense_marks(panel, table, rows, table.entrant[rows], 2)
        shuffled = rows[[3, 0, 5, 1, 4, 2]]
        scattered = dense_marks(panel, table, shuffled, table.entrant[shuffled], 2)
        assert_allclose(run.marks, scattered.marks)
        np.testing.assert_array_equal(run.rows, scattered.rows)
        assert run.marks[0, 1].tolist() == [[5.0, 6.5, 8.0]]

    def test_a_duplicate_names_the_first_repeated_row_as_listed(self):
        again = [
            Observation("a", "panel", "x", 7, judge="J1", ref="a:1 again"),
            Observation("b", "panel", "x", 7, judge="J2", ref="b:2 again"),
        ]
        panel, table = panel_scheme().panels["p"], self.table(*again)
        rows = np.arange(len(table))
        for listed, ref in ((rows, "a:1"), (rows[::-1], "b:2 again")):
            with pytest.raises(ObservationError, match="duplicate") as err:
                dense_marks(panel, table, listed, table.entrant[listed], 2)
            assert err.value.ref == ref


class TestMarkChecks:
    def test_marks_off_the_step_or_blank_are_refused(self):
        s = panel_scheme(criteria=[{"id": "x", "max": 10, "step": 0.5}])
        assert score_panel(s, "演讲", marks([9.5, 0.5])).total == 5.0
        with pytest.raises(ObservationError, match="multiple of the criterion's step"):
            score_panel(s, "演讲", marks([9.3]))
        with pytest.raises(ObservationError, match="missing mark"):
            score_panel(s, "演讲", marks([None]))

    def test_a_criterion_not_on_the_panel_is_refused_at_its_row(self):
        obs = marks([5]) + [Observation("a", "panel", "y", 5, judge="J0", ref="m.csv:3")]
        with pytest.raises(ObservationError) as err:
            score_panel(panel_scheme(), "演讲", obs)
        assert (err.value.field, err.value.ref) == ("item", "m.csv:3")
        assert err.value.message_zh == "评分项“y”不属于评委组“p”"

    def test_an_incomplete_sheet_is_not_counted_and_is_warned(self):
        from bipin.scoring import Entrant, evaluate

        s = panel_scheme(on="sheet", criteria=[{"id": "a", "max": 10}, {"id": "b", "max": 10}])
        obs = marks([6, 8], "a") + marks([6], "b")  # judge J1 left b blank
        ev = evaluate(s, [Entrant("a", "a", "g")], obs)
        assert ev.groups[0].results[0].total == 6.0  # J0 sheet 12 of 20, on a 10-point leaf
        assert any("J1's sheet lacks criterion 'b' and was not counted" in w for w in ev.warnings)
