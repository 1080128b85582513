"""Missing data inside a composite node: zero points for that entrant, and nobody else moves."""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from bipin.scoring import Entrant, Observation, evaluate, parse_scheme
from bipin.scoring.tests.helpers import data, people, sums_exactly, totals


def composite(missing="zero", normalise="min-max", weighting="fixed", aggregate="arithmetic"):
    return parse_scheme(
        {
            "contest": "c",
            "missing": missing,
            "dimensions": [
                {
                    "name": "成效",
                    "points": 10,
                    "combine": "composite",
                    "composite": {
                        "normalise": normalise,
                        "weighting": weighting,
                        "aggregate": aggregate,
                    },
                    "children": [
                        {"name": "收入", "source": "data", "weight": 3},
                        {"name": "风险", "source": "data", "weight": 1, "direction": "lower"},
                    ],
                }
            ],
        }
    )


# 甲乙丙 as in docs/scheme.md ("Composite nodes"); 丁 has the best income and no risk figure.
OBS = [
    data("甲", 10, "收入"),
    data("甲", 1, "风险"),
    data("乙", 20, "收入"),
    data("乙", 3, "风险"),
    data("丙", 15, "收入"),
    data("丙", 2, "风险"),
    data("丁", 20, "收入"),
]
FOUR = people("甲", "乙", "丙", "丁")


def leaf(ev, who, name):
    tree = ev.result(who).explanation.to_dict()
    return next(c for c in tree["children"][0]["children"] if c["id"] == name)


class TestMissingZeroInAComposite:
    def test_the_entrant_without_data_gets_zero_for_that_child_and_does_not_rank_first(self):
        ev = evaluate(composite(), FOUR, OBS)
        # risk normalised over 甲乙丙 only (1 → 1, 3 → 0, 2 → 0.5); 丁 gets 0 for it:
        # 丁 = 10 × (0.75 × 1 + 0.25 × 0) = 7.5, level with 乙, not 10 at the top
        assert totals(ev) == {"甲": 2.5, "乙": 7.5, "丙": 5.0, "丁": 7.5}
        risk = leaf(ev, "丁", "风险")
        assert (risk["points"], risk["normalised"], risk["missing"]) == (0.0, 0.0, "zero")
        assert ev.warnings == ["组 · 丁 · “风险”缺少数据,按0分计 / '风险' has no data: scored 0"]

    def test_the_others_score_as_if_the_missing_value_did_not_exist(self):
        alone = evaluate(composite(), people("甲", "乙", "丙"), OBS[:6])
        with_d = evaluate(composite(), FOUR, OBS)
        for who in "甲乙丙":
            assert leaf(with_d, who, "风险") == leaf(alone, who, "风险")

    def test_every_node_still_sums(self):
        ev = evaluate(composite(), FOUR, OBS)
        assert all(sums_exactly(ev.result(w).explanation.to_dict()) for w in "甲乙丙丁")


class TestTheOtherPoliciesInAComposite:
    def test_group_mean_gives_the_mean_normalised_value_of_those_with_data(self):
        ev = evaluate(composite("group_mean"), FOUR, OBS)
        # (1 + 0 + 0.5) / 3 = 0.5 → 10 × (0.75 + 0.25 × 0.5) = 8.75
        assert totals(ev)["丁"] == 8.75
        assert "mean normalised value" in ev.warnings[0]

    def test_exclude_renormalises_the_entrants_own_weights(self):
        ev = evaluate(composite("exclude"), FOUR, OBS)
        assert totals(ev) == {"甲": 2.5, "乙": 7.5, "丙": 5.0, "丁": 10.0}

    def test_rank_normalisation_ranks_only_the_entrants_with_data(self):
        ev = evaluate(composite("exclude", normalise="rank"), FOUR, OBS)
        # risk ranks among 甲乙丙: 甲 1st → 1, 丙 2nd → 0.5, 乙 3rd → 0
        assert [leaf(ev, w, "风险")["normalised"] for w in "甲乙丙"] == [1.0, 0.0, 0.5]


class TestDataDrivenWeightsUseOnlyTheEntrantsWithData:
    def test_entropy_weights_per_column_over_the_values_given(self):
        ev = evaluate(composite(weighting="entropy"), FOUR, OBS)

        def entropy(column):
            x = np.asarray(column, float)
            z = (x - x.min()) / (x.max() - x.min())
            p = z / z.sum()
            return -sum(v * math.log(v) for v in p if v > 0) / math.log(len(x))

        # income: −(10, 20, 15, 20); risk (lower better): 甲乙丙's 1, 3, 2 only
        d = np.array([1 - entropy([10, 20, 15, 20]), 1 - entropy([-1, -3, -2])])
        expected = d / d.sum()
        got = [leaf(ev, "甲", "收入")["weight_used"], leaf(ev, "甲", "风险")["weight_used"]]
        assert_allclose(got, expected)

    def test_cv_weights_per_column_over_the_values_given(self):
        ev = evaluate(composite(weighting="cv"), FOUR, OBS)
        income, risk = np.array([10.0, 20, 15, 20]), np.array([1.0, 3, 2])
        v = np.array([x.std(ddof=1) / abs(x.mean()) for x in (income, risk)])
        got = [leaf(ev, "甲", "收入")["weight_used"], leaf(ev, "甲", "风险")["weight_used"]]
        assert_allclose(got, v / v.sum())

    def test_critic_correlates_only_the_entrants_with_both_values(self):
        ev = evaluate(composite(weighting="critic"), FOUR, OBS)

        def scaled(x):
            return (x - x.min()) / (x.max() - x.min())

        income, risk = scaled(np.array([10.0, 20, 15, 20])), scaled(-np.array([1.0, 3, 2]))
        r = np.corrcoef(income[:3], risk)[0, 1]
        c = np.array([income.std(ddof=1) * (1 - r), risk.std(ddof=1) * (1 - r)])
        got = [leaf(ev, "甲", "收入")["weight_used"], leaf(ev, "甲", "风险")["weight_used"]]
        assert_allclose(got, c / c.sum())


values = st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda v: round(v, 1))


@st.composite
def contests(draw):
    n = draw(st.integers(min_value=2, max_value=5))
    obs = []
    for i in range(n):
        for item in ("收入", "风险"):
            obs.append(Observation(f"e{i}", "data", item, draw(values)))
    # the newcomer has some data or none; whatever it lacks is missing
    given_items = draw(st.sets(st.sampled_from(["收入", "风险"]), max_size=1))
    extra = [Observation("new", "data", item, draw(values)) for item in sorted(given_items)]
    return n, obs, extra


class TestMissingNeverMovesAnybodyElse:
    @settings(max_examples=60, deadline=None)
    @given(
        contests(),
        st.sampled_from(["zero", "group_mean", "exclude"]),
        st.sampled_from(["min-max", "z-score", "rank"]),
        st.sampled_from(["arithmetic", "geometric"]),
    )
    def test_an_entrant_with_no_data_never_changes_another_entrants_score(
        self, contest, policy, normalise, aggregate
    ):
        n, obs, _ = contest
        if aggregate == "geometric" and normalise == "z-score":
            return  # a product of negative z-scores is undefined
        scheme = composite(policy, normalise, "entropy", aggregate)
        others = [Entrant(f"e{i}", f"e{i}", "组") for i in range(n)]
        before = totals(evaluate(scheme, others, obs))
        after = totals(evaluate(scheme, others + [Entrant("new", "new", "组")], obs))
        assert {k: v for k, v in after.items() if k != "new"} == before
        assert all(math.isfinite(v) and abs(v) <= 100 for v in after.values())

    @settings(max_examples=60, deadline=None)
    @given(contests(), st.sampled_from(["zero", "group_mean", "exclude"]))
    def test_a_missing_child_leaves_the_others_share_of_it_unchanged(self, contest, policy):
        n, obs, extra = contest
        scheme = composite(policy)
        others = [Entrant(f"e{i}", f"e{i}", "组") for i in range(n)]
        everyone = others + [Entrant("new", "new", "组")]
        lacking = {"收入", "风险"} - {o.item for o in extra}
        base = evaluate(scheme, others, obs)
        ev = evaluate(scheme, everyone, obs + extra)
        for e in others:
            for item in lacking:
                assert leaf(ev, e.id, item)["normalised"] == leaf(base, e.id, item)["normalised"]
        for item in lacking:
            got = leaf(ev, "new", item)
            assert got["missing"] == policy
            if policy == "zero":
                assert got["points"] == 0.0
