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

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from bipin.scoring.panel_adjust import adjust_dict
from bipin.scoring.panels import MarkTable, element_dicts, missing_dicts, rounding_dicts
from bipin.scoring.rounding import from_units

if TYPE_CHECKING:
    from bipin.scoring.evaluate import GroupState
    from bipin.scoring.leaves import LeafOutcome
    from bipin.scoring.panels import PanelMarks
    from bipin.scoring.scheme import Node

__all__ = ["Explanation"]


Builder = Callable[[int], dict[str, Any]]  # an entrant's position in its group -> its node
Adder = Callable[[dict[str, Any], int], None]  # sets an entrant's keys of a node


def _floats(values: np.ndarray) -> list[float | None]:
    """Python floats, None for NaN (a tree is plain data: JSON has no NaN)."""
    values = np.asarray(values, dtype=float)
    nan = np.isnan(values)
    if not nan.any():
        return values.tolist()
    out = values.astype(object)
    out[nan] = None
    return out.tolist()


def _labels(names: tuple[str, ...]) -> np.ndarray:
    """Names as an object array that codes index, the blank name as None."""
    return np.array([name or None for name in names], dtype=object)


@dataclass
class _Shape:
    """One node's dict for every entrant of a group, decided once and filled in per entrant.

    Keys every entrant has sit in ``template`` in their order, constants filled
    in; an entrant's node is a copy of the template with its own figures
    assigned (in CPython a copy and a few assignments cost less than a dict
    literal, and far less than deciding each key again for each entrant).
    A key only some entrants have (``missing``, ``treated``) can have no place
    in the template: from the first such key on, keys are added by
    ``adders`` in order, so every tree keeps the key order readers know.
    """

    template: dict[str, Any] = field(default_factory=dict)
    columns: list[tuple[str, list]] = field(default_factory=list)  # key, value per entrant
    adders: list[Adder] = field(default_factory=list)
    closed: bool = False  # a key only some entrants have was added: no new template keys

    def constant(self, key: str, value: Any) -> None:
        """A value every entrant shares: a number, a string, or an object already shared."""
        if self.closed and key not in self.template:
            self.adders.append(_setter(key, lambda e: value))
        else:
            self.template[key] = value

    def column(self, key: str, values: list) -> None:
        """A value per entrant, read from a list."""
        if self.closed and key not in self.template:
            self.adders.append(_setter(key, values.__getitem__))
        else:
            self.template.setdefault(key, None)
            self.columns.append((key, values))

    def each(self, key: str, add: Adder) -> None:
        """A key every entrant has whose value is made afresh (a list or dict of its own)."""
        if not self.closed:
            self.template.setdefault(key, None)
        self.adders.append(add)

    def some(self, add: Adder) -> None:
        """Keys only some entrants have."""
        self.closed = True
        self.adders.append(add)

    def builder(self) -> Builder:
        template, columns, adders = self.template, tuple(self.columns), tuple(self.adders)

        def build(e: int) -> dict[str, Any]:
            out = template.copy()
            for key, values in columns:
                out[key] = values[e]
            for add in adders:
                add(out, e)
            return out

        return build


def _setter(key: str, value_of: Callable[[int], Any]) -> Adder:
    def add(out: dict[str, Any], e: int) -> None:
        out[key] = value_of(e)

    return add


def _builders(state: GroupState) -> list[Builder]:
    """The builders of the group's top nodes, made on the first explanation read."""
    if state.builders is None:
        state.builders = [_node_builder(state, node) for node in state.tree]
    return state.builders


def _node_builder(state: GroupState, node: Node) -> Builder:
    shape = _Shape()
    shape.constant("id", node.id)
    shape.constant("name", node.name)
    shape.column("points", (state.node_units[node.path] / 10.0**state.decimals).tolist())
    shape.constant("max", node.points)
    if node.weight is not None:
        shape.constant("weight", node.weight)
    if state.exact:
        scale = 10.0 ** (state.exact_decimals or 0)
        shape.column("exact", [float(u) / scale for u in state.exact[node.path].tolist()])
    detail = state.details.get(node.path)
    if detail is not None:
        _composite(shape, node, detail)
    if node.is_leaf:
        _leaf(shape, state, state.leaves[node.path])
    else:
        shape.constant("combine", node.combine)
        shape.each("children", _children(state, node))
    return shape.builder()


def _children(state: GroupState, node: Node) -> Adder:
    """A node's children, then its floor or cap as a line of its own where one applied."""
    children = [_node_builder(state, c) for c in node.children]
    bound = state.bounds.get(node.path)
    added = None if bound is None else bound.tolist()
    decimals = state.decimals

    def add(out: dict[str, Any], e: int) -> None:
        lines = [build(e) for build in children]
        if added is not None and added[e]:
            lines.append(_bound_line(node, int(added[e]), decimals))
        out["children"] = lines

    return add


def _composite(shape: _Shape, node: Node, detail: dict) -> None:
    """A composite child's weight, normalised value and share; a node's effective weights."""
    if "effective_weights" in detail and node.composite is not None:
        comp = node.composite
        shape.constant("effective_weights", detail["effective_weights"])
        shape.constant("aggregate", comp.aggregate)
        shape.constant("normalise", comp.normalise)
        if comp.range != (0.0, 1.0):
            low_high = comp.range
            shape.each("range", _setter("range", lambda e: list(low_high)))
        if comp.min_coverage is not None:
            shape.column("coverage", [float(v) for v in detail["coverage"].tolist()])
            shape.column("scored", [bool(v) for v in detail["scored_on"].tolist()])
    if "weight_used" in detail:
        shape.column("weight_used", [float(v) for v in detail["weight_used"].tolist()])
        shape.column("normalised", [float(v) for v in detail["normalised"].tolist()])


def _leaf(shape: _Shape, state: GroupState, o: LeafOutcome) -> None:
    shape.constant("source", str(o.node.source))
    shape.constant("rule", o.rule_dict)
    shape.column("value", _floats(o.values))
    shape.column("unrounded", _floats(o.points))
    if o.filled is not None:
        shape.some(_missing(o.filled, o.policy, o.imputed))
    if o.vetoed is not None:
        shape.column("vetoed", o.vetoed.tolist())
    if o.derived is not None and o.node.formula is not None:
        shape.constant("formula", o.node.formula.text)
        shape.each("formula_inputs", _formula_inputs(o.derived))
    if o.multiplied is not None:
        shape.some(_multiplier(state, o.multiplied, o.node))
    if o.composite is not None:
        shape.column("weight_used", o.composite[0].tolist())
        shape.column("normalised", o.composite[1].tolist())
    if o.per is not None and o.node.per is not None:
        shape.each("per", _per(o.node.per, *o.per))
    if o.treated:
        shape.some(_treated(o.treated))
    if o.panel is not None:
        _panel(shape, state, o.panel)
    else:
        shape.each("inputs", _row_inputs(state, o))


def _missing(filled: np.ndarray, policy: str | None, imputed: dict[int, dict]) -> Adder:
    was_filled = filled.tolist()

    def add(out: dict[str, Any], e: int) -> None:
        if was_filled[e]:
            out["missing"] = policy
            if e in imputed:
                out["imputed"] = imputed[e]

    return add


def _formula_inputs(derived: dict[str, np.ndarray]) -> Adder:
    inputs = [(name, _floats(values)) for name, values in derived.items()]
    return _setter("formula_inputs", lambda e: {name: values[e] for name, values in inputs})


def _multiplier(state: GroupState, multiplied: np.ndarray, node: Node) -> Adder:
    factors, entrants, m = multiplied.tolist(), state.entrants, node.multiplier
    kinds = tuple(m.kinds) if m else ()

    def add(out: dict[str, Any], e: int) -> None:
        # Each input's amount below is already multiplied; this says by what and why.
        if factors[e] != 1:
            out["multiplier"] = {"factor": float(factors[e]), "kind": entrants[e].kind,
                                 "kinds": list(kinds)}

    return add


def _per(per: tuple, value: np.ndarray, denominator: np.ndarray) -> Adder:
    """A rate's input, scale, and the value and denominator it came from."""
    name, scale, values, denominators = per[0], per[1], _floats(value), _floats(denominator)
    return _setter("per", lambda e: {
        "input": name, "scale": scale, "value": values[e], "denominator": denominators[e],
    })


def _treated(treated: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]) -> Adder:
    steps = [
        (method, before.tolist(), after.tolist(), changed.tolist())
        for method, before, after, changed in treated
    ]

    def add(out: dict[str, Any], e: int) -> None:
        treated = [
            {"method": method, "from": float(before[e]), "to": float(after[e])}
            for method, before, after, changed in steps
            if changed[e]
        ]
        if treated:
            out["treated"] = treated

    return add


def _panel(shape: _Shape, state: GroupState, pm: PanelMarks) -> None:
    criteria = [c.id for c in pm.panel.criteria]
    per_criterion = [_floats(row) for row in pm.criteria]
    shape.each("criteria", _setter(
        "criteria", lambda e: dict(zip(criteria, per_criterion[e], strict=True))
    ))
    shape.column("judges_counted", pm.judges_counted.tolist())
    shape.constant("aggregate", pm.panel.aggregate)
    shape.constant("on", pm.panel.on)  # trimmed per criterion or on sheet totals: the sums differ
    shape.each("inputs", _setter("inputs", MarkTable(pm, state.table).dicts))
    if pm.missing.any():
        shape.some(_missing_marks(pm))
    if pm.panel.values is not None:
        shape.each("elements", _setter("elements", lambda e: element_dicts(pm, e)))
    if pm.steps:
        shape.each("rounding", _setter("rounding", lambda e: rounding_dicts(pm, e)))
    if pm.adjustment is not None:
        adjustment = pm.adjustment
        shape.each("adjust", _setter("adjust", lambda e: adjust_dict(
            adjustment, pm.panel, pm.rounds, pm.judges, e
        )))


def _missing_marks(pm: PanelMarks) -> Adder:
    decided = pm.missing.any(axis=(0, 2)).tolist()  # [round, entrant, criterion] -> entrant

    def add(out: dict[str, Any], e: int) -> None:
        if decided[e]:
            out["missing_marks"] = missing_dicts(pm, e)

    return add


def _row_inputs(state: GroupState, o: LeafOutcome) -> Adder:
    """Each row of a sequential leaf: its value, reporter, round, ref (amount... for records)."""
    table, rows = state.table, o.rows
    bounds = np.searchsorted(o.local, np.arange(len(state.entrants) + 1)).tolist()
    values, refs = _floats(table.value[rows]), table.column("ref", rows)
    reporters = _labels(table.judges)[table.judge[rows]].tolist()
    rounds = _labels(table.rounds)[table.round[rows]].tolist()
    if o.amounts is None:

        def add(out: dict[str, Any], e: int) -> None:
            # Literal dicts, not dict(zip(...)): a report of everyone makes millions of them.
            out["inputs"] = [
                {"value": values[i], "reporter": reporters[i], "round": rounds[i], "ref": refs[i]}
                for i in range(bounds[e], bounds[e + 1])
            ]

        return add
    sign = o.node.rule.sign if o.node.rule is not None else 1
    amounts = (sign * o.amounts).tolist()
    categories, severities = table.column("category", rows), table.column("severity", rows)

    def add_records(out: dict[str, Any], e: int) -> None:
        out["inputs"] = [
            {"value": values[i], "reporter": reporters[i], "round": rounds[i], "ref": refs[i],
             "amount": amounts[i], "category": categories[i], "severity": severities[i]}
            for i in range(bounds[e], bounds[e + 1])
        ]

    return add_records


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
            "children": [build(e) for build in _builders(s)],
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
                "exact": float(s.exact_total[e]) / 10.0 ** (s.exact_decimals or 0),
                "published": self.total,
                "parts": "largest remainder within each node / 各节点内按最大余数分配",
            }
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
