"""Rounding order: compute exactly, round only what is published (rounding.order)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.scoring import SchemeError, evaluate, parse_scheme, round_half_up
from bipin.scoring.tests.helpers import data, people, sums_exactly, totals

LEAVES = ("甲项", "乙项", "丙项", "丁项")


def scheme(rounding: dict | None = None, cap: float | None = None):
    """Four leaves of 1 point each; a value of 0.5 earns 0.005 (proportional to 100)."""
    dim = {
        "name": "维度",
        "indicators": [
            {"name": n, "points": 1, "source": "data", "rule": "proportional(target=100)"}
            for n in LEAVES
        ],
    }
    if cap is not None:
        dim["cap"] = cap
    spec = {"contest": "测试", "dimensions": [dim]}
    if rounding is not None:
        spec["rounding"] = rounding
    return parse_scheme(spec)


def rows(entrant: str, *values: float):
    return [data(entrant, v, item) for item, v in zip(LEAVES, values, strict=True)]


FOUR_HALVES = rows("甲", 0.5, 0.5, 0.5, 0.5) + rows("乙", 3, 0, 0, 0)


def ranks(evaluation) -> dict[str, int]:
    return {r.entrant.id: r.rank for g in evaluation.groups for r in g.results}


class TestPerLeafRounding:
    def test_per_leaf_rounding_stays_the_default_and_lets_small_parts_overtake(self):
        # The behaviour published figures of existing schemes rest on: four
        # contributions of 0.005 are each published as 0.01.
        e = evaluate(scheme(), people("甲", "乙"), FOUR_HALVES)
        assert totals(e) == {"甲": 0.04, "乙": 0.03}
        assert ranks(e) == {"甲": 1, "乙": 2}


class TestRoundingAtTheEnd:
    def test_an_exact_002_never_ranks_above_an_exact_003(self):
        e = evaluate(scheme({"decimals": 2, "order": "end"}), people("甲", "乙"), FOUR_HALVES)
        assert totals(e) == {"甲": 0.02, "乙": 0.03}
        assert ranks(e) == {"乙": 1, "甲": 2}

    def test_the_published_parts_add_up_to_the_published_total_by_largest_remainder(self):
        e = evaluate(scheme({"decimals": 2, "order": "end"}), people("甲", "乙"), FOUR_HALVES)
        tree = e.result("甲").explanation.to_dict()
        parts = [(c["points"], c["exact"]) for c in tree["children"][0]["children"]]
        # Equal remainders (0.5 of a cent each): the earlier leaves take the 2 cents.
        assert parts == [(0.01, 0.005), (0.01, 0.005), (0.0, 0.005), (0.0, 0.005)]
        assert tree["rounding"] == {
            "order": "end",
            "decimals": 2,
            "exact": 0.02,
            "published": 0.02,
            "parts": "largest remainder within each node / 各节点内按最大余数分配",
        }
        assert sums_exactly(tree)

    def test_ranks_compare_exact_totals_unless_the_scheme_ranks_by_the_published_figure(self):
        close = rows("甲", 2.4, 0, 0, 0) + rows("乙", 2.1, 0, 0, 0)
        exact = evaluate(scheme({"order": "end"}), people("甲", "乙"), close)
        published = evaluate(
            scheme({"order": "end", "rank_by": "published"}), people("甲", "乙"), close
        )
        assert totals(exact) == totals(published) == {"甲": 0.02, "乙": 0.02}
        assert ranks(exact) == {"甲": 1, "乙": 2}
        assert ranks(published) == {"甲": 1, "乙": 1}

    def test_a_cap_is_a_part_of_its_own_and_the_node_still_adds_up(self):
        # Exact 0.9995 + 0.9995 = 1.999, capped at 1.5: the cap line takes 0.499.
        e = evaluate(
            scheme({"decimals": 2, "order": "end"}, cap=1.5),
            people("甲"),
            rows("甲", 99.95, 99.95, 0, 0),
        )
        tree = e.result("甲").explanation.to_dict()
        lines = [c["points"] for c in tree["children"][0]["children"]]
        assert lines == [1.0, 1.0, 0.0, 0.0, -0.5]
        assert tree["total"] == 1.5 and sums_exactly(tree)
        assert any("超过上限1.5" in w and "1.999" not in w for w in e.warnings)


class TestRoundingDeclaration:
    def test_an_unknown_order_is_refused(self):
        with pytest.raises(SchemeError, match=r"rounding.order: must be one of leaf, end"):
            scheme({"order": "sometimes"})

    def test_rank_by_without_order_end_is_refused(self):
        with pytest.raises(SchemeError, match="rank_by needs order: end"):
            scheme({"rank_by": "published"})


values = st.decimals(min_value=0, max_value=100, places=3, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(values, values, values, values), min_size=2, max_size=6),
    st.integers(min_value=0, max_value=3),
)
def test_published_parts_always_add_up_and_never_contradict_the_exact_order(table, decimals):
    ids = [f"e{i}" for i in range(len(table))]
    obs = [o for i, vs in zip(ids, table, strict=True) for o in rows(i, *map(float, vs))]
    e = evaluate(scheme({"decimals": decimals, "order": "end"}), people(*ids), obs)
    unit = Decimal(1).scaleb(-decimals)
    seen = []
    for i, vs in zip(ids, table, strict=True):
        r = e.result(i)
        tree = r.explanation.to_dict()
        exact = sum(vs) / 100  # each leaf: 1 point × value / 100
        assert Decimal(repr(r.total)) == round_half_up(exact, decimals)
        leaves = tree["children"][0]["children"]
        assert sum(Decimal(repr(c["points"])) for c in leaves) == Decimal(repr(r.total)).quantize(unit)
        assert all(abs(Decimal(repr(c["points"])) - Decimal(repr(c["exact"]))) < unit for c in leaves)
        seen.append((exact, r.total, r.rank))
    for exact_a, pub_a, rank_a in seen:
        for exact_b, pub_b, rank_b in seen:
            if exact_a > exact_b:
                assert pub_a >= pub_b and rank_a < rank_b


def nested(decimals: int):
    """Two dimensions: a capped sum with an inner node, and a geometric composite."""
    rate = {"source": "data", "rule": "proportional(target=100)"}
    return parse_scheme({
        "contest": "测试",
        "rounding": {"decimals": decimals, "order": "end"},
        "dimensions": [
            {"name": "甲维", "cap": 4.5, "indicators": [
                {"name": "a", "points": 2, **rate},
                {"name": "内", "indicators": [{"name": "b", "points": 1.5, **rate},
                                              {"name": "c", "points": 1.5, **rate}]}]},
            {"name": "乙维", "points": 7, "combine": "composite", "composite": {
                "normalise": "goalposts", "aggregate": "geometric", "range": [0.1, 1]},
             "children": [{"name": "d", "source": "data", "goalposts": [0, 100], "weight": 2},
                          {"name": "e", "source": "data", "goalposts": [0, 100]}]},
        ],
    })


def adds_up(node: dict, unit: Decimal) -> bool:
    kids = node.get("children", [])
    figure = Decimal(repr(node.get("points", node.get("total"))))
    if not kids:
        return "exact" not in node or abs(figure - Decimal(repr(node["exact"]))) < unit
    parts = sum(Decimal(repr(k["points"])) for k in kids)
    return parts.quantize(unit) == figure.quantize(unit) and all(adds_up(k, unit) for k in kids)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(*[values] * 5), min_size=2, max_size=5),
    st.integers(min_value=0, max_value=3),
)
def test_every_node_of_a_nested_tree_adds_up_and_the_order_stays_exact(table, decimals):
    ids = [f"e{i}" for i in range(len(table))]
    obs = [data(i, float(v), item) for i, vs in zip(ids, table, strict=True)
           for item, v in zip("abcde", vs, strict=True)]
    e = evaluate(nested(decimals), people(*ids), obs)
    unit = Decimal(1).scaleb(-decimals)
    seen = []
    for i in ids:
        r = e.result(i)
        tree = r.explanation.to_dict()
        exact = Decimal(repr(tree["rounding"]["exact"]))
        assert Decimal(repr(r.total)) == round_half_up(exact, decimals)
        assert adds_up(tree, unit)
        seen.append((exact, r.total, r.rank))
    for exact_a, pub_a, rank_a in seen:
        for exact_b, pub_b, rank_b in seen:
            if exact_a > exact_b:
                assert pub_a >= pub_b and rank_a < rank_b
