"""Trimming each criterion or the judges' sheet totals: the same marks give two
different totals, and the explanation says which one the scheme used (the
console and the result card show it, so a hand calculation the other way is
not taken for a fault of the screen)."""

import pytest

from bipin.scoring import Observation, evaluate, parse_scheme, score_panel
from bipin.scoring.tests.helpers import people

# Five judges J0..J4 on two 100-point criteria.
A = [50, 40, 30, 20, 10]
B = [0, 0, 30, 40, 50]


def scheme(on: str):
    return parse_scheme({"contest": "c", "panels": {"p": {
        "aggregate": "trimmed", "trim": 1, "on": on, "rounding": {"decimals": 2, "stage": "entrant"},
        "criteria": [{"id": "a", "max": 100}, {"id": "b", "max": 100}]}},
        "dimensions": [{"name": "d", "indicators": [
            {"name": "演讲", "points": 200, "source": "panel", "panel": "p"}]}]})


def marks():
    return [Observation("甲", "panel", c, v, judge=f"J{j}")
            for c, values in (("a", A), ("b", B)) for j, v in enumerate(values)]


@pytest.mark.parametrize(("on", "total"), [
    # a: drop 50 and 10 -> (40+30+20)/3 = 30; b: drop 50 and one 0 -> (0+30+40)/3 = 23.333; 53.33
    ("criterion", 53.33),
    # sheet totals 50, 40, 60, 60, 60: drop 60 and 40 -> (50+60+60)/3 = 56.667 -> 56.67
    ("sheet", 56.67),
])
def test_trimming_per_criterion_and_on_sheet_totals_give_different_totals(on, total):
    assert score_panel(scheme(on), "演讲", marks()).total == pytest.approx(total)


@pytest.mark.parametrize("on", ["criterion", "sheet"])
def test_the_explanation_says_where_the_panel_trims(on):
    leaf = evaluate(scheme(on), people("甲"), marks()).result("甲").explanation.to_dict()["children"][0]["children"][0]
    assert (leaf["aggregate"], leaf["on"]) == ("trimmed", on)
