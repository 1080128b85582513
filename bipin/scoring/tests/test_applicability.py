"""A node that does not apply to a group is silent; a leaf that applies and has no data warns."""

import pytest

from bipin.scoring import Entrant, Observation, ObservationError, evaluate, parse_scheme
from bipin.scoring.tests.helpers import data, sums_exactly


def manual(name, **extra):
    return {"name": name, "points": 5, "source": "data", "rule": "manual", **extra}


SCHEME = parse_scheme(
    {
        "contest": "c",
        "groups": ["县", "部门"],
        "dimensions": [
            {"name": "共同", "indicators": [manual("a")]},
            {
                "name": "县专属",
                "points": 10,
                "indicators": [manual("b", groups=["县"]), manual("c", groups=["县"])],
            },
            {
                "name": "混合",
                "indicators": [
                    manual("d"),
                    {"name": "县细项", "indicators": [manual("e", groups=["县"])]},
                ],
            },
        ],
    }
)


class TestANodeThatDoesNotApply:
    def test_a_dimension_with_no_leaf_in_the_group_is_not_scored_and_not_warned(self):
        ev = evaluate(
            SCHEME,
            [Entrant("局", "局", "部门")],
            [data("局", 4, "a"), data("局", 3, "d")],
        )
        r = ev.result("局")
        assert ev.warnings == []
        assert r.dimensions == {"共同": 4.0, "混合": 3.0} and r.total == 7.0
        tree = r.explanation.to_dict()
        assert [c["id"] for c in tree["children"]] == ["共同", "混合"]
        assert [c["id"] for c in tree["children"][1]["children"]] == ["d"]
        assert sums_exactly(tree)

    def test_its_name_is_not_an_item_of_that_group(self):
        with pytest.raises(ObservationError) as err:
            evaluate(SCHEME, [Entrant("局", "局", "部门")], [data("局", 4, "县专属")])
        assert err.value.field == "item"

    def test_the_tree_of_a_group_holds_only_what_applies(self):
        assert [d.id for d in SCHEME.tree("部门")] == ["共同", "混合"]
        assert all(not d.is_leaf for d in SCHEME.tree("部门"))
        assert [d.id for d in SCHEME.tree("县")] == ["共同", "县专属", "混合"]


class TestALeafThatAppliesWithoutData:
    def test_it_warns_once_per_entrant_and_item(self):
        ev = evaluate(
            SCHEME,
            [Entrant("一县", "一县", "县"), Entrant("局", "局", "部门")],
            [data("一县", 4, "a"), data("一县", 1, "b"), data("局", 4, "a"), data("局", 3, "d")],
        )
        assert ev.warnings == [
            "县 · 一县 · “c”缺少数据,按0分计 / 'c' has no data: scored 0",
            "县 · 一县 · “d”缺少数据,按0分计 / 'd' has no data: scored 0",
            "县 · 一县 · “e”缺少数据,按0分计 / 'e' has no data: scored 0",
        ]

    def test_a_record_leaf_without_rows_means_nothing_happened(self):
        s = parse_scheme(
            {
                "contest": "c",
                "dimensions": [
                    {
                        "name": "d",
                        "indicators": [
                            manual("a"),
                            {"name": "扣分", "source": "supervision", "rule": "deduction(cap=2)"},
                        ],
                    }
                ],
            }
        )
        ev = evaluate(s, [Entrant("甲", "甲", "g")], [Observation("甲", "data", "a", 5)])
        assert ev.warnings == [] and ev.result("甲").total == 5.0
