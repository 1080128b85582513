"""Explanation trees built group-wide are the ones a straightforward reading gives.

The trees are prepared once per group (marks found for every entrant at once,
each mark a copy of a shared template, figures laid out entrant by entrant):
these tests hold that preparation to a plain per-entrant reading of the arrays,
types and key order included (compared as ``repr``: 1 is not 1.0, -0.0 is not 0.0).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.scoring import Entrant, Observation, ObservationTable, evaluate, parse_scheme
from bipin.scoring.panel_explain import MarkTable
from bipin.scoring.panels import panel_marks


def panel_scheme(criteria: int):
    return parse_scheme({
        "contest": "c",
        "panels": {"p": {"aggregate": "trimmed", "factor_max": 3, "criteria": [
            {"id": f"c{k}", "max": 10} for k in range(criteria)]}},
        "dimensions": [{"name": "d", "indicators": [
            {"name": "演讲", "points": 10, "source": "panel", "panel": "p"},
            {"name": "数据", "points": 5, "source": "data", "rule": "proportional(target=90)"},
        ]}],
    })


def reference_marks(pm, table: ObservationTable, e: int) -> list[dict]:
    """An entrant's marks read one by one from the arrays: round, criterion, judge order."""
    criteria = [c.id for c in pm.panel.criteria]
    return [
        {
            "judge": pm.judges[j],
            "criterion": criteria[c],
            "round": pm.rounds[r] or None,
            "mark": float(table.value[pm.rows[r, e, c, j]]),
            "factor": float(table.factor[pm.rows[r, e, c, j]]),
            "counted": bool(pm.used[r, e, c, j]),
            "ref": table.ref_of(pm.rows[r, e, c, j]),
        }
        for r, c, j in zip(*np.nonzero(pm.rows[:, e] >= 0), strict=True)
    ]


@st.composite
def marked_panels(draw):
    """Marks of a few entrants by a few judges, some blank, factors alike or not, refs or not."""
    entrants, judges = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    criteria, rounds = draw(st.integers(1, 3)), draw(st.sampled_from([[""], ["第一轮", "第二轮"]]))
    one_factor = draw(st.sampled_from([None, 1.0, 2.5]))
    with_refs = draw(st.booleans())
    observations = []
    for e in range(entrants):
        for rnd in rounds:
            for c in range(criteria):
                for j in range(judges):
                    if not draw(st.booleans()) and (e, c, j) != (0, 0, 0):
                        continue
                    factor = one_factor or draw(st.sampled_from([1.0, 1.5, 2.0]))
                    observations.append(Observation(
                        f"e{e}", "panel", f"c{c}", draw(st.integers(0, 40)) / 4, judge=f"J{j}",
                        round=rnd, factor=factor, ref=f"s.csv:{len(observations)}" if with_refs else None,
                    ))
    return criteria, entrants, observations


@settings(max_examples=60, deadline=None)
@given(marked_panels())
def test_every_entrants_marks_are_the_ones_read_one_by_one(case):
    criteria, entrants, observations = case
    panel = panel_scheme(criteria).panels["p"]
    table = ObservationTable.from_observations(observations)
    rows = np.arange(len(table))
    pm = panel_marks(panel, table, rows, table.entrant[rows], len(table.entrants))
    marks = MarkTable(pm, table)
    for e in range(len(table.entrants)):
        assert repr(marks.dicts(e)) == repr(reference_marks(pm, table, e))


def test_trees_do_not_depend_on_the_order_they_are_read_in():
    """Reports read in rank order, pages one entrant: the group's preparation serves both."""
    rng = np.random.default_rng(3)
    people = [Entrant(f"e{i}", f"e{i}", "组") for i in range(12)]
    rows = [
        Observation(p.id, "panel", f"c{c}", float(rng.integers(0, 21)) / 2, judge=f"J{j}")
        for p in people for c in range(2) for j in range(4)
    ] + [Observation(p.id, "data", "数据", float(rng.integers(50, 100))) for p in people[1:]]

    def trees(order):
        results = [r for g in evaluate(panel_scheme(2), people, rows).groups for r in g.results]
        read = {k: repr(results[k].explanation.to_dict()) for k in order}
        return [read[k] for k in range(len(results))]

    assert trees(range(12)) == trees(reversed(range(12))) == trees([5, 0, 11, 3, 7, 1, 9, 2, 4, 6, 8, 10])


def test_each_entrant_s_tree_lists_its_own_row_whatever_order_the_rows_came_in():
    """One value each, listed in another order than the entrants: every tree still lists
    its own entrant's row (it once listed a neighbour's, or none)."""
    scheme = panel_scheme(1)
    entrants = [Entrant(e, e, "全市") for e in ("甲县", "乙县", "丙县")]
    rows = [Observation(e, "data", "数据", v, ref=f"data.csv:{line}")
            for e, v, line in (("丙县", 80, 2), ("甲县", 90, 3), ("乙县", 70, 4))]
    result = evaluate(scheme, entrants, rows)
    for r in result.groups[0].results:
        leaf = next(c for d in r.explanation.to_dict()["children"] for c in d["children"]
                    if c["name"] == "数据")
        own = next(o for o in rows if o.entrant == r.entrant.id)
        assert [i["ref"] for i in leaf["inputs"]] == [own.ref], r.entrant.id
        assert leaf["value"] == own.value
