"""Explanation trees: total → dimension → indicator → rule → raw inputs.

An :class:`Explanation` is a light handle on the arrays an evaluation already
holds; :meth:`Explanation.to_dict` builds the plain-data tree on demand, so a
contest of ten thousand entrants pays for the trees it shows, not for all.
Every node's ``points`` is the exact sum of its children's (rounded parts are
added as decimal units, never as floats).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from bipin.scoring.panels import mark_dicts
from bipin.scoring.rounding import from_units

if TYPE_CHECKING:
    from bipin.scoring.evaluate import GroupState
    from bipin.scoring.leaves import LeafOutcome
    from bipin.scoring.scheme import Node

__all__ = ["Explanation"]


def _num(value: float) -> float | None:
    return None if value is None or np.isnan(value) else float(value)


@dataclass(frozen=True)
class Explanation:
    """Why one entrant has its total; ``to_dict()`` gives the tree as plain data."""

    state: GroupState
    index: int  # the entrant's position in its group

    @property
    def total(self) -> float:
        return float(from_units(self.state.total_units[self.index], self.state.decimals))

    def to_dict(self) -> dict[str, Any]:
        s, e = self.state, self.index
        entrant = s.entrants[e]
        return {
            "entrant": entrant.id, "name": entrant.name, "group": entrant.group,
            "total": self.total, "vetoed": bool(s.vetoed[e]),
            "children": [self._node(d) for d in s.tree],
        }

    def _node(self, node: Node) -> dict[str, Any]:
        s, e = self.state, self.index
        out: dict[str, Any] = {"id": node.id, "name": node.name,
                               "points": float(s.node_units[node.path][e]) / 10**s.decimals, "max": node.points}
        if node.weight is not None:
            out["weight"] = node.weight
        if node.is_leaf:
            out.update(self._leaf(s.leaves[node.path]))
        else:
            out["combine"] = node.combine
            out["children"] = [self._node(c) for c in node.children]
        return out

    def _leaf(self, o: LeafOutcome) -> dict[str, Any]:
        e, table = self.index, self.state.table
        out: dict[str, Any] = {"source": str(o.node.source), "rule": o.rule_dict,
                               "value": _num(o.values[e]), "unrounded": _num(o.points[e])}
        if o.filled is not None and o.filled[e]:
            out["missing"] = o.policy
        if o.vetoed is not None:
            out["vetoed"] = bool(o.vetoed[e])
        if o.composite is not None:
            out["weight_used"], out["normalised"] = float(o.composite[0][e]), float(o.composite[1][e])
        if o.panel is not None:
            pm = o.panel
            out["criteria"] = {c.id: _num(v) for c, v in zip(pm.panel.criteria, pm.criteria[e], strict=True)}
            out["judges_counted"] = int(pm.judges_counted[e])
            out["aggregate"] = pm.panel.aggregate
            out["inputs"] = mark_dicts(pm, table, e)
            return out
        # Rows of a sequential leaf are sorted by entrant (see evaluate._canonical).
        lo, hi = np.searchsorted(o.local, [e, e + 1])
        rows = o.rows[lo:hi]
        values = [None if v != v else v for v in table.value[rows].tolist()]  # NaN -> None
        reporters = [table.judges[j] or None for j in table.judge[rows].tolist()]
        rounds = [table.rounds[r] or None for r in table.round[rows].tolist()]
        inputs = [{"value": v, "reporter": p, "round": r, "ref": ref}
                  for v, p, r, ref in zip(values, reporters, rounds, table.column("ref", rows), strict=True)]
        if o.amounts is not None:
            sign = o.node.rule.sign
            for item, amount, cat, sev in zip(inputs, o.amounts[lo:hi].tolist(), table.column("category", rows),
                                              table.column("severity", rows), strict=True):
                item.update(amount=sign * amount, category=cat, severity=sev)
        out["inputs"] = inputs
        return out

    def lines(self) -> list[str]:
        """The tree as indented text lines, for a terminal."""
        rows: list[str] = []

        def walk(node: dict[str, Any], depth: int) -> None:
            label = node.get("name") or node.get("entrant")
            extra = f" / {node['max']:g}" if node.get("max") else ""
            rows.append(f"{'  ' * depth}{label}: {node.get('points', node.get('total'))}{extra}")
            for m in node.get("inputs", []):
                mark = m.get("mark", m.get("value"))
                who = m.get("judge") or m.get("reporter") or ""
                note = "" if m.get("counted", True) else " (去掉 / dropped)"
                cost = f" → {m['amount']:g}" if "amount" in m else ""
                rows.append(f"{'  ' * (depth + 1)}- {who} {m.get('criterion', '')} {mark}{cost}{note}".rstrip())
            for child in node.get("children", []):
                walk(child, depth + 1)

        walk(self.to_dict(), 0)
        return rows
