"""Rounding inside a panel is declared and shown: what was rounded, from what, to what.

Property: with rounding per criterion, the published leaf is exactly the sum
of the rounded parts its explanation lists.
"""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.scoring import Observation, SchemeError, evaluate, parse_scheme
from bipin.scoring.tests.helpers import people

WEIGHTS = [0.8, 1.6, 0.7, 1.0]


def scheme(stage, criteria=2, decimals=2, **panel):
    crit = [{"id": f"c{k}", "max": 10, "step": 0.25, "weight": WEIGHTS[k]} for k in range(criteria)]
    return parse_scheme(
        {
            "contest": "c",
            "rounding": {"decimals": 2},
            "panels": {"p": {"aggregate": "trimmed", "trim": 1, "factor_max": 4,
                             "rounding": {"decimals": decimals, "stage": stage},
                             "criteria": crit, **panel}},
            "dimensions": [{"name": "d", "indicators": [
                {"name": "演技", "points": 2000, "source": "panel", "panel": "p",
                 "rule": "scaled(max=2000)"}]}],
        }
    )


def leaf(evaluation):
    return evaluation.groups[0].results[0].explanation.to_dict()["children"][0]["children"][0]


class TestRoundingSteps:
    def test_each_criterion_is_rounded_after_its_weight_and_shown(self):
        s = scheme("criterion")
        rows = [Observation("甲", "panel", "c0", m, judge=f"J{i}")
                for i, m in enumerate([7, 7, 7, 7.25, 7.25, 7.25, 7.25, 7.25, 7.5])]
        rows += [Observation("甲", "panel", "c1", 8, judge=f"J{i}") for i in range(9)]
        e = evaluate(s, people("甲"), rows)
        # c0: 50.25 / 7 = 7.178571 × 0.8 = 5.742857 → 5.74; c1: 8 × 1.6 = 12.8
        assert leaf(e)["rounding"] == [
            {"stage": "criterion", "round": None, "criterion": "c0",
             "before": pytest.approx(5.742857142), "after": 5.74},
            {"stage": "criterion", "round": None, "criterion": "c1",
             "before": pytest.approx(12.8), "after": 12.8},
        ]
        assert e.groups[0].results[0].total == 18.54

    def test_sheet_totals_list_each_judges_rounding(self):
        s = parse_scheme({
            "contest": "c",
            "panels": {"p": {"on": "sheet", "aggregate": "mean",
                             "rounding": {"decimals": 1, "stage": "judge"},
                             "criteria": [{"id": "a", "max": 10, "weight": 0.25}]}},
            "dimensions": [{"name": "d", "indicators": [
                {"name": "x", "points": 10, "source": "panel", "panel": "p",
                 "rule": "scaled(max=10)"}]}],
        })
        rows = [Observation("甲", "panel", "a", m, judge=j) for j, m in (("A", 9), ("B", 7))]
        steps = leaf(evaluate(s, people("甲"), rows))["rounding"]
        # 9 × 0.25 = 2.25 → 2.3; 7 × 0.25 = 1.75 → 1.8
        assert [(x["judge"], x["before"], x["after"]) for x in steps] == [
            ("A", 2.25, 2.3), ("B", 1.75, 1.8)]

    def test_criterion_rounding_on_sheet_totals_is_refused(self):
        with pytest.raises(SchemeError, match="stage criterion acts on each criterion"):
            scheme("criterion", on="sheet")


judge_marks = st.lists(st.integers(0, 40).map(lambda k: k / 4), min_size=3, max_size=9)


class TestPublishedTotalIsTheSumOfItsParts:
    @settings(max_examples=40, deadline=None)
    @given(
        st.lists(judge_marks, min_size=1, max_size=4),
        st.sampled_from([1.0, 2.0, 2.7, 3.3]),
        st.sampled_from(["mark", "after"]),
        st.sampled_from(["trimmed", "trimmed_sum", "mean", "median"]),
    )
    def test_the_leaf_equals_the_sum_of_the_rounded_parts_shown(self, cells, dd, at, aggregate):
        if aggregate == "trimmed_sum":
            cells = [c if len(c) >= 3 else c + [5.0] * (3 - len(c)) for c in cells]
        s = scheme("criterion", criteria=len(cells), factor=at, aggregate=aggregate)
        rows = [
            Observation("甲", "panel", f"c{k}", m, judge=f"J{k}-{i}", factor=dd)
            for k, cell in enumerate(cells)
            for i, m in enumerate(cell)
        ]
        out = leaf(evaluate(s, people("甲"), rows))
        parts = sum(Decimal(repr(x["after"])) for x in out["rounding"])
        assert Decimal(repr(out["points"])) == parts
