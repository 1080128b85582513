"""Composite indicators as the JRC/OECD handbook builds them: goalposts, logs,
outlier treatment, a declared normalised range, harmonic and nested aggregation,
effective weights."""

import math
import re

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.scoring import (
    ObservationError,
    SchemeError,
    evaluate,
    parse_scheme,
    weighted_arithmetic,
    weighted_geometric,
    weighted_harmonic,
)
from bipin.scoring.tests.helpers import data, people, sums_exactly, totals
from bipin.scoring.treatment import apply_goalposts, kurtosis, skewness, treat


def composite(children, points=10, rounding=None, **comp):
    spec = {
        "contest": "测试",
        "dimensions": [
            {"name": "综合", "points": points, "combine": "composite", "composite": comp,
             "children": children}
        ],
    }
    if rounding:
        spec["rounding"] = rounding
    return parse_scheme(spec)


def leaf(name, **kw):
    return {"name": name, "source": "data", **kw}


def tree(evaluation, entrant):
    return evaluation.result(entrant).explanation.to_dict()["children"][0]


class TestGoalposts:
    def test_fixed_goalposts_normalise_and_cap_visibly(self):
        s = composite([leaf("x", goalposts=[0, 10])], normalise="goalposts")
        e = evaluate(s, people("甲", "乙"), [data("甲", 5, "x"), data("乙", 12, "x")])
        assert totals(e) == {"甲": 5.0, "乙": 10.0}
        x = tree(e, "乙")["children"][0]
        assert (x["normalised"], x["treated"]) == (1.0, [{"method": "goalpost", "from": 12.0, "to": 10.0}])
        assert e.warnings == ["组 · 乙 · “x”12超出目标区间[0, 10],按10计 / 'x' 12 is beyond its goalposts, "
                              "counted as 10"]

    def test_goalposts_do_not_depend_on_the_other_entrants(self):
        s = composite([leaf("x", goalposts=[0, 10], direction="lower")], normalise="goalposts")
        alone = evaluate(s, people("甲"), [data("甲", 2, "x")])
        together = evaluate(s, people("甲", "乙"), [data("甲", 2, "x"), data("乙", 9, "x")])
        assert totals(alone)["甲"] == totals(together)["甲"] == 8.0  # lower is better: 1 − 0.2

    def test_a_log_leaf_is_normalised_between_the_logs_of_its_goalposts(self):
        # ln(1000/100) / ln(10000/100) = 0.5, as the HDI's income index.
        s = composite([leaf("收入", goalposts=[100, 10000], transform="log")], normalise="goalposts")
        assert totals(evaluate(s, people("甲"), [data("甲", 1000, "收入")]))["甲"] == 5.0

    def test_a_log_of_a_value_that_is_not_positive_is_refused(self):
        s = composite([leaf("收入", transform="log")])
        with pytest.raises(ObservationError, match="log-transformed and needs values > 0"):
            evaluate(s, people("甲", "乙"), [data("甲", 0, "收入"), data("乙", 5, "收入")])


class TestAggregation:
    def test_harmonic_mean_of_one_and_a_quarter(self):
        # 10 / (0.5/1 + 0.5/0.25) = 10 / 2.5 = 4.0
        s = composite([leaf("a", goalposts=[0, 1]), leaf("b", goalposts=[0, 1])],
                      normalise="goalposts", aggregate="harmonic")
        e = evaluate(s, people("甲"), [data("甲", 1, "a"), data("甲", 0.25, "b")])
        assert totals(e) == {"甲": 4.0}
        assert sums_exactly(e.result("甲").explanation.to_dict())

    def test_a_geometric_mean_meeting_a_min_max_zero_is_warned_not_silent(self):
        s = composite([leaf("a"), leaf("b")], aggregate="geometric")
        obs = [data("甲", 1, "a"), data("甲", 3, "b"), data("乙", 3, "a"), data("乙", 1, "b")]
        e = evaluate(s, people("甲", "乙"), obs)
        assert totals(e) == {"甲": 0.0, "乙": 0.0}
        assert len(e.warnings) == 2 and all("composite.range" in w for w in e.warnings)

    def test_a_declared_range_keeps_the_geometric_mean_from_collapsing(self):
        # min-max (0, 1) onto [0.1, 1]: √(0.1 × 1) = 0.316228, × 10 points.
        s = composite([leaf("a"), leaf("b")], aggregate="geometric", range=[0.1, 1])
        obs = [data("甲", 1, "a"), data("甲", 3, "b"), data("乙", 3, "a"), data("乙", 1, "b")]
        e = evaluate(s, people("甲", "乙"), obs)
        assert totals(e) == {"甲": 3.16, "乙": 3.16} and e.warnings == []

    def test_a_range_of_1_to_100_scales_back_to_the_nodes_points(self):
        # (1 + 100)/2 = 50.5 on the 1–100 scale, × 100 points / 100.
        s = composite([leaf("a"), leaf("b")], points=100, range=[1, 100])
        e = evaluate(s, people("甲", "乙"), [data("甲", 1, "a"), data("甲", 3, "b"),
                                             data("乙", 3, "a"), data("乙", 1, "b")])
        assert totals(e) == {"甲": 50.5, "乙": 50.5}

    def test_an_inner_child_enters_with_its_score_share(self):
        inner = {"name": "子项", "points": 4, "children": [
            {"name": "完成率", "points": 4, "source": "data", "rule": "proportional(target=100)"}]}
        s = composite([leaf("x", goalposts=[0, 10], weight=3), {**inner, "weight": 1}],
                      normalise="goalposts")
        e = evaluate(s, people("甲"), [data("甲", 5, "x"), data("甲", 50, "完成率")])
        # x: 0.5; 子项: 2 of 4 points = 0.5; 10 × (0.75 × 0.5 + 0.25 × 0.5) = 5.0
        node = tree(e, "甲")
        assert [c["points"] for c in node["children"]] == [3.75, 1.25]
        assert node["children"][1]["children"][0]["points"] == 1.25
        assert node["children"][1]["normalised"] == 0.5 and totals(e) == {"甲": 5.0}


class TestEffectiveWeights:
    def test_equal_nominal_weights_can_have_unequal_effect(self):
        # Credits 甲 4.5 + 0.5, 乙 4.0 + 1.5: a takes 8.5 of 10.5.
        s = composite([leaf("a", goalposts=[0, 100]), leaf("b", goalposts=[0, 100])],
                      normalise="goalposts")
        obs = [data("甲", 90, "a"), data("甲", 10, "b"), data("乙", 80, "a"), data("乙", 30, "b")]
        weights = tree(evaluate(s, people("甲", "乙"), obs), "甲")["effective_weights"]
        assert {k: round(v, 4) for k, v in weights.items()} == {"a": 0.8095, "b": 0.1905}


RIGHT_TAIL = [*range(1, 21), 200, 300]


class TestOutliers:
    def test_skewness_and_kurtosis_are_the_sample_adjusted_g1_and_g2(self):
        x = np.array([1.0, 2, 3, 4, 100])
        assert round(skewness(x), 6) == 2.232396 and round(kurtosis(x), 6) == 4.986866
        assert math.isclose(skewness(x), scipy.stats.skew(x, bias=False))
        assert math.isclose(kurtosis(x), scipy.stats.kurtosis(x, bias=False))

    def test_two_points_winsorised_bring_the_column_within_the_limits(self):
        t = treat(np.array(RIGHT_TAIL, float), points=2)
        assert (t.method, t.points, t.values.tolist()[-3:]) == ("winsorised", 2, [20.0, 20.0, 20.0])

    def test_when_one_point_is_not_enough_the_column_is_logged_instead(self):
        t = treat(np.array(RIGHT_TAIL, float), points=1)
        # ln(x − min + 1) = ln x here: 20 → 2.995732, 200 → 5.298317, 300 → 5.703782
        assert t.method == "log"
        assert np.round(t.values[-3:], 6).tolist() == [2.995732, 5.298317, 5.703782]

    def test_a_scheme_declares_the_treatment_and_the_explanation_shows_it(self):
        s = composite([leaf("x")], outliers={"winsorise": 2})
        ids = [f"e{i:02d}" for i in range(len(RIGHT_TAIL))]
        e = evaluate(s, people(*ids), [data(i, v, "x") for i, v in zip(ids, RIGHT_TAIL, strict=True)])
        top = tree(e, "e21")["children"][0]
        assert top["treated"] == [{"method": "winsorised", "from": 300.0, "to": 20.0}]
        assert totals(e)["e21"] == totals(e)["e19"] == 10.0  # 20, 200 and 300 all count as 20
        assert sum("winsorised (2 points): 300 → 20" in w for w in e.warnings) == 1

    def test_a_left_skew_is_winsorised_from_below(self):
        x = -np.array(RIGHT_TAIL, float)
        assert treat(x, points=2).values.tolist()[-3:] == [-20.0, -20.0, -20.0]


class TestDeclarations:
    @pytest.mark.parametrize(("children", "comp", "where"), [
        ([leaf("x", goalposts=[0, 10])], {}, "goalposts need normalise: goalposts"),
        ([leaf("x")], {"normalise": "goalposts"}, "needs goalposts: [low, high] on every leaf"),
        ([leaf("x", goalposts=[10, 0])], {"normalise": "goalposts"}, "must be [low, high] with low < high"),
        ([leaf("x", goalposts=[0, 10], transform="log")], {"normalise": "goalposts"},
         "the low goalpost must be > 0"),
        ([leaf("x")], {"outliers": {"points": 2}}, "outliers.points: unknown key 'points'"),
        ([leaf("x")], {"range": [-1, 1]}, "the low end must be >= 0"),
        ([leaf("x")], {"aggregate": "median"}, "must be one of arithmetic, geometric, harmonic"),
    ])
    def test_it_refuses_what_it_cannot_do(self, children, comp, where):
        with pytest.raises(SchemeError, match=re.escape(where)):
            composite(children, **comp)

    def test_goalposts_outside_a_composite_are_refused(self):
        with pytest.raises(SchemeError, match="goalposts applies to a child of a composite node only"):
            parse_scheme({"contest": "c", "dimensions": [{"name": "d", "indicators": [
                {"name": "x", "points": 5, "source": "data", "rule": "manual", "goalposts": [0, 1]}]}]})


positive = st.floats(min_value=0.01, max_value=1.0, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(positive, positive, positive), min_size=1, max_size=5),
       st.lists(st.floats(min_value=0.1, max_value=5), min_size=3, max_size=3))
def test_harmonic_never_exceeds_geometric_nor_geometric_arithmetic(rows, raw):
    x, w = np.array(rows), np.array(raw) / sum(raw)
    h, g, a = weighted_harmonic(x, w), weighted_geometric(x, w), weighted_arithmetic(x, w)
    assert (h <= g * (1 + 1e-12)).all() and (g <= a * (1 + 1e-12)).all()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(min_value=-1000, max_value=1000, allow_nan=False), min_size=4, max_size=30),
       st.integers(min_value=0, max_value=5))
def test_treatment_keeps_the_order_and_only_moves_the_tail(values, points):
    x = np.array(values)
    t = treat(x, points)
    assert t.method in ("none", "winsorised", "log")
    order = np.argsort(x, kind="stable")
    assert (np.diff(t.values[order]) >= -1e-9).all()  # never reorders
    if t.method == "winsorised":
        assert t.points == t.changed.sum() <= points
        kept = x[~t.changed]
        assert ((x[t.changed] > kept.max()) | (x[t.changed] < kept.min())).all()


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=20))
def test_goalposts_always_give_an_index_between_0_and_1(values):
    z, capped = apply_goalposts(np.array(values), -10.0, 10.0)
    assert ((z >= 0) & (z <= 1)).all()
    assert (capped == ((np.array(values) < -10) | (np.array(values) > 10))).all()


class TestDataAvailability:
    def scheme(self, missing="zero"):
        return composite([leaf(n, goalposts=[0, 10], missing=missing) for n in "abc"],
                         normalise="goalposts", min_coverage=0.65, rounding={"order": "end"})

    def rows(self):
        return [data("甲", 5, "a"), data("甲", 5, "b"), data("甲", 5, "c"),
                data("乙", 5, "a"), data("乙", 5, "b"), data("丙", 5, "a")]

    def test_an_entrant_with_too_few_indicators_is_not_scored_on_the_node_and_is_told(self):
        e = evaluate(self.scheme(), people("甲", "乙", "丙"), self.rows())
        # 乙 has 2/3 ≥ 65 %: 10 × (0.5 + 0.5 + 0)/3 = 3.33; 丙 has 1/3: not scored.
        assert totals(e) == {"甲": 5.0, "乙": 3.33, "丙": 0.0}
        node = tree(e, "丙")
        assert (node["scored"], round(node["coverage"], 4)) == (False, 0.3333)
        said = [w for w in e.warnings if "below 65%: not scored on it" in w]
        assert len(said) == 1 and said[0].startswith("组 · 丙 · “综合”仅1/3项指标有数据")

    def test_the_threshold_is_checked_before_any_value_is_filled_in(self):
        e = evaluate(self.scheme("exclude"), people("甲", "乙", "丙"), self.rows())
        assert totals(e) == {"甲": 5.0, "乙": 5.0, "丙": 0.0}

    def test_a_coverage_above_one_is_refused(self):
        with pytest.raises(SchemeError, match="must be a share of at most 1"):
            composite([leaf("a")], min_coverage=65)


class TestDenominators:
    def scheme(self, **leaf_extra):
        return parse_scheme({
            "contest": "测试", "inputs": ["常住人口"],
            "dimensions": [{"name": "成效", "indicators": [
                {"name": "脱贫人口", "points": 10, "source": "data",
                 "rule": "proportional(target=50)", "per": {"input": "常住人口", "scale": 1000},
                 **leaf_extra}]}],
        })

    def test_a_count_per_thousand_residents_is_scored_as_a_rate(self):
        # 甲: 2000 / 80000 × 1000 = 25 per thousand → 10 × 25/50 = 5.0;
        # 乙: 3000 / 50000 × 1000 = 60 → capped at full, 10.0.
        obs = [data("甲", 2000, "脱贫人口"), data("甲", 80000, "常住人口"),
               data("乙", 3000, "脱贫人口"), data("乙", 50000, "常住人口")]
        e = evaluate(self.scheme(), people("甲", "乙"), obs)
        assert totals(e) == {"甲": 5.0, "乙": 10.0}
        leaf_tree = tree(e, "甲")["children"][0]
        assert leaf_tree["value"] == 25.0
        assert leaf_tree["per"] == {"input": "常住人口", "scale": 1000.0, "value": 2000.0,
                                    "denominator": 80000.0}

    def test_a_zero_or_missing_denominator_is_the_missing_policy_with_a_warning(self):
        obs = [data("甲", 2000, "脱贫人口"), data("甲", 0, "常住人口"), data("乙", 3000, "脱贫人口")]
        e = evaluate(self.scheme(), people("甲", "乙"), obs)
        assert totals(e) == {"甲": 0.0, "乙": 0.0}
        assert sum("denominator '常住人口' is 0 or missing" in w for w in e.warnings) == 2
        assert sum("has no data: scored 0" in w for w in e.warnings) == 2

    def test_a_denominator_row_twice_for_one_entrant_is_refused(self):
        obs = [data("甲", 2000, "脱贫人口"), data("甲", 80000, "常住人口"), data("甲", 1, "常住人口")]
        with pytest.raises(ObservationError, match="takes one row per entrant"):
            evaluate(self.scheme(), people("甲"), obs)

    def test_the_rate_not_the_count_must_lie_in_the_rules_range(self):
        # The raw count 2000 is far above a 0–100 rate; the rate 25 is not.
        s = self.scheme(rule="target_step(target=100, step=1, deduct=1)")
        e = evaluate(s, people("甲"), [data("甲", 2000, "脱贫人口"), data("甲", 80000, "常住人口")])
        assert totals(e) == {"甲": 0.0}

    @pytest.mark.parametrize(("spec", "message"), [
        ({"inputs": [], "per": "常住人口"}, "must be declared under inputs"),
        ({"inputs": ["常住人口", "常住人口"]}, "inputs must be non-empty and distinct"),
        ({"inputs": ["脱贫人口"]}, "is a scored leaf, not an input"),
        ({"inputs": ["常住人口"], "per": {"input": "常住人口", "scale": 0}}, "scale: must be > 0"),
    ])
    def test_it_refuses_a_denominator_it_cannot_find(self, spec, message):
        leaf_spec = {"name": "脱贫人口", "points": 10, "source": "data", "rule": "proportional(target=50)"}
        if "per" in spec:
            leaf_spec["per"] = spec["per"]
        with pytest.raises(SchemeError, match=re.escape(message)):
            parse_scheme({"contest": "c", "inputs": spec["inputs"],
                          "dimensions": [{"name": "d", "indicators": [leaf_spec]}]})


class TestAcrossAllUnits:
    def scheme(self, across):
        return parse_scheme({"contest": "测试", "groups": ["县", "部门"], "dimensions": [
            {"name": "综合", "points": 10, "combine": "composite",
             "composite": {"normalise": "min-max", "across": across},
             "children": [leaf("x")]}]})

    def evaluate(self, across):
        obs = [data("甲", 10, "x"), data("乙", 20, "x"), data("丙", 0, "x"), data("丁", 40, "x")]
        units = people("甲", "乙", group="县") + people("丙", "丁", group="部门")
        return evaluate(self.scheme(across), units, obs)

    def test_normalised_across_every_group_and_ranked_within_each(self):
        e = self.evaluate("all")
        # min 0 and max 40 over all four units: 10 → 2.5, 20 → 5.0, 0 → 0, 40 → 10.
        assert totals(e) == {"甲": 2.5, "乙": 5.0, "丙": 0.0, "丁": 10.0}
        assert [[(r.entrant.id, r.rank) for r in g.results] for g in e.groups] == [
            [("乙", 1), ("甲", 2)], [("丁", 1), ("丙", 2)]]

    def test_by_default_each_group_is_normalised_on_its_own(self):
        assert totals(self.evaluate("group")) == {"甲": 0.0, "乙": 10.0, "丙": 0.0, "丁": 10.0}

    def test_across_all_takes_leaves_only(self):
        inner = {"name": "子项", "points": 1, "children": [
            {"name": "y", "points": 1, "source": "data", "rule": "manual"}]}
        with pytest.raises(SchemeError, match="across: all needs a composite whose children are all leaves"):
            composite([leaf("x"), inner], across="all")
