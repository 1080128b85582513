"""evaluate(): hand-computed contests covering combination, missing values, vetoes and ties."""

import pytest

from bipin.scoring import (
    Entrant,
    Evaluation,
    Observation,
    ObservationError,
    ObservationTable,
    evaluate,
    parse_scheme,
)
from bipin.scoring.tests.helpers import data, people, sums_exactly, totals


def two_leaves(combine="sum", missing="zero", **dim):
    return parse_scheme(
        {
            "contest": "c",
            "missing": missing,
            "dimensions": [
                {
                    "name": "d",
                    "points": 10,
                    "combine": combine,
                    **dim,
                    "indicators": [
                        {
                            "name": "a",
                            "points": 4,
                            "weight": 3,
                            "source": "data",
                            "rule": "scaled(max=100)",
                        },
                        {
                            "name": "b",
                            "points": 6,
                            "weight": 1,
                            "source": "data",
                            "rule": "scaled(max=100)",
                        },
                    ],
                }
            ],
        }
    )


class TestEvaluate:
    def test_sum_node_adds_children(self):
        ev = evaluate(two_leaves(), people("甲"), [data("甲", 50, "a"), data("甲", 50, "b")])
        assert totals(ev) == {"甲": 5.0}

    def test_weighted_node_normalises_each_child(self):
        # 10 × (3/4 × 50/100 + 1/4 × 100/100) = 6.25
        ev = evaluate(
            two_leaves("weighted"), people("甲"), [data("甲", 50, "a"), data("甲", 100, "b")]
        )
        assert totals(ev) == {"甲": 6.25}

    def test_missing_zero_group_mean_and_exclude(self):
        obs = [data("甲", 50, "a"), data("乙", 100, "a"), data("乙", 100, "b")]
        ev = evaluate(two_leaves(missing="zero"), people("甲", "乙"), obs)
        assert totals(ev)["甲"] == 2.0 and len(ev.warnings) == 1 and "按0分计" in ev.warnings[0]
        ev = evaluate(two_leaves(missing="group_mean"), people("甲", "乙"), obs)
        assert totals(ev)["甲"] == 8.0  # 2 + mean of b among those with data (6)
        ev = evaluate(two_leaves(missing="exclude"), people("甲", "乙"), obs)
        assert totals(ev)["甲"] == 5.0  # a alone carries the 10 points: 2 × 10/4
        ev = evaluate(two_leaves("weighted", missing="exclude"), people("甲", "乙"), obs)
        assert totals(ev)["甲"] == 5.0
        assert "excluded" in ev.warnings[0]

    def test_composite_min_max_with_fixed_weights(self):
        s = parse_scheme(
            {
                "contest": "c",
                "dimensions": [
                    {
                        "name": "成效",
                        "points": 10,
                        "combine": "composite",
                        "composite": {"normalise": "min-max", "weighting": "fixed"},
                        "children": [
                            {"name": "收入", "source": "data", "weight": 3},
                            {"name": "风险", "source": "data", "weight": 1, "direction": "lower"},
                        ],
                    }
                ],
            }
        )
        obs = [
            data("甲", 10, "收入"),
            data("甲", 1, "风险"),
            data("乙", 20, "收入"),
            data("乙", 3, "风险"),
            data("丙", 15, "收入"),
            data("丙", 2, "风险"),
        ]
        ev = evaluate(s, people("甲", "乙", "丙"), obs)
        # 甲: 0.75×0 + 0.25×1 = 2.5; 乙: 0.75×1 + 0 = 7.5; 丙: 0.75×0.5 + 0.25×0.5 = 5
        assert totals(ev) == {"甲": 2.5, "乙": 7.5, "丙": 5.0}
        tree = ev.result("丙").explanation.to_dict()
        assert tree["children"][0]["children"][0]["normalised"] == 0.5
        assert sums_exactly(tree)

    def test_composite_geometric_and_entropy(self):
        s = parse_scheme(
            {
                "contest": "c",
                "dimensions": [
                    {
                        "name": "成效",
                        "points": 10,
                        "combine": "composite",
                        "composite": {
                            "normalise": "target",
                            "weighting": "entropy",
                            "aggregate": "geometric",
                        },
                        "children": [
                            {"name": "x", "source": "data", "target": 100},
                            {"name": "y", "source": "data", "target": 50},
                        ],
                    }
                ],
            }
        )
        obs = [data("甲", 100, "x"), data("甲", 25, "y"), data("乙", 50, "x"), data("乙", 50, "y")]
        ev = evaluate(s, people("甲", "乙"), obs)
        # min-max for entropy makes both columns (0, 1) and (1, 0): equal weights
        # 10 × √0.5 = 7.0711: the leaves' shares (3.5355 each) are rounded so they add to 7.07
        assert totals(ev)["甲"] == 7.07
        assert sums_exactly(ev.result("甲").explanation.to_dict())

    @pytest.mark.parametrize("weighting", ["critic", "cv", "ahp"])
    def test_other_weightings_run(self, weighting):
        comp = {"weighting": weighting, "ahp": [[1, 2], [0.5, 1]]}
        s = parse_scheme(
            {
                "contest": "c",
                "dimensions": [
                    {
                        "name": "c",
                        "points": 10,
                        "combine": "composite",
                        "composite": comp,
                        "children": [{"name": k, "source": "data"} for k in "xy"],
                    }
                ],
            }
        )
        obs = [
            data(e, v, k)
            for e, v, k in [
                ("甲", 1, "x"),
                ("甲", 5, "y"),
                ("乙", 3, "x"),
                ("乙", 2, "y"),
                ("丙", 2, "x"),
            ]
        ]
        ev = evaluate(s, people("甲", "乙", "丙"), obs)
        assert all(sums_exactly(r.explanation.to_dict()) for g in ev.groups for r in g.results)

    def veto_scheme(self, effect):
        return parse_scheme(
            {
                "contest": "c",
                "dimensions": [
                    {
                        "name": "d",
                        "indicators": [
                            {"name": "a", "points": 10, "source": "data", "rule": "manual"},
                            {
                                "name": "否决",
                                "source": "supervision",
                                "rule": f"veto(effect={effect})",
                            },
                        ],
                    }
                ],
                "grades": {
                    "by": "thresholds",
                    "levels": [{"name": "好", "min": 5}, {"name": "较差"}],
                },
                "awards": {"levels": [{"name": "一等奖", "count": 1}]},
            }
        )

    def test_an_entrant_with_missing_data_is_not_awarded_even_when_tied(self):
        scheme = self.veto_scheme("no_award")
        ev = evaluate(scheme, people("甲", "乙", "丙"), [data("甲", 0, "a")])
        assert [ev.result(x).total for x in "甲乙丙"] == [0.0, 0.0, 0.0]
        assert [ev.result(x).award for x in "甲乙丙"] == ["一等奖", None, None]
        assert sum("not eligible for an award" in w for w in ev.warnings) == 2

    @pytest.mark.parametrize(
        "effect, total, grade",
        [("lowest_grade", 9.0, "较差"), ("zero", 0.0, "较差"), ("no_award", 9.0, "好")],
    )
    def test_veto_effects(self, effect, total, grade):
        obs = [data("甲", 9, "a"), data("乙", 8, "a"), Observation("甲", "supervision", "否决", 1)]
        ev = evaluate(self.veto_scheme(effect), people("甲", "乙"), obs)
        a = ev.result("甲")
        assert (a.total, a.grade, a.award, a.vetoed) == (total, grade, None, True)
        assert ev.result("乙").award == "一等奖"
        assert sums_exactly(a.explanation.to_dict())

    def test_tie_break_chain(self):
        s = parse_scheme(
            {
                "contest": "c",
                "dimensions": [
                    {
                        "name": "A",
                        "indicators": [
                            {"name": "a", "points": 10, "source": "data", "rule": "manual"}
                        ],
                    },
                    {
                        "name": "B",
                        "indicators": [
                            {"name": "b", "points": 10, "source": "data", "rule": "manual"},
                            {"name": "扣分", "source": "supervision", "rule": "deduction(cap=5)"},
                        ],
                    },
                ],
                "ranking": {"tie_break": ["dimension:A", "fewer_deductions", "draw"]},
            }
        )
        rows = {"甲": (6, 4, 1), "乙": (7, 3, 2), "丙": (6, 4, 0), "丁": (6, 4, 0), "戊": (1, 1, 0)}
        obs = []
        for e, (a, b, d) in rows.items():
            obs += [data(e, a, "a"), data(e, b + d, "b")]
            obs += [Observation(e, "supervision", "扣分", d)] if d else []
        ev = evaluate(s, people(*rows), obs, draw_order={"丙": 2, "丁": 1})
        # all of 甲乙丙丁 total 10; 乙 has A=7; 丙 and 丁 have no deductions; 丁 drew 1
        assert [(r.entrant.id, r.rank) for r in ev.groups[0].results] == [
            ("乙", 1),
            ("丁", 2),
            ("丙", 3),
            ("甲", 4),
            ("戊", 5),
        ]
        ev = evaluate(s, people(*rows), obs)
        assert [r.rank for r in ev.groups[0].results] == [1, 2, 2, 4, 5]
        assert any("draw" in w for w in ev.warnings)

    def test_reducers_and_sources(self):
        s = parse_scheme(
            {
                "contest": "c",
                "dimensions": [
                    {
                        "name": "d",
                        "indicators": [
                            {
                                "name": "n",
                                "points": 10,
                                "source": "inspection",
                                "reduce": "count",
                                "rule": "bands(bands=[[0, 10], [2, 5]], higher_is_better=false)",
                            },
                            {
                                "name": "s",
                                "points": 10,
                                "source": "department",
                                "reduce": "sum",
                                "rule": "manual",
                            },
                            {"name": "m", "points": 10, "source": "exam", "reduce": "min"},
                        ],
                    }
                ],
            }
        )
        obs = [
            Observation("甲", "inspection", "n", None),
            Observation("甲", "inspection", "n", None),
            Observation("甲", "department", "s", 2),
            Observation("甲", "department", "s", 3),
            Observation("甲", "exam", "m", 80),
            Observation("甲", "exam", "m", 60),
        ]
        assert totals(evaluate(s, people("甲"), obs)) == {"甲": 16.0}

    def test_contract_and_explanation(self):
        ev = evaluate(
            two_leaves(),
            [Entrant("甲", "示例甲", "县", code="S1")],
            [data("S1", 50, "a", ref="x.csv:2"), data("甲", 50, "b")],
        )
        d = ev.to_dict()
        assert list(d) == ["contest", "groups", "warnings"]
        assert d["groups"][0]["results"][0] == {
            "entrant": "甲",
            "total": 5.0,
            "rank": 1,
            "grade": None,
            "award": None,
            "dimensions": {"d": 5.0},
        }
        full = ev.to_dict(explain=True)["groups"][0]["results"][0]
        leaf = full["explanation"]["children"][0]["children"][0]
        assert leaf["inputs"][0]["ref"] == "x.csv:2" and leaf["rule"]["type"] == "scaled"
        assert ev.result("甲").explanation.lines()[0] == "示例甲: 5.0"
        with pytest.raises(KeyError):
            ev.result("nobody")

    def test_scheme_entrants_and_a_table(self):
        s = parse_scheme(
            {
                "contest": "c",
                "entrants": [{"id": "甲", "group": "县"}],
                "dimensions": [
                    {
                        "name": "d",
                        "indicators": [
                            {"name": "a", "points": 10, "source": "data", "rule": "manual"}
                        ],
                    }
                ],
            }
        )
        table = ObservationTable.from_observations([data("甲", 3, "a")])
        assert totals(evaluate(s, None, table)) == {"甲": 3.0}
        assert isinstance(evaluate(s, None, []), Evaluation)

    @pytest.mark.parametrize(
        "obs, field",
        [
            ([data("丙", 1, "a")], "entrant"),
            ([data("甲", 1, "zz")], "item"),
            ([Observation("甲", "exam", "a", 1)], "source"),
        ],
    )
    def test_bad_observations_are_located(self, obs, field):
        with pytest.raises(ObservationError) as err:
            evaluate(two_leaves(), people("甲"), obs)
        assert err.value.field == field

    def test_bad_entrants(self):
        with pytest.raises(ValueError, match="duplicate"):
            evaluate(two_leaves(), people("甲", "甲"), [])
        s = parse_scheme(
            {
                "contest": "c",
                "groups": ["县"],
                "dimensions": [
                    {
                        "name": "d",
                        "indicators": [
                            {"name": "a", "points": 10, "source": "data", "rule": "manual"}
                        ],
                    }
                ],
            }
        )
        with pytest.raises(ValueError, match="does not declare"):
            evaluate(s, people("甲", group="市"), [])
