"""A node's floor and cap (扣完为止): applied after bonuses and deductions, shown as a line."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.scoring import Observation, SchemeError, evaluate, parse_scheme
from bipin.scoring.tests.helpers import data, people, sums_exactly, totals


def scheme(floor=None, cap=None, veto="lowest_grade"):
    bounds = {k: v for k, v in (("floor", floor), ("cap", cap)) if v is not None}
    return parse_scheme(
        {
            "contest": "c",
            "dimensions": [
                {
                    "name": "工作落实",
                    "points": 10,
                    **bounds,
                    "indicators": [
                        {"name": "评价", "points": 10, "source": "data", "rule": "manual"},
                        {"name": "加分", "source": "supervision", "rule": "bonus(cap=5)"},
                        {"name": "扣分", "source": "supervision", "rule": "deduction(cap=20)"},
                        {"name": "否决", "source": "supervision", "rule": f"veto(effect={veto})"},
                    ],
                },
                {
                    "name": "成效",
                    "indicators": [{"name": "率", "points": 5, "source": "data", "rule": "manual"}],
                },
            ],
        }
    )


def sup(who, item, value):
    return Observation(who, "supervision", item, value)


# 甲: 3 − 5 = −2; 乙: 8 − 1 = 7; 丙: 9 + 3 = 12; each also scores 4 on 成效.
OBS = [
    data("甲", 3, "评价"),
    sup("甲", "扣分", 5),
    data("乙", 8, "评价"),
    sup("乙", "扣分", 1),
    data("丙", 9, "评价"),
    sup("丙", "加分", 3),
] + [data(w, 4, "率") for w in "甲乙丙"]
WHO = people("甲", "乙", "丙")


def dimension(ev, who):
    return ev.result(who).explanation.to_dict()["children"][0]


class TestNoFloorByDefault:
    def test_a_deduction_may_take_a_dimension_below_zero(self):
        ev = evaluate(scheme(), WHO, OBS)
        assert [ev.result(w).dimensions["工作落实"] for w in "甲乙丙"] == [-2.0, 7.0, 12.0]
        assert ev.warnings == []


class TestAFloor:
    def test_it_stops_deductions_at_the_floor_with_its_own_line(self):
        ev = evaluate(scheme(floor=0), WHO, OBS)
        assert totals(ev) == {"甲": 4.0, "乙": 11.0, "丙": 16.0}
        dim = dimension(ev, "甲")
        assert dim["points"] == 0.0
        assert [(c["id"], c["points"]) for c in dim["children"]] == [
            ("评价", 3.0),
            ("加分", 0.0),
            ("扣分", -5.0),
            ("否决", 0.0),
            ("floor", 2.0),
        ]
        assert dim["children"][-1]["name"] == "扣完为止:不低于0 / floor: not below 0"
        assert sums_exactly(ev.result("甲").explanation.to_dict())

    def test_it_warns_naming_the_entrant_and_node_only_when_it_changes_a_value(self):
        ev = evaluate(scheme(floor=0), WHO, OBS)
        assert ev.warnings == [
            "组 · 甲 · “工作落实”合计-2.00低于下限0,按0计(扣完为止) / "
            "'工作落实' totals -2.00, below its floor 0: counted as 0"
        ]
        assert [c["id"] for c in dimension(ev, "乙")["children"]][-1] == "否决"

    def test_the_text_explanation_shows_the_line(self):
        ev = evaluate(scheme(floor=0), WHO, OBS)
        lines = ev.result("甲").explanation.lines()
        assert lines[1:3] == ["  工作落实: 0.0 / 10", "    评价: 3.0 / 10"]
        assert "    扣完为止:不低于0 / floor: not below 0: 2.0" in lines


class TestACap:
    def test_it_holds_bonuses_to_the_cap(self):
        ev = evaluate(scheme(cap=10), WHO, OBS)
        assert ev.result("丙").dimensions["工作落实"] == 10.0
        last = dimension(ev, "丙")["children"][-1]
        assert (last["id"], last["points"], last["name"]) == (
            "cap",
            -2.0,
            "封顶:不超过10 / cap: not above 10",
        )
        assert "above its cap 10" in ev.warnings[0] and "丙" in ev.warnings[0]

    def test_floor_and_cap_together(self):
        ev = evaluate(scheme(floor=0, cap=10), WHO, OBS)
        assert [ev.result(w).dimensions["工作落实"] for w in "甲乙丙"] == [0.0, 7.0, 10.0]
        assert len(ev.warnings) == 2


class TestAVetoAfterTheFloor:
    def test_a_zero_veto_still_takes_everything_and_the_tree_sums(self):
        ev = evaluate(scheme(floor=0, veto="zero"), WHO, OBS + [sup("甲", "否决", 1)])
        r = ev.result("甲")
        assert r.total == 0.0 and sums_exactly(r.explanation.to_dict())
        assert [c["id"] for c in dimension(ev, "甲")["children"]][-1] == "floor"


class TestDeclaringBounds:
    @pytest.mark.parametrize(
        "dim, path, message",
        [
            ({"floor": 5, "cap": 1}, "dimensions[0].cap", "cap 1 is below the floor 5"),
            ({"floor": "零"}, "dimensions[0].floor", "must be a number"),
        ],
    )
    def test_bad_bounds_are_refused(self, dim, path, message):
        with pytest.raises(SchemeError) as err:
            parse_scheme(
                {
                    "contest": "c",
                    "dimensions": [
                        {
                            "name": "d",
                            **dim,
                            "indicators": [
                                {"name": "x", "points": 1, "source": "data", "rule": "manual"}
                            ],
                        }
                    ],
                }
            )
        assert message in {p.path: p.message_en for p in err.value.problems}[path]

    def test_a_leaf_has_no_floor(self):
        with pytest.raises(SchemeError) as err:
            parse_scheme(
                {
                    "contest": "c",
                    "dimensions": [
                        {
                            "name": "d",
                            "indicators": [
                                {
                                    "name": "x",
                                    "points": 1,
                                    "source": "data",
                                    "rule": "manual",
                                    "floor": 0,
                                }
                            ],
                        }
                    ],
                }
            )
        found = {p.path: p.message_en for p in err.value.problems}
        assert "a leaf's rule bounds" in found["dimensions[0].indicators[0].floor"]


amounts = st.floats(min_value=0, max_value=20, allow_nan=False).map(lambda v: round(v, 2))


class TestEveryNodeSumsWithItsBoundLines:
    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(
            st.tuples(st.floats(0, 10).map(lambda v: round(v, 1)), amounts, amounts),
            min_size=1,
            max_size=5,
        ),
        st.sampled_from([(0, None), (None, 10), (0, 10), (2.5, 8)]),
        st.sampled_from(["lowest_grade", "zero"]),
        st.booleans(),
    )
    def test_every_explanation_node_equals_the_sum_of_its_children(self, rows, bounds, veto, hit):
        obs, who = [], []
        for i, (mark, bonus, deduction) in enumerate(rows):
            e = f"e{i}"
            who.append(e)
            obs += [data(e, mark, "评价"), sup(e, "加分", bonus), sup(e, "扣分", deduction)]
        if hit:
            obs.append(sup("e0", "否决", 1))
        floor, cap = bounds
        ev = evaluate(scheme(floor, cap, veto), people(*who), obs)
        for e in who:
            r = ev.result(e)
            tree = r.explanation.to_dict()
            assert sums_exactly(tree) and tree["total"] == r.total
            dim = r.dimensions["工作落实"]
            if not (veto == "zero" and r.vetoed):
                assert floor is None or dim >= floor
                assert cap is None or dim <= cap


def bonus_group(**group):
    """A dimension of 10 (评价, manual) and a group of two bonus items under one cap."""
    return parse_scheme(
        {
            "contest": "c",
            "dimensions": [
                {
                    "name": "工作",
                    "points": 10,
                    "indicators": [
                        {"name": "评价", "points": 10, "source": "data", "rule": "manual"},
                        {
                            "name": "加分项",
                            **group,
                            "indicators": [
                                {"name": "表扬", "source": "supervision", "rule": "bonus(cap=2)"},
                                {"name": "创新", "source": "supervision", "rule": "bonus(cap=2)"},
                            ],
                        },
                    ],
                }
            ],
        }
    )


class TestABonusGroupUnderOneCap:
    """"加分最高不超过3分" over several bonus items: a node with no points and a cap."""

    OBS = [data("甲", 9, "评价"), sup("甲", "表扬", 2), sup("甲", "创新", 2),
           data("乙", 9, "评价"), sup("乙", "表扬", 1)]

    def test_the_group_adds_at_most_its_cap_outside_the_dimensions_points(self):
        # 甲: 9 + min(2 + 2, 3) = 12; 乙: 9 + 1 = 10.
        ev = evaluate(bonus_group(cap=3), people("甲", "乙"), self.OBS)
        assert totals(ev) == {"甲": 12.0, "乙": 10.0}
        group = dimension(ev, "甲")["children"][1]
        assert [(c["name"], c["points"]) for c in group["children"]] == [
            ("表扬", 2.0), ("创新", 2.0), ("封顶:不超过3 / cap: not above 3", -1.0)]
        assert group["points"] == 3.0 and sums_exactly(dimension(ev, "甲"))

    def test_it_is_never_scaled_with_its_scored_siblings(self):
        # 评价 is excluded when missing: the dimension's scored part is scaled, the bonus is not.
        s = parse_scheme({"contest": "c", "missing": "exclude", "dimensions": [{
            "name": "工作", "points": 10, "indicators": [
                {"name": "评价", "points": 5, "source": "data", "rule": "manual"},
                {"name": "质量", "points": 5, "source": "data", "rule": "manual"},
                {"name": "加分项", "cap": 3, "indicators": [
                    {"name": "表扬", "source": "supervision", "rule": "bonus(cap=2)"}]}]}]})
        ev = evaluate(s, people("甲"), [data("甲", 4, "评价"), sup("甲", "表扬", 2)])
        assert totals(ev) == {"甲": 10.0}  # 4 × 10/5 = 8, plus 2 as recorded

    def test_points_on_such_a_group_are_refused_with_what_to_write_instead(self):
        with pytest.raises(SchemeError, match=(
                r"indicators\[1\]\.points: its children are all bonus or deduction items, "
                r"outside any points: give it no points, and bound their sum with cap: 3")):
            bonus_group(points=3)

    def test_a_record_leaf_over_its_own_cap_is_warned(self):
        ev = evaluate(bonus_group(cap=3), people("乙"), [data("乙", 9, "评价"), sup("乙", "表扬", 3)])
        assert totals(ev) == {"乙": 11.0}
        assert ev.warnings == [
            "组 · 乙 · “表扬”记录合计3超过上限2,按2计 / '表扬': records total 3, above its cap 2: "
            "counted as 2"]


class TestAWholeDimensionStopsAtZero:
    def test_deductions_stop_at_the_floor_of_the_dimension(self):
        # 扣完为止 for the dimension: 3 − 5 = −2 → 0, shown as a line of its own.
        ev = evaluate(scheme(floor=0), WHO, OBS)
        assert ev.result("甲").dimensions["工作落实"] == 0.0
        assert dimension(ev, "甲")["children"][-1]["points"] == 2.0
