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

from bipin.scoring.panels import mark_dict
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

    def _units(self, node: Node) -> int:
        return int(sum(self.state.units[leaf.path][self.index] for leaf in node.leaves()))

    def _node(self, node: Node) -> dict[str, Any]:
        d = self.state.decimals
        out: dict[str, Any] = {"id": node.id, "name": node.name,
                               "points": float(from_units(self._units(node), d)), "max": node.points}
        if node.weight is not None:
            out["weight"] = node.weight
        if node.is_leaf:
            out.update(self._leaf(self.state.leaves[node.path]))
        else:
            out["combine"] = node.combine
            out["children"] = [self._node(c) for c in node.children]
        return out

    def _leaf(self, o: LeafOutcome) -> dict[str, Any]:
        e, table = self.index, self.state.table
        out: dict[str, Any] = {
            "source": str(o.node.source), "rule": o.node.rule.describe() if o.node.rule else None,
            "value": _num(o.values[e]), "unrounded": _num(o.points[e]),
        }
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
            r_, j_, c_ = np.nonzero(pm.rows[:, e] >= 0)
            out["inputs"] = [mark_dict(pm, table, r, e, j, c) for r, j, c in zip(r_, j_, c_, strict=True)]
            return out
        mine = np.nonzero(o.local == e)[0]
        inputs = []
        for k in mine:
            row = int(o.rows[k])
            item: dict[str, Any] = {"value": _num(table.value[row]), "reporter": table.judges[table.judge[row]] or None,
                                    "ref": None if table.ref is None else table.ref[row]}
            if table.rounds[table.round[row]]:
                item["round"] = table.rounds[table.round[row]]
            if o.amounts is not None:
                item["amount"] = float(o.node.rule.sign * o.amounts[k])
                item["category"] = None if table.category is None else table.category[row]
                item["severity"] = None if table.severity is None else table.severity[row]
            inputs.append(item)
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
