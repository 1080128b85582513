"""Rank robustness: hand-computed cases, reproducibility and properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.scoring import Observation, competition_rank, evaluate, parse_scheme
from bipin.scoring.robustness import (
    DISTINGUISHABLE,
    Variant,
    rank_robustness,
    simulate_ranks,
    variants,
)
from bipin.scoring.tests.helpers import people, totals


def two_dimensions(robustness, extra=()):
    """甲项 (leaf a) and 乙项 (leaf b), 50 points each."""
    return parse_scheme({"contest": "示例", "dimensions": [
        {"name": "甲项", "points": 50, "indicators": [
            {"name": "a", "points": 50, "source": "data", "rule": "manual"}, *extra]},
        {"name": "乙项", "points": 50, "indicators": [
            {"name": "b", "points": 50, "source": "data", "rule": "manual"}]}],
        "robustness": robustness})


def marks(values):
    return [Observation(e, "data", item, v) for e, item, v in values]


X_Y = marks([("x", "a", 40), ("x", "b", 10), ("y", "a", 10), ("y", "b", 39)])


class TestHandComputed:
    def test_a_range_too_narrow_to_close_the_gap_keeps_every_rank(self):
        # x = 40f + 10, y = 10f + 39 with f = p / 50; x leads for p > 48.33, so always in [49, 60].
        s = two_dimensions({"seed": 7, "draws": 300, "weights": {"甲项": [49, 60]}})
        g = rank_robustness(s, people("x", "y"), X_Y).groups[0]
        x, y = g.entrants
        assert (x.rank, x.low, x.median, x.high) == (1, 1, 1, 1)
        assert (y.rank, y.low, y.median, y.high) == (2, 2, 2, 2)
        assert (x.ahead, x.behind, x.distinguishable) == (1.0, 0.0, True)
        assert y.ahead is None and y.distinguishable is None

    def test_the_share_ahead_is_the_share_of_draws_where_the_upper_leads(self):
        s = two_dimensions({"seed": 11, "draws": 400, "weights": {"甲项": [30, 70]}})
        x = rank_robustness(s, people("x", "y"), X_Y).groups[0].entrants[0]
        # The same stream, drawn by hand: the variant first, then the points.
        rng = np.random.default_rng(11)
        rng.integers(1, size=400)
        p = 30 + 40 * rng.random((400, 1))[:, 0]
        f = p / 50
        scale = 100 / (50 * f + 50)
        x_total = np.floor((40 * f + 10) * 100 * scale + 0.5)
        y_total = np.floor((10 * f + 39) * 100 * scale + 0.5)
        assert x.ahead == np.mean(x_total > y_total)
        assert x.behind == np.mean(y_total > x_total)
        assert 0.4 < x.ahead < 0.7 and not x.distinguishable

    def test_shown_totals_keep_the_declared_full_total(self):
        # Every draw: 40f + 10 rescaled by 100 / (50f + 50) = 50 exactly when f = 1 ...
        s = two_dimensions({"seed": 3, "draws": 1, "weights": {"甲项": [50, 50]}})
        x, y = rank_robustness(s, people("x", "y"), X_Y).groups[0].entrants
        assert (x.median_total, y.median_total) == (50.0, 49.0)
        # ... and at 100 points of 150 the 150 are brought back to 100: (80 + 10) · 100/150 = 60.
        s = two_dimensions({"seed": 3, "draws": 1, "weights": {"甲项": [50, 100]}})
        rng = np.random.default_rng(3)
        rng.integers(1, size=1)
        f = (50 + 50 * rng.random((1, 1))[0, 0]) / 50
        x = rank_robustness(s, people("x", "y"), X_Y).groups[0].entrants[0]
        assert x.median_total == np.floor((40 * f + 10) * 100 / (50 * f + 50) * 100 + 0.5) / 100

    def test_a_veto_to_zero_holds_in_every_draw(self):
        veto = [{"name": "否决", "source": "data", "rule": "veto(effect=zero)"}]
        s = two_dimensions({"seed": 5, "draws": 200, "weights": {"甲项": [30, 70]}}, veto)
        obs = X_Y + marks([("x", "否决", 1), ("y", "否决", 0)])
        x_official = evaluate(s, people("x", "y"), obs).result("x")
        assert (x_official.total, x_official.rank) == (0.0, 2)
        y, x = rank_robustness(s, people("x", "y"), obs).groups[0].entrants
        assert (x.entrant, x.low, x.high, x.median_total) == ("x", 2, 2, 0.0)
        assert (y.entrant, y.ahead) == ("y", 1.0)

    @pytest.mark.parametrize("effect, official", [("rank_last", 2), ("out_of_ranking", None)])
    def test_a_veto_that_ranks_last_holds_in_every_draw(self, effect, official):
        # x leads on total (by hand: 50 against 49 at the declared points) but is vetoed.
        veto = [{"name": "否决", "source": "data", "rule": f"veto(effect={effect})"}]
        s = two_dimensions({"seed": 5, "draws": 200, "weights": {"甲项": [30, 70]}}, veto)
        obs = X_Y + marks([("x", "否决", 1), ("y", "否决", 0)])
        assert evaluate(s, people("x", "y"), obs).result("x").rank == official
        y, x = rank_robustness(s, people("x", "y"), obs).groups[0].entrants
        assert (x.entrant, x.rank, x.low, x.high) == ("x", 2, 2, 2)
        assert (y.entrant, y.low, y.high, y.ahead) == ("y", 1, 1, 1.0)

    def test_ties_broken_officially_stay_broken_with_nothing_uncertain(self):
        s = parse_scheme({"contest": "示例", "panels": {"p": {
            "aggregate": "mean", "criteria": [{"id": "c", "max": 10}]}},
            "dimensions": [{"name": "d", "indicators": [
                {"name": "汇报", "points": 10, "source": "panel", "panel": "p"}]}],
            "ranking": {"tie_break": ["draw"]},
            "robustness": {"seed": 1, "draws": 50, "trim": [0]}})
        obs = [Observation(e, "panel", "c", 8, judge="j1") for e in ("x", "y", "z")]
        g = rank_robustness(s, people("x", "y", "z"), obs,
                            draw_order={"x": 3, "y": 1, "z": 2}).groups[0]
        assert [(e.entrant, e.rank, e.low, e.high) for e in g.entrants] == [
            ("y", 1, 1, 1), ("z", 2, 2, 2), ("x", 3, 3, 3)]

    def test_several_groups_are_ranked_apart(self):
        s = two_dimensions({"seed": 2, "draws": 20, "weights": {"甲项": [49, 60]}})
        who = people("x", "y", group="一组") + people("u", group="二组")
        obs = X_Y + marks([("u", "a", 1), ("u", "b", 1)])
        groups = rank_robustness(s, who, obs).groups
        assert [(g.group, [e.entrant for e in g.entrants]) for g in groups] == [
            ("一组", ["x", "y"]), ("二组", ["u"])]
        assert (groups[1].entrants[0].low, groups[1].entrants[0].high) == (1, 1)


PANEL = {"contest": "示例", "panels": {"p": {
    "aggregate": "trimmed", "trim": 1, "criteria": [{"id": "c", "max": 10}]}},
    "dimensions": [{"name": "d", "indicators": [
        {"name": "汇报", "points": 10, "source": "panel", "panel": "p"}]}]}
# Trimmed, x leads (8 against 7.67); in plain means y leads (7.4 against 6.8).
PANEL_MARKS = [Observation(e, "panel", "c", v, judge=f"j{i}")
               for e, row in (("x", (8, 8, 8, 9, 1)), ("y", (7, 7, 9, 6, 8)))
               for i, v in enumerate(row)]


class TestVariantsUseTheEngine:
    def test_variants_are_the_product_of_the_alternatives(self):
        s = parse_scheme({**PANEL, "robustness": {"seed": 1, "trim": [0, 1, 2]}})
        assert variants(s.robustness) == [Variant(trim=0), Variant(trim=1), Variant(trim=2)]

    def test_no_trim_scores_a_panel_as_the_engine_scores_a_plain_mean(self):
        s = parse_scheme({**PANEL, "robustness": {"seed": 1, "trim": [0]}})
        mean = parse_scheme({**PANEL, "panels": {"p": {
            "aggregate": "mean", "criteria": [{"id": "c", "max": 10}]}}})
        got = totals(evaluate(Variant(trim=0).apply(s), people("x", "y"), PANEL_MARKS))
        assert got == totals(evaluate(mean, people("x", "y"), PANEL_MARKS)) == {"x": 6.8, "y": 7.4}

    def test_a_trim_alternative_moves_the_rank_in_the_draws_that_pick_it(self):
        s = parse_scheme({**PANEL, "robustness": {"seed": 9, "draws": 500, "trim": [1, 0]}})
        x, y = rank_robustness(s, people("x", "y"), PANEL_MARKS).groups[0].entrants
        pick = np.random.default_rng(9).integers(2, size=500)
        assert (x.entrant, x.rank) == ("x", 1)
        assert x.ahead == np.mean(pick == 0) and x.behind == np.mean(pick == 1)

    def test_a_normalise_alternative_reaches_every_composite_node(self):
        s = parse_scheme({"contest": "c", "dimensions": [{"name": "d", "indicators": [
            {"name": "综合", "points": 10, "combine": "composite",
             "composite": {"normalise": "min-max"},
             "children": [{"name": "u", "source": "data"}, {"name": "v", "source": "data"}]}]}],
            "robustness": {"seed": 1, "normalise": ["rank"], "aggregate": ["geometric"]}})
        node = Variant("rank", "geometric").apply(s).dimensions[0].children[0]
        assert (node.composite.normalise, node.composite.aggregate) == ("rank", "geometric")
        assert s.dimensions[0].children[0].composite.normalise == "min-max"


class TestReproducible:
    def test_the_same_seed_gives_the_same_analysis(self):
        s = two_dimensions({"seed": 42, "draws": 300, "weights": {"甲项": [30, 70]}})
        assert rank_robustness(s, people("x", "y"), X_Y) == rank_robustness(s, people("x", "y"), X_Y)

    def test_another_seed_draws_otherwise(self):
        a = two_dimensions({"seed": 42, "draws": 300, "weights": {"甲项": [30, 70]}})
        b = two_dimensions({"seed": 43, "draws": 300, "weights": {"甲项": [30, 70]}})
        ahead = [rank_robustness(s, people("x", "y"), X_Y).groups[0].entrants[0].ahead
                 for s in (a, b)]
        assert ahead[0] != ahead[1]

    def test_without_a_robustness_section_there_is_nothing_to_analyse(self):
        s = parse_scheme(PANEL)
        with pytest.raises(ValueError, match="declares no robustness section"):
            rank_robustness(s, people("x"), [])


units = st.integers(min_value=-500, max_value=500)


class TestProperties:
    @settings(max_examples=60, deadline=None)
    @given(st.integers(1, 8).flatmap(lambda n: st.tuples(
        st.lists(st.lists(units, min_size=3, max_size=3), min_size=n, max_size=n),
        st.integers(1, 30))))
    def test_with_nothing_uncertain_every_draw_is_the_official_ranking(self, case):
        rows, draws = case
        c = np.array([rows], float)
        official = competition_rank(np.zeros(len(rows), int), [c[0].sum(axis=1)])
        ranks, _ = simulate_ranks(c, official, np.zeros(draws, int), np.ones((draws, 0)),
                                  np.zeros((3, 0), bool), np.array([1.0, 2.0, 3.0]))
        assert (ranks == official).all()

    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50), st.integers(0, 10)),
                    min_size=2, max_size=7),
           st.integers(0, 2**32 - 1), st.sampled_from([[0], [0, 1], [1, 2, 0]]),
           st.tuples(st.integers(0, 50), st.integers(50, 100)))
    def test_intervals_and_shares_are_well_formed(self, rows, seed, trim, weights):
        s = parse_scheme({**PANEL, "dimensions": PANEL["dimensions"] + [
            {"name": "甲项", "points": 50, "indicators": [
                {"name": "a", "points": 50, "source": "data", "rule": "manual"}]},
            {"name": "乙项", "points": 50, "indicators": [
                {"name": "b", "points": 50, "source": "data", "rule": "manual"}]}],
            "robustness": {"seed": seed, "draws": 60, "trim": trim,
                           "weights": {"甲项": list(weights)}}})
        who = people(*[f"e{i}" for i in range(len(rows))])
        obs = [o for i, (a, b, m) in enumerate(rows) for o in (
            Observation(f"e{i}", "data", "a", a), Observation(f"e{i}", "data", "b", b),
            *[Observation(f"e{i}", "panel", "c", (m + j) % 11, judge=f"j{j}") for j in range(4)])]
        g = rank_robustness(s, who, obs).groups[0]
        n = len(rows)
        for e in g.entrants:
            assert 1 <= e.low <= e.median <= e.high <= n
            if e.ahead is not None:
                assert 0.0 <= e.ahead <= 1.0 and 0.0 <= e.behind <= 1.0
                assert e.ahead + e.behind <= 1.0
                assert e.distinguishable == (e.ahead >= DISTINGUISHABLE)
        assert [e.rank for e in g.entrants] == sorted(e.rank for e in g.entrants)

    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 10)), min_size=1, max_size=8))
    def test_an_alternative_equal_to_the_declared_choice_changes_no_rank(self, rows):
        s = parse_scheme({**PANEL, "dimensions": PANEL["dimensions"] + [
            {"name": "甲项", "points": 50, "indicators": [
                {"name": "a", "points": 50, "source": "data", "rule": "manual"}]}],
            "robustness": {"seed": 1, "draws": 40, "trim": [1], "weights": {"甲项": [50, 50]}}})
        who = people(*[f"e{i}" for i in range(len(rows))])
        obs = [o for i, (a, m) in enumerate(rows) for o in (
            Observation(f"e{i}", "data", "a", a),
            *[Observation(f"e{i}", "panel", "c", (m * j) % 11, judge=f"j{j}") for j in range(5)])]
        official = evaluate(s, who, obs).groups[0].results
        g = rank_robustness(s, who, obs).groups[0]
        assert [(e.entrant, e.low, e.median, e.high) for e in g.entrants] == [
            (r.entrant.id, r.rank, r.rank, r.rank) for r in official]
        assert [e.median_total for e in g.entrants] == [r.total for r in official]
