"""Explanation trees: total → dimension → indicator → rule → raw inputs.

An :class:`Explanation` is a light handle on the arrays an evaluation already
holds; :meth:`Explanation.to_dict` builds the plain-data tree on demand, so a
contest of ten thousand entrants pays for the trees it shows, not for all.
Every node's ``points`` is the exact sum of its children's (rounded parts are
added as decimal units, never as floats). With ``rounding: {order: end}``
each node also carries ``exact``, its figure before publication, and the
tree's ``rounding`` says how the published figures came from the exact ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from bipin.scoring.panel_adjust import adjust_dict
from bipin.scoring.panels import element_dicts, mark_dicts, missing_dicts, rounding_dicts
from bipin.scoring.rounding import from_units

if TYPE_CHECKING:
    from bipin.scoring.evaluate import GroupState
    from bipin.scoring.leaves import LeafOutcome
    from bipin.scoring.scheme import Node

__all__ = ["Explanation"]


def _floats(values: np.ndarray) -> list[float | None]:
    return [None if v != v else v for v in np.asarray(values, dtype=float).tolist()]  # NaN -> None


@dataclass
class _Lists:
    """One node's per-entrant figures as Python lists, built once per group.

    Explanations are read one entrant at a time; indexing lists is far
    cheaper than converting numpy scalars node by node.
    """

    points: list[float]
    source: str = ""
    values: list = field(default_factory=list)
    unrounded: list = field(default_factory=list)
    filled: list | None = None
    vetoed: list | None = None
    composite: tuple[list, list] | None = None
    criteria: list[str] = field(default_factory=list)
    per_criterion: list = field(default_factory=list)
    judges_counted: list = field(default_factory=list)
    bounds: list[int] = field(default_factory=list)
    # One tuple per row: value, reporter, round, ref (and amount, category, severity for records).
    inputs: list[tuple] = field(default_factory=list)


def _lists(state: GroupState, path: str) -> _Lists:
    cache = state.lists
    if path in cache:
        return cache[path]
    out = _Lists((state.node_units[path] / 10.0**state.decimals).tolist())
    o = state.leaves.get(path)
    if o is not None:
        out.source, out.values, out.unrounded = (
            str(o.node.source),
            _floats(o.values),
            _floats(o.points),
        )
        out.filled = None if o.filled is None else o.filled.tolist()
        out.vetoed = None if o.vetoed is None else o.vetoed.tolist()
        if o.composite is not None:
            out.composite = (o.composite[0].tolist(), o.composite[1].tolist())
        if o.panel is not None:
            pm = o.panel
            out.criteria = [c.id for c in pm.panel.criteria]
            out.per_criterion = [_floats(row) for row in pm.criteria]
            out.judges_counted = pm.judges_counted.tolist()
        else:
            out.bounds, out.inputs = _row_inputs(state, o)
    cache[path] = out
    return out


def _row_inputs(state: GroupState, o: LeafOutcome) -> tuple[list[int], list[tuple]]:
    """Each row of a sequential leaf as a tuple (tuples are a quarter of a dict's size)."""
    table, rows = state.table, o.rows
    bounds = np.searchsorted(o.local, np.arange(len(state.entrants) + 1)).tolist()
    reporters = [table.judges[j] or None for j in table.judge[rows].tolist()]
    rounds = [table.rounds[r] or None for r in table.round[rows].tolist()]
    columns = [_floats(table.value[rows]), reporters, rounds, table.column("ref", rows)]
    if o.amounts is not None:
        sign = o.node.rule.sign if o.node.rule is not None else 1
        columns += [
            (sign * o.amounts).tolist(),
            table.column("category", rows),
            table.column("severity", rows),
        ]
    return bounds, list(zip(*columns, strict=True))


def _bound_line(node: Node, units: int, decimals: int) -> dict[str, Any]:
    """The floor or cap as a line of its own: what it added to or took from the node."""
    if units > 0:
        kind, value = "floor", node.floor
        name = f"扣完为止:不低于{value:g} / floor: not below {value:g}"
    else:
        kind, value = "cap", node.cap
        name = f"封顶:不超过{value:g} / cap: not above {value:g}"
    return {
        "id": kind,
        "name": name,
        "points": float(from_units(units, decimals)),
        "adjustment": kind,
        "bound": value,
    }


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
        out = {
            "entrant": entrant.id,
            "name": entrant.name,
            "group": entrant.group,
            "total": self.total,
            "vetoed": bool(s.vetoed[e]),
            "children": [self._node(d) for d in s.tree],
        }
        if s.coverage is not None:
            have, of, least = s.coverage
            out["coverage"] = {
                "have": int(have[e]),
                "of": of,
                "share": float(have[e] / of) if of else 1.0,
                "min": least,
                "ranked": bool(have[e] >= (least - 1e-12) * of),
            }
        if s.exact_total is not None:
            out["rounding"] = {
                "order": "end",
                "decimals": s.decimals,
                "exact": self._exact(s.exact_total),
                "published": self.total,
                "parts": "largest remainder within each node / 各节点内按最大余数分配",
            }
        return out

    def _exact(self, units: np.ndarray) -> float:
        return float(units[self.index]) / 10.0 ** (self.state.exact_decimals or 0)

    def _node(self, node: Node) -> dict[str, Any]:
        s, e = self.state, self.index
        out: dict[str, Any] = {
            "id": node.id,
            "name": node.name,
            "points": _lists(s, node.path).points[e],
            "max": node.points,
        }
        if node.weight is not None:
            out["weight"] = node.weight
        if s.exact:
            out["exact"] = self._exact(s.exact[node.path])
        detail = s.details.get(node.path)
        if detail is not None:
            out.update(self._composite(node, detail))
        if node.is_leaf:
            out.update(self._leaf(s.leaves[node.path]))
        else:
            out["combine"] = node.combine
            out["children"] = [self._node(c) for c in node.children]
            bound = s.bounds.get(node.path)
            if bound is not None and bound[e]:
                out["children"].append(_bound_line(node, int(bound[e]), s.decimals))
        return out

    def _composite(self, node: Node, detail: dict) -> dict[str, Any]:
        """A composite child's weight, normalised value and share; a node's effective weights."""
        out: dict[str, Any] = {}
        if "effective_weights" in detail and node.composite is not None:
            comp = node.composite
            out["effective_weights"] = detail["effective_weights"]
            out["aggregate"], out["normalise"] = comp.aggregate, comp.normalise
            if comp.range != (0.0, 1.0):
                out["range"] = list(comp.range)
            if comp.min_coverage is not None:
                out["coverage"] = float(detail["coverage"][self.index])
                out["scored"] = bool(detail["scored_on"][self.index])
        if "weight_used" in detail:
            e = self.index
            out["weight_used"] = float(detail["weight_used"][e])
            out["normalised"] = float(detail["normalised"][e])
        return out

    def _leaf(self, o: LeafOutcome) -> dict[str, Any]:
        e, lists = self.index, _lists(self.state, o.node.path)
        out: dict[str, Any] = {
            "source": lists.source,
            "rule": o.rule_dict,
            "value": lists.values[e],
            "unrounded": lists.unrounded[e],
        }
        if lists.filled is not None and lists.filled[e]:
            out["missing"] = o.policy
            if e in o.imputed:
                out["imputed"] = o.imputed[e]
        if lists.vetoed is not None:
            out["vetoed"] = lists.vetoed[e]
        if o.derived is not None and o.node.formula is not None:
            out["formula"] = o.node.formula.text
            out["formula_inputs"] = {k: _floats(v[e : e + 1])[0] for k, v in o.derived.items()}
        if o.multiplied is not None and o.multiplied[e] != 1:
            m = o.node.multiplier
            # Each input's amount below is already multiplied; this says by what and why.
            out["multiplier"] = {"factor": float(o.multiplied[e]), "kind": self.state.entrants[e].kind,
                                 "kinds": list(m.kinds) if m else []}
        if lists.composite is not None:
            out["weight_used"], out["normalised"] = lists.composite[0][e], lists.composite[1][e]
        if o.per is not None and o.node.per is not None:
            value, denominator = o.per
            out["per"] = {
                "input": o.node.per[0],
                "scale": o.node.per[1],
                "value": _floats(value[e : e + 1])[0],
                "denominator": _floats(denominator[e : e + 1])[0],
            }
        treated = [
            {"method": method, "from": float(before[e]), "to": float(after[e])}
            for method, before, after, changed in o.treated
            if changed[e]
        ] if o.treated else None
        if treated:
            out["treated"] = treated
        if o.panel is not None:
            pm = o.panel
            out["criteria"] = dict(zip(lists.criteria, lists.per_criterion[e], strict=True))
            out["judges_counted"] = lists.judges_counted[e]
            out["aggregate"] = pm.panel.aggregate
            out["on"] = pm.panel.on  # trimmed per criterion or on sheet totals: the sums differ
            out["inputs"] = mark_dicts(pm, self.state.table, e)
            if pm.missing[:, e].any():
                out["missing_marks"] = missing_dicts(pm, e)
            if pm.panel.values is not None:
                out["elements"] = element_dicts(pm, e)
            if pm.steps:
                out["rounding"] = rounding_dicts(pm, e)
            if pm.adjustment is not None:
                out["adjust"] = adjust_dict(pm.adjustment, pm.panel, pm.rounds, pm.judges, e)
        else:
            rows = lists.inputs[lists.bounds[e] : lists.bounds[e + 1]]
            # Literal dicts, not dict(zip(...)): a report of everyone makes millions of them.
            out["inputs"] = [
                {"value": v, "reporter": who, "round": r, "ref": ref, "amount": amount,
                 "category": category, "severity": severity}
                for v, who, r, ref, amount, category, severity in rows
            ] if o.amounts is not None else [
                {"value": v, "reporter": who, "round": r, "ref": ref} for v, who, r, ref in rows
            ]
        return out

    def lines(self) -> list[str]:
        """The tree as indented text lines, for a terminal."""
        rows: list[str] = []

        def walk(node: dict[str, Any], depth: int) -> None:
            label = node.get("name") or node.get("entrant")
            extra = f" / {node['max']:g}" if node.get("max") else ""
            # The tree's ``rounding`` is the publishing summary (a mapping); a panel
            # leaf's is the list of its rounding steps, shown with its marks below.
            published = node.get("rounding")
            exact = node.get("exact", published.get("exact") if isinstance(published, dict) else None)
            if exact is not None:
                extra += f" (精确 / exact {exact:.9g})"
            if node.get("normalised") is not None:
                extra += f" · 标准化 / normalised {node['normalised']:.6g}"
            rows.append(f"{'  ' * depth}{label}: {node.get('points', node.get('total'))}{extra}")
            for t in node.get("treated", []):
                rows.append(f"{'  ' * (depth + 1)}~ {t['method']} {t['from']:g} → {t['to']:.6g}")
            if "adjust" in node:
                rows.append(f"{'  ' * (depth + 1)}{_adjust_line(node['adjust'])}")
            if "formula" in node:
                given = ", ".join(f"{k} {'—' if v is None else f'{v:g}'}"
                                  for k, v in node["formula_inputs"].items())
                got = "—" if node.get("value") is None else f"{node['value']:g}"
                rows.append(f"{'  ' * (depth + 1)}公式 / formula: {node['formula']}({given})= {got}")
            if "multiplier" in node:
                m = node["multiplier"]
                rows.append(f"{'  ' * (depth + 1)}× {m['factor']:g}(类型“{m['kind']}”加倍计 / "
                            f"kind {m['kind']!r} counts ×{m['factor']:g})")
            for m in node.get("inputs", []):
                mark = m.get("mark", m.get("value"))
                who = m.get("judge") or m.get("reporter") or ""
                note = "" if m.get("counted", True) else " (去掉 / dropped)"
                cost = f" → {m['amount']:g}" if "amount" in m else ""
                if "points" in m:
                    cost = f" → {m['points']:.4g}"
                if "adjusted" in m:
                    cost = f" → {m['adjusted']:.4g}" + (" (超出范围 / out of range)" if m.get("outside") else "")
                rows.append(
                    f"{'  ' * (depth + 1)}- {who} {m.get('criterion', '')} {mark}{cost}{note}".rstrip()
                )
            for x in node.get("elements", []):
                rows.append(
                    f"{'  ' * (depth + 1)}· {x['criterion']} {x['element']} 基础分值 / base {x['base']:g}"
                )
            for x in node.get("rounding", []):
                where = x.get("criterion") or x.get("judge") or ""
                rows.append(
                    f"{'  ' * (depth + 1)}· 舍入 / rounded ({x['stage']}) {where} "
                    f"{x['before']:.6g} → {x['after']:g}"
                )
            for child in node.get("children", []):
                walk(child, depth + 1)

        walk(self.to_dict(), 0)
        return rows


def _adjust_line(a: dict[str, Any]) -> str:
    """Raw and adjusted panel figures side by side, saying which one counts."""
    def figure(v: float | None) -> str:
        return "—" if v is None else f"{v:.4g}"

    which = "调整后计入成绩 / adjusted counts" if a["counts"] else "原始计入成绩 / raw counts"
    effects = ", ".join(
        f"{x['judge']} {x['criterion']} {x['effect']:+.4g}" for x in a["effects"]
    )
    return (f"原始 / raw {figure(a['raw'])} · 调整后 / adjusted {figure(a['adjusted'])} ({which}); "
            f"评委效应 / judge effects: {effects}")
