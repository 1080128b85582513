"""Severity-adjusted panels (``adjust: judge_effect``): hand-computed cases and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.scoring import Observation, SchemeError, evaluate, parse_scheme
from bipin.scoring.panel_adjust import late_adjustment
from bipin.scoring.tests.helpers import people

# docs/scheme.md "Severity adjustment": 丙 is marked by all three judges, 乙
# was spared the strict judge C (recused), who is 1 point below A and B.
WORKED = {"甲": (9, 9, 8), "乙": (8.8, 8.8, None), "丙": (7, 7, 6)}


def scheme(adjust="judge_effect", **panel):
    criteria = panel.pop("criteria", [{"id": "x", "max": 10, "step": 0.1}])
    return parse_scheme({
        "contest": "c",
        "panels": {"p": {"aggregate": "mean", "adjust": adjust, "criteria": criteria, **panel}},
        "dimensions": [{"name": "d", "indicators": [
            {"name": "演讲", "points": 10, "source": "panel", "panel": "p"}]}],
    })


def observations(table: dict, criterion: str = "x") -> list[Observation]:
    return [Observation(e, "panel", criterion, v, judge=j)
            for e, marks in table.items() for j, v in zip("ABCD", marks, strict=False) if v is not None]


def run(s, table):
    ev = evaluate(s, people(*table), observations(table))
    return {r.entrant.id: r for r in ev.groups[0].results}, ev.warnings


def leaf(result) -> dict:
    return result.explanation.to_dict()["children"][0]["children"][0]


def test_the_worked_example_ranks_by_the_adjusted_marks():
    results, warnings = run(scheme(), WORKED)
    # Effects: C is 1 below A and B where all three marked; summing to zero,
    # A = B = +1/3 and C = −2/3. 乙 loses the 1/3 C's absence gave it.
    assert {e: r.total for e, r in results.items()} == {"甲": 8.67, "乙": 8.47, "丙": 6.67}
    assert {e: r.rank for e, r in results.items()} == {"甲": 1, "乙": 2, "丙": 3}
    assert warnings == []
    a = leaf(results["乙"])["adjust"]
    assert a["counts"] is True and a["raw"] == pytest.approx(8.8)
    assert a["adjusted"] == pytest.approx(8.8 - 1 / 3)
    assert [(x["judge"], round(x["effect"], 6)) for x in a["effects"]] == [("A", 0.333333), ("B", 0.333333)]
    marks = leaf(results["甲"])["inputs"]
    assert [(m["judge"], m["mark"], round(m["adjusted"], 6)) for m in marks] == [
        ("A", 9.0, 8.666667), ("B", 9.0, 8.666667), ("C", 8.0, 8.666667)]


def test_without_the_declaration_the_raw_marks_rank():
    results, _ = run(scheme("none"), WORKED)
    assert {e: (r.total, r.rank) for e, r in results.items()} == {
        "甲": (8.67, 2), "乙": (8.8, 1), "丙": (6.67, 3)}
    assert "adjust" not in leaf(results["乙"])


def test_a_late_declaration_counts_the_raw_marks_and_says_so_on_each_entrant():
    results, warnings = run(late_adjustment(scheme(), ["p"]), WORKED)
    assert {e: r.total for e, r in results.items()} == {"甲": 8.67, "乙": 8.8, "丙": 6.67}
    a = leaf(results["乙"])["adjust"]
    assert (a["counts"], a["raw"], round(a["adjusted"], 3)) == (False, 8.8, 8.467)
    assert len(warnings) == 3
    assert all("评委组p的评委宽严调整在评分开始后才写入方案,本次不计入" in w for w in warnings)


def test_an_adjusted_mark_beyond_full_marks_is_counted_and_warned_never_clipped():
    table = {**WORKED, "丁": (None, None, 10)}  # only the strict judge marked 丁
    results, warnings = run(scheme(), table)
    assert results["丁"].total == 10.67  # 10 + 2/3, beyond the leaf's 10 points, not clipped
    [warning] = warnings
    assert "丁" in warning and "评委C对评分项“x”的调整后分值10.67超出[0, 10],按调整后分值计入,未截断" in warning
    [mark] = leaf(results["丁"])["inputs"]
    assert mark["outside"] is True and mark["adjusted"] == pytest.approx(10 + 2 / 3)


def test_a_trimmed_panel_trims_the_adjusted_marks():
    s = scheme(aggregate="trimmed", trim=1)
    table = {"甲": (9, 9, 8), "乙": (8, 9, 7), "丙": (7, 7, 6)}
    results, _ = run(s, table)
    # Complete design: effects are the judges' mean deviations from the grand
    # mean 70/9: A 8 − 70/9 = +2/9, B +5/9, C −7/9. 乙 adjusted: 7 7/9, 8 4/9,
    # 7 7/9 → the middle one 7 7/9 (raw: 8, 9, 7 → 8).
    assert results["乙"].total == 7.78
    assert leaf(results["乙"])["adjust"]["raw"] == 8.0


@pytest.mark.parametrize("panel, message", [
    ({"adjust": "rasch"}, "须为 none、judge_effect 之一"),
    ({"aggregate": "sum"}, "不适用于 aggregate: sum"),
    ({"factor_max": 2}, "factor_max 须为 1"),
])
def test_a_panel_that_cannot_be_adjusted_is_refused_by_name(panel, message):
    with pytest.raises(SchemeError) as caught:
        scheme(**{"adjust": "judge_effect", **panel})
    assert any(p.path == "panels.p.adjust" and message in p.message_zh for p in caught.value.problems)


# Marks on a 0.5 step (exact in binary), so equalities hold to the last bit.
marks_0_10 = st.integers(0, 20).map(lambda n: n / 2)


@st.composite
def panels(draw, complete: bool):
    n_entrants = draw(st.integers(2, 5))
    n_judges = draw(st.integers(2, 4))
    table = {}
    for e in range(n_entrants):
        marks = [draw(marks_0_10) for _ in range(n_judges)]
        if not complete:
            seen = draw(st.lists(st.booleans(), min_size=n_judges, max_size=n_judges))
            seen[draw(st.integers(0, n_judges - 1))] = True
            marks = [m if s else None for m, s in zip(marks, seen, strict=True)]
        table[f"E{e}"] = tuple(marks)
    return table


@settings(max_examples=60, deadline=None)
@given(panels(complete=False), st.sampled_from(["mean", "median", "trimmed"]))
def test_equally_severe_judges_leave_the_result_as_it_is(table, aggregate):
    # Every judge gives an entrant the same mark: no judge is stricter than another.
    same = {e: tuple(None if v is None else next(x for x in m if x is not None) for v in m)
            for e, m in table.items()}
    adjusted = evaluate(scheme(aggregate=aggregate), people(*same), observations(same))
    raw = evaluate(scheme("none", aggregate=aggregate), people(*same), observations(same))
    assert [r.total for r in adjusted.groups[0].results] == [r.total for r in raw.groups[0].results]
    assert adjusted.warnings == []


@settings(max_examples=60, deadline=None)
@given(panels(complete=True), st.integers(1, 3), st.sampled_from(["mean", "median", "trimmed"]))
def test_a_constant_added_to_one_judge_moves_every_adjusted_total_alike(table, k, aggregate):
    s = scheme(aggregate=aggregate, criteria=[{"id": "x", "max": 20}])
    shifted = {e: (m[0] + k, *m[1:]) for e, m in table.items()}
    before = {r.entrant.id: leaf(r)["adjust"]["adjusted"]
              for r in evaluate(s, people(*table), observations(table)).groups[0].results}
    after = {r.entrant.id: leaf(r)["adjust"]["adjusted"]
             for r in evaluate(s, people(*shifted), observations(shifted)).groups[0].results}
    # The judge's effect absorbs k except the k/J the zero-sum puts on everyone:
    # differences between entrants, hence ranks, do not move.
    n_judges = len(next(iter(table.values())))
    for e in table:
        assert after[e] - before[e] == pytest.approx(k / n_judges, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(panels(complete=True))
def test_in_a_complete_design_the_adjusted_mean_is_the_raw_mean(table):
    results, _ = run(scheme(criteria=[{"id": "x", "max": 10}]), table)
    for r in results.values():
        a = leaf(r)["adjust"]
        assert a["adjusted"] == pytest.approx(a["raw"], abs=1e-6)
