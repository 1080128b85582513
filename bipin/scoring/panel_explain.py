"""A panel's marks as an explanation lists them: each mark, the cells the missing policy
filled, the elements of a scale of values and each rounding applied.

Kept apart from the aggregation (:mod:`bipin.scoring.panels`): these build plain
data for trees, many of them for a report of everyone, and read the arrays the
aggregation left in :class:`~bipin.scoring.panels.PanelMarks`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from bipin.scoring.model import ObservationTable

if TYPE_CHECKING:
    from bipin.scoring.panels import PanelMarks

__all__ = ["MarkTable", "element_dicts", "mark_dicts", "missing_dicts", "rounding_dicts"]


class MarkTable:
    """Every entrant's panel marks of a group, in one pass, ready to be read entrant by entrant.

    An explanation lists each of an entrant's marks (180 for 9 judges × 20
    criteria); a report of everyone reads them all. Finding the marks, their
    rows and labels once for the whole group costs less than the numpy calls
    of a lookup per entrant. Marks are kept entrant by entrant, in round,
    criterion, judge order, ``bounds`` saying where each entrant's begin.

    Each mark starts as a copy of a dict made once per group with what it
    shares with other marks already in place (judge, criterion, round,
    counted or not, the factor when every mark has the same): in CPython a
    copy and an assignment cost far less than a seven-key literal, and mark
    dicts are most of a tree.
    """

    def __init__(self, pm: PanelMarks, table: ObservationTable) -> None:
        R, E, C, J = pm.rows.shape
        entrant, cell = np.nonzero(np.moveaxis(pm.rows >= 0, 1, 0).reshape(E, R * C * J))
        r, c, j = np.unravel_index(cell, (R, C, J))
        where = (r, entrant, c, j)
        rows = pm.rows[where]
        self.bounds: list[int] = np.searchsorted(entrant, np.arange(E + 1)).tolist()
        self.mark, factors, counted = table.value[rows], table.factor[rows], pm.used[where]
        # One factor for all (the usual 1): it goes in the templates, not mark by mark.
        self.factor = None if _one_value(factors) else factors
        shared = factors[:1].tolist()[0] if self.factor is None else None
        templates = np.concatenate(
            [_cell_templates(pm, False, shared), _cell_templates(pm, True, shared)]
        )
        self.template = templates[cell + counted * (R * C * J)]
        self.ref = None if table.ref is None else table.ref[rows]
        # The table's points for the element, or what a deduction leaves: what is counted.
        shows_points = pm.panel.values is not None or any(
            cr.deduct_from is not None for cr in pm.panel.criteria
        )
        self.points = pm.marks[where] if shows_points else None
        a = pm.adjustment
        self.adjusted, self.outside = (None, None) if a is None else (a.marks[where], a.outside[where])

    def dicts(self, e: int) -> list[dict]:
        """Entrant ``e``'s marks as plain data for an explanation."""
        start, stop = self.bounds[e], self.bounds[e + 1]

        def part(column: np.ndarray) -> list:
            return column[start:stop].tolist()

        out = [template.copy() for template in part(self.template)]
        for d, mark in zip(out, part(self.mark), strict=True):
            d["mark"] = mark
        for key in ("factor", "ref", "points"):
            column = getattr(self, key)
            if column is not None:
                for d, value in zip(out, part(column), strict=True):
                    d[key] = value
        if self.adjusted is not None and self.outside is not None:
            for d, adjusted, outside in zip(
                out, part(self.adjusted), part(self.outside), strict=True
            ):
                d["adjusted"] = adjusted
                if outside:
                    d["outside"] = True
        return out


def _one_value(values: np.ndarray) -> bool:
    """All of ``values`` are one and the same (0.0 and -0.0 are not, NaN is never)."""
    return bool(values.size) and bool(
        ((values == values[0]) & (np.signbit(values) == np.signbit(values[0]))).all()
    )


def _cell_templates(pm: PanelMarks, counted: bool, factor: float | None) -> np.ndarray:
    """A mark's dict for each round × criterion × judge, labelled, its own figures still blank."""
    R, _, C, J = pm.rows.shape
    criteria = [cr.id for cr in pm.panel.criteria]
    out = np.empty(R * C * J, dtype=object)
    out[:] = [
        {"judge": pm.judges[j], "criterion": criteria[c], "round": pm.rounds[r] or None,
         "mark": None, "factor": factor, "counted": counted, "ref": None}
        for r in range(R) for c in range(C) for j in range(J)
    ]
    return out


def mark_dicts(pm: PanelMarks, table: ObservationTable, e: int) -> list[dict]:
    """An entrant's marks as plain data for an explanation, in round, criterion, judge order."""
    return MarkTable(pm, table).dicts(e)


def missing_dicts(pm: PanelMarks, e: int) -> list[dict]:
    """The cells the missing policy decided for an entrant, for an explanation."""
    crit_ids = [cr.id for cr in pm.panel.criteria]
    return [
        {
            "round": pm.rounds[r] or None,
            "criterion": crit_ids[c],
            "policy": pm.policy,
            "value": None if np.isnan(pm.fill[r, e, c]) else float(pm.fill[r, e, c]),
        }
        for r, c in zip(*np.nonzero(pm.missing[:, e]), strict=True)
    ]


def element_dicts(pm: PanelMarks, e: int) -> list[dict]:
    """The element and base value of each of an entrant's cells (a scale of values)."""
    dense = pm.dense
    if dense is None or dense.elements is None:
        return []
    crit_ids = [cr.id for cr in pm.panel.criteria]
    return [
        {
            "round": pm.rounds[r] or None,
            "criterion": crit_ids[c],
            "element": dense.elements[r, e, c],
            "base": float(dense.base[r, e, c]),
        }
        for r, c in zip(*np.nonzero(dense.elements[:, e] != None), strict=True)  # noqa: E711
    ]


def rounding_dicts(pm: PanelMarks, e: int) -> list[dict]:
    """Each rounding the panel applied to an entrant's figures: where, before and after."""
    crit_ids = [cr.id for cr in pm.panel.criteria]
    out = []
    for stage, before, after in pm.steps:
        b, a = before[:, e], after[:, e]
        for at in zip(*np.nonzero(~np.isnan(b)), strict=True):
            d: dict = {"stage": stage, "round": pm.rounds[at[0]] or None}
            if len(at) == 2:
                d["criterion" if stage != "judge" else "judge"] = (
                    crit_ids[at[1]] if stage != "judge" else pm.judges[at[1]]
                )
            d["before"], d["after"] = float(b[at]), float(a[at])
            out.append(d)
    return out
