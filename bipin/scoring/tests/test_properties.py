"""Properties that must hold for any input (hypothesis)."""

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.scoring import (
    Entrant,
    Observation,
    aggregate_marks,
    evaluate,
    parse_scheme,
    score_panel,
)
from bipin.scoring.tests.helpers import sums_exactly

SCHEME = parse_scheme(
    {
        "contest": "性质",
        "groups": ["甲组", "乙组"],
        "panels": {
            "p": {
                "aggregate": "trimmed",
                "trim": 1,
                "criteria": [{"id": "c1", "max": 10}, {"id": "c2", "max": 10, "weight": 2}],
            }
        },
        "dimensions": [
            {
                "name": "现场",
                "indicators": [{"name": "评审", "points": 30, "source": "panel", "panel": "p"}],
            },
            {
                "name": "数据",
                "indicators": [
                    {
                        "name": "率",
                        "points": 5,
                        "source": "data",
                        "rule": "target_step(target=100, step=0.1, deduct=1)",
                    },
                    {
                        "name": "档",
                        "points": 5,
                        "source": "data",
                        "rule": "bands(bands=[[90, 5], [80, 3]])",
                    },
                    {"name": "名", "points": 5, "source": "data", "rule": "rank(step=1)"},
                    {
                        "name": "问题",
                        "points": 5,
                        "source": "inspection",
                        "rule": "per_occurrence(each=0.5, cap=5)",
                    },
                    {"name": "加分", "source": "supervision", "rule": "bonus(cap=2)"},
                ],
            },
        ],
        "ranking": {"tie_break": ["dimension:现场", "fewer_deductions"]},
    }
)

marks = st.floats(min_value=0, max_value=10, allow_nan=False).map(lambda v: round(v * 2) / 2)


@st.composite
def contests(draw):
    n = draw(st.integers(min_value=1, max_value=6))
    entrants = [
        Entrant(f"e{i}", f"e{i}", draw(st.sampled_from(["甲组", "乙组"]))) for i in range(n)
    ]
    obs = []
    for e in entrants:
        for j in range(draw(st.integers(min_value=0, max_value=5))):
            obs += [Observation(e.id, "panel", c, draw(marks), judge=f"J{j}") for c in ("c1", "c2")]
        for item in ("率", "档", "名"):
            if draw(st.booleans()):
                obs.append(
                    Observation(e.id, "data", item, draw(st.floats(min_value=60, max_value=100)))
                )
        obs += [
            Observation(e.id, "inspection", "问题", None) for _ in range(draw(st.integers(0, 3)))
        ]
    return entrants, obs


def flat(evaluation):
    return {
        r.entrant.id: (r.total, r.rank, r.grade, r.award, r.dimensions)
        for g in evaluation.groups
        for r in g.results
    }


class TestProperties:
    @given(
        st.lists(st.floats(min_value=0, max_value=100), min_size=1, max_size=12), st.integers(0, 3)
    )
    def test_a_trimmed_mean_lies_within_the_marks(self, values, k):
        got = aggregate_marks(np.array([values]), "trimmed", trim=k, trim_min_judges=2 * k + 1)[0][
            0
        ]
        assert min(values) - 1e-9 <= got <= max(values) + 1e-9

    @settings(max_examples=40, deadline=None)
    @given(contests(), st.randoms(use_true_random=False))
    def test_reordering_entrants_or_rows_changes_nothing(self, contest, rnd):
        entrants, obs = contest
        shuffled_e, shuffled_o = entrants[:], obs[:]
        rnd.shuffle(shuffled_e)
        rnd.shuffle(shuffled_o)
        assert flat(evaluate(SCHEME, entrants, obs)) == flat(
            evaluate(SCHEME, shuffled_e, shuffled_o)
        )

    @settings(max_examples=40, deadline=None)
    @given(contests(), st.floats(min_value=0, max_value=3))
    def test_a_bonus_never_lowers_a_total(self, contest, bonus):
        entrants, obs = contest
        before = flat(evaluate(SCHEME, entrants, obs))
        after = flat(
            evaluate(
                SCHEME, entrants, obs + [Observation(entrants[0].id, "supervision", "加分", bonus)]
            )
        )
        assert after[entrants[0].id][0] >= before[entrants[0].id][0]

    @settings(max_examples=40, deadline=None)
    @given(contests())
    def test_explanations_sum_to_totals_and_ranks_follow_totals(self, contest):
        ev = evaluate(SCHEME, *contest)
        for g in ev.groups:
            for r in g.results:
                tree = r.explanation.to_dict()
                assert tree["total"] == r.total and sums_exactly(tree)
                assert round(sum(r.dimensions.values()) * 100) == round(r.total * 100)
            for a in g.results:
                for b in g.results:
                    if a.total > b.total:
                        assert a.rank < b.rank
                    keys_a = (a.total, a.dimensions["现场"])
                    keys_b = (b.total, b.dimensions["现场"])
                    if keys_a > keys_b:
                        assert a.rank < b.rank

    @settings(max_examples=30, deadline=None)
    @given(contests())
    def test_identical_entrants_get_identical_totals(self, contest):
        entrants, obs = contest
        twin = Entrant("twin", "twin", entrants[0].group)
        copies = [
            Observation("twin", o.source, o.item, o.value, o.judge)
            for o in obs
            if o.entrant == entrants[0].id
        ]
        ev = evaluate(SCHEME, entrants + [twin], obs + copies)
        a, b = ev.result(entrants[0].id), ev.result("twin")
        assert (a.total, a.rank, a.dimensions) == (b.total, b.rank, b.dimensions)


def test_the_same_input_twice_gives_the_same_dict():
    rng = random.Random(3)
    entrants = [Entrant(f"e{i}", f"e{i}", "甲组") for i in range(5)]
    obs = [Observation(e.id, "data", "率", rng.uniform(99, 100)) for e in entrants]
    assert evaluate(SCHEME, entrants, obs).to_dict() == evaluate(SCHEME, entrants, obs).to_dict()


DIVING = parse_scheme(
    {
        "contest": "跳水",
        "panels": {
            "p": {
                "aggregate": "trimmed",
                "factor_max": 3.6,
                "criteria": [{"id": "x", "max": 10, "step": 0.5}],
            }
        },
        "dimensions": [
            {
                "name": "d",
                "indicators": [{"name": "跳水", "points": 100, "source": "panel", "panel": "p"}],
            }
        ],
    }
)
difficulty = st.floats(min_value=1.2, max_value=3.6).map(lambda v: round(v, 1))


def leaf_of(result):
    return result.explanation.to_dict()["children"][0]["children"][0]


class TestPanelProperties:
    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.tuples(st.lists(marks, min_size=3, max_size=5), difficulty), min_size=2))
    def test_a_factor_never_makes_two_different_panel_totals_tie_at_full_points(self, dives):
        entrants = [Entrant(f"e{i}", f"e{i}", "g") for i in range(len(dives))]
        obs = [
            Observation(e.id, "panel", "x", m, judge=f"J{j}", factor=dd)
            for e, (ms, dd) in zip(entrants, dives, strict=True)
            for j, m in enumerate(ms)
        ]
        leaves = [leaf_of(r) for r in evaluate(DIVING, entrants, obs).groups[0].results]
        for a in leaves:
            assert a["unrounded"] <= 100 + 1e-9
            for b in leaves:
                if a["value"] > b["value"] + 1e-9:
                    assert a["unrounded"] > b["unrounded"]

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(st.lists(marks, min_size=2, max_size=2), min_size=2, max_size=4),
        st.lists(st.lists(marks, min_size=2, max_size=2), min_size=2, max_size=4),
        st.integers(0, 1),
        st.integers(0, 1),
    )
    def test_dropping_one_criterions_marks_never_removes_the_other_marks(self, r1, r2, rd, cd):
        # Two rounds of judges' (c1, c2) marks; c2 weighs 2 (see SCHEME's panel p).
        obs = [
            Observation("e", "panel", c, m, judge=f"J{j}", round=str(r + 1))
            for r, sheets in enumerate((r1, r2))
            for j, pair in enumerate(sheets)
            for c, m in zip(("c1", "c2"), pair, strict=True)
        ]
        full = score_panel(SCHEME, "评审", obs)
        kept = [o for o in obs if not (o.round == str(rd + 1) and o.item == ("c1", "c2")[cd])]
        dropped = score_panel(SCHEME, "评审", kept)
        rounds = score_panel(SCHEME, "评审", [o for o in obs if o.round == str(rd + 1)])
        lost = rounds.criteria[("c1", "c2")[cd]] * (1, 2)[cd]
        # With the default missing: zero the dropped cell is worth 0 and nothing else moves.
        np.testing.assert_allclose(dropped.total, full.total - lost, atol=1e-9)


def deductions():
    return parse_scheme(
        {
            "contest": "扣分",
            "dimensions": [
                {
                    "name": "d",
                    "points": 10,
                    "indicators": [
                        {"name": "工作", "points": 6, "source": "department", "rule": "manual"},
                        {"name": "扣分", "points": 4, "source": "supervision", "rule": "deduction"},
                        {
                            "name": "问题",
                            "points": 0,
                            "source": "inspection",
                            "rule": "per_occurrence(each=1, cap=2)",
                        },
                    ],
                }
            ],
        }
    )


class TestRecordProperties:
    @settings(max_examples=60, deadline=None)
    @given(
        st.floats(min_value=0, max_value=6),
        st.lists(st.floats(min_value=0, max_value=5), max_size=4),
        st.integers(0, 3),
    )
    def test_a_deduction_never_lifts_its_parent_above_its_points(self, work, records, findings):
        obs = [Observation("e", "department", "工作", work)]
        obs += [Observation("e", "supervision", "扣分", v) for v in records]
        obs += [Observation("e", "inspection", "问题", None) for _ in range(findings)]
        r = evaluate(deductions(), [Entrant("e", "e", "g")], obs).groups[0].results[0]
        assert r.total <= 10 and sums_exactly(r.explanation.to_dict())
