"""Explanation trees: total → dimension → indicator → rule → raw inputs.

An :class:`Explanation` is a light handle on the arrays an evaluation already
holds; :meth:`Explanation.to_dict` builds the plain-data tree on demand, so a
contest of ten thousand entrants pays for the trees it shows, not for all.
The first tree read in a group prepares, once, what all of the group's trees
read (each node's keys, every entrant's figures as Python objects, see
:func:`_prepared`); a tree is then mostly dict copies.
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
from bipin.scoring.panel_explain import MarkTable, element_dicts, missing_dicts, rounding_dicts
from bipin.scoring.rounding import from_units

if TYPE_CHECKING:
    from bipin.scoring.evaluate import GroupState
    from bipin.scoring.leaves import LeafOutcome
    from bipin.scoring.panels import PanelMarks
    from bipin.scoring.scheme import Node

__all__ = ["Explanation"]


# An entrant's position in its group, its row of figures (see _Rows) and its input
# dicts (see _Inputs) -> its node.
Builder = Callable[[int, list, list], dict[str, Any]]
Adder = Callable[[dict[str, Any], int, list, list], None]  # sets an entrant's keys of a node


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
class _Rows:
    """Every per-entrant figure a group's trees read, kept entrant by entrant.

    Reports read entrants in rank order, which to the arrays is no order at
    all: with a list per node, every figure of a tree is a cache miss, and so
    is the float it points to. One row per entrant, its numbers made in the
    row's order, keeps an entrant's figures side by side in memory.
    """

    n: int  # entrants
    columns: list[np.ndarray] = field(default_factory=list)
    none_for_nan: list[bool] = field(default_factory=list)

    def add(self, values: np.ndarray, none_for_nan: bool = False) -> int:
        """A figure per entrant; its place in every row. NaN stays NaN unless ``none_for_nan``."""
        self.columns.append(np.asarray(values))
        self.none_for_nan.append(none_for_nan)
        return len(self.columns) - 1

    def rows(self) -> list[list]:
        table = np.empty((self.n, len(self.columns)), dtype=object)
        by_kind: dict[str, list[int]] = {}
        for k, column in enumerate(self.columns):
            by_kind.setdefault(column.dtype.kind, []).append(k)
        for kind, places in by_kind.items():
            numbers = np.column_stack([self.columns[k] for k in places])
            made = numbers.astype(object)  # Python numbers made row by row, as they are read
            if kind == "f":
                made[np.isnan(numbers) & np.array([self.none_for_nan[k] for k in places])] = None
            table[:, places] = made
        return table.tolist()


@dataclass
class _Inputs:
    """The raw rows of a group's sequential leaves, entrant by entrant and leaf by leaf.

    An entrant's rows of all its leaves sit side by side, for the reason
    :class:`_Rows` gives, and are made into dicts in one pass per tree
    (:meth:`dicts`); each leaf takes its slice. ``spans`` says where in an
    entrant's row to read where a leaf's rows begin and end among the
    entrant's (one leaf's end is the next one's beginning).
    """

    values: list
    reporters: list
    rounds: list
    refs: list
    amounts: list  # empty when no leaf is a record leaf
    categories: list
    severities: list
    record: list  # each row is a record leaf's (empty when none is)
    spans: dict[str, tuple[int, int]]  # leaf path -> places of its first row and past its last
    first: int | None = None  # place in an entrant's row of its first row here
    count: int | None = None  # place of how many rows it has here

    def dicts(self, row: list) -> list[dict[str, Any]]:
        """An entrant's rows of all its sequential leaves as an explanation lists them."""
        if self.first is None or self.count is None:
            return []
        start = row[self.first]
        values, reporters, rounds, refs = self.values, self.reporters, self.rounds, self.refs
        # Literal dicts, not dict(zip(...)): a report of everyone makes millions of them.
        if not self.record:
            return [
                {"value": values[i], "reporter": reporters[i], "round": rounds[i], "ref": refs[i]}
                for i in range(start, start + row[self.count])
            ]
        record, amounts, categories = self.record, self.amounts, self.categories
        severities = self.severities
        return [
            {"value": values[i], "reporter": reporters[i], "round": rounds[i], "ref": refs[i],
             "amount": amounts[i], "category": categories[i], "severity": severities[i]}
            if record[i] else
            {"value": values[i], "reporter": reporters[i], "round": rounds[i], "ref": refs[i]}
            for i in range(start, start + row[self.count])
        ]


def _inputs(state: GroupState, leaves: list[LeafOutcome], figures: _Rows) -> _Inputs:
    if not leaves:
        return _Inputs([], [], [], [], [], [], [], [], {})
    table, n = state.table, len(state.entrants)
    # Where each entrant's rows of each leaf begin and end among the leaf's rows: [entrant, leaf].
    # A leaf's rows are in entrant order: evaluate puts them so (evaluate._group). Out of
    # order, the search below would list a neighbour's rows: refused, not explained wrongly.
    for o in leaves:
        if (np.diff(o.local) < 0).any():
            raise ValueError(f"{o.node.path}: rows not in entrant order; an explanation would "
                             "list other entrants' rows")
    bounds = np.stack([np.searchsorted(o.local, np.arange(n + 1)) for o in leaves], axis=1)
    starts, lengths = bounds[:-1], bounds[1:] - bounds[:-1]
    # Laid out entrant by entrant, then leaf by leaf: where each span goes, and where it comes from.
    ends = np.cumsum(lengths).reshape(lengths.shape)
    firsts = ends - lengths
    leaf_offsets = np.cumsum([0] + [len(o.rows) for o in leaves])[:-1]
    came_from = np.repeat((leaf_offsets + starts - firsts).ravel(), lengths.ravel())
    source = came_from + np.arange(came_from.size)
    rows = np.concatenate([o.rows for o in leaves])[source]
    # A leaf's rows among the entrant's: small numbers, the same few Python ints for everyone.
    within = np.concatenate([firsts, ends[:, -1:]], axis=1) - firsts[:, :1]
    places = [figures.add(within[:, k]) for k in range(len(leaves) + 1)]
    records = [o.amounts is not None for o in leaves]
    return _Inputs(
        _floats(table.value[rows]),
        _labels(table.judges)[table.judge[rows]].tolist(),
        _labels(table.rounds)[table.round[rows]].tolist(),
        table.column("ref", rows),
        _amounts(leaves, source),
        table.column("category", rows),
        table.column("severity", rows),
        np.repeat(records, [len(o.rows) for o in leaves])[source].tolist() if any(records) else [],
        {o.node.path: (places[k], places[k + 1]) for k, o in enumerate(leaves)},
        figures.add(firsts[:, 0]),
        places[-1],
    )


def _amounts(leaves: list[LeafOutcome], source: np.ndarray) -> list:
    """Record leaves' signed amount of each row (None for other leaves' rows), as laid out."""
    if all(o.amounts is None for o in leaves):
        return []
    amounts = np.empty(sum(len(o.rows) for o in leaves), dtype=object)
    amounts[:] = [a for o in leaves for a in _signed_amounts(o)]
    return amounts[source].tolist()


def _signed_amounts(o: LeafOutcome) -> list:
    if o.amounts is None:
        return [None] * len(o.rows)
    sign = o.node.rule.sign if o.node.rule is not None else 1
    return (sign * o.amounts).tolist()


@dataclass
class _Group:
    """What a group's node builders share while they are made."""

    state: GroupState
    rows: _Rows
    inputs: _Inputs


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

    rows: _Rows
    template: dict[str, Any] = field(default_factory=dict)
    columns: list[tuple[str, int]] = field(default_factory=list)  # key, place in the row
    adders: list[Adder] = field(default_factory=list)
    closed: bool = False  # a key only some entrants have was added: no new template keys

    def constant(self, key: str, value: Any) -> None:
        """A value every entrant shares: a number, a string, or an object already shared."""
        if self.closed and key not in self.template:
            self.adders.append(_setter(key, lambda e: value))
        else:
            self.template[key] = value

    def column(self, key: str, values: np.ndarray, none_for_nan: bool = False) -> None:
        """A figure per entrant."""
        place = self.rows.add(values, none_for_nan)
        if self.closed and key not in self.template:
            self.adders.append(_row_setter(key, place))
        else:
            self.template.setdefault(key, None)
            self.columns.append((key, place))

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

        def build(e: int, row: list, inputs: list) -> dict[str, Any]:
            out = template.copy()
            for key, place in columns:
                out[key] = row[place]
            for add in adders:
                add(out, e, row, inputs)
            return out

        return build


def _setter(key: str, value_of: Callable[[int], Any]) -> Adder:
    def add(out: dict[str, Any], e: int, row: list, inputs: list) -> None:
        out[key] = value_of(e)

    return add


def _row_setter(key: str, place: int) -> Adder:
    def add(out: dict[str, Any], e: int, row: list, inputs: list) -> None:
        out[key] = row[place]

    return add


def _prepared(state: GroupState) -> tuple[list[Builder], list[list], _Inputs]:
    """The group's top node builders, every entrant's row and the raw rows, made on first use."""
    if state.explaining is None:
        sequential = [o for o in state.leaves.values() if o.panel is None]
        figures = _Rows(len(state.entrants))
        group = _Group(state, figures, _inputs(state, sequential, figures))
        builders = [_node_builder(group, node) for node in state.tree]
        state.explaining = builders, group.rows.rows(), group.inputs
    return state.explaining


def _node_builder(group: _Group, node: Node) -> Builder:
    state = group.state
    shape = _Shape(group.rows)
    shape.constant("id", node.id)
    shape.constant("name", node.name)
    shape.column("points", state.node_units[node.path] / 10.0**state.decimals)
    shape.constant("max", node.points)
    if node.weight is not None:
        shape.constant("weight", node.weight)
    if state.exact:
        scale = 10.0 ** (state.exact_decimals or 0)
        shape.column("exact", np.asarray(state.exact[node.path], dtype=float) / scale)
    detail = state.details.get(node.path)
    if detail is not None:
        _composite(shape, node, detail)
    if node.is_leaf:
        _leaf(shape, group, state.leaves[node.path])
    else:
        shape.constant("combine", node.combine)
        shape.each("children", _children(group, node))
    return shape.builder()


def _children(group: _Group, node: Node) -> Adder:
    """A node's children, then its floor or cap as a line of its own where one applied."""
    children = [_node_builder(group, c) for c in node.children]
    bound = group.state.bounds.get(node.path)
    decimals = group.state.decimals
    if bound is None:

        def add(out: dict[str, Any], e: int, row: list, inputs: list) -> None:
            out["children"] = [build(e, row, inputs) for build in children]

        return add
    place = group.rows.add(bound)

    def add_bounded(out: dict[str, Any], e: int, row: list, inputs: list) -> None:
        lines = [build(e, row, inputs) for build in children]
        if row[place]:
            lines.append(_bound_line(node, int(row[place]), decimals))
        out["children"] = lines

    return add_bounded


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
            shape.column("coverage", np.asarray(detail["coverage"], dtype=float))
            shape.column("scored", np.asarray(detail["scored_on"], dtype=bool))
    if "weight_used" in detail:
        shape.column("weight_used", np.asarray(detail["weight_used"], dtype=float))
        shape.column("normalised", np.asarray(detail["normalised"], dtype=float))


def _leaf(shape: _Shape, group: _Group, o: LeafOutcome) -> None:
    shape.constant("source", str(o.node.source))
    shape.constant("rule", o.rule_dict)
    shape.column("value", np.asarray(o.values, dtype=float), none_for_nan=True)
    shape.column("unrounded", np.asarray(o.points, dtype=float), none_for_nan=True)
    if o.filled is not None:
        shape.some(_missing(o.filled, o.policy, o.imputed))
    if o.vetoed is not None:
        shape.column("vetoed", o.vetoed)
    if o.derived is not None and o.node.formula is not None:
        shape.constant("formula", o.node.formula.text)
        shape.each("formula_inputs", _formula_inputs(o.derived))
    if o.multiplied is not None:
        shape.some(_multiplier(group.state, o.multiplied, o.node))
    if o.composite is not None:
        shape.column("weight_used", o.composite[0])
        shape.column("normalised", o.composite[1])
    if o.per is not None and o.node.per is not None:
        shape.each("per", _per(o.node.per, *o.per))
    if o.treated:
        shape.some(_treated(o.treated))
    if o.panel is not None:
        _panel(shape, group.state, o.panel)
    else:
        shape.each("inputs", _row_inputs(group, o))


def _missing(filled: np.ndarray, policy: str | None, imputed: dict[int, dict]) -> Adder:
    was_filled = filled.tolist()

    def add(out: dict[str, Any], e: int, row: list, inputs: list) -> None:
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

    def add(out: dict[str, Any], e: int, row: list, inputs: list) -> None:
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

    def add(out: dict[str, Any], e: int, row: list, inputs: list) -> None:
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
    per_criterion = _floats(pm.criteria)  # [entrant][criterion]
    shape.each("criteria", _setter(
        "criteria", lambda e: dict(zip(criteria, per_criterion[e], strict=True))
    ))
    shape.column("judges_counted", pm.judges_counted)
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

    def add(out: dict[str, Any], e: int, row: list, inputs: list) -> None:
        if decided[e]:
            out["missing_marks"] = missing_dicts(pm, e)

    return add


def _row_inputs(group: _Group, o: LeafOutcome) -> Adder:
    """A sequential leaf's rows: its slice of the entrant's input dicts (see _Inputs)."""
    first, past = group.inputs.spans[o.node.path]

    def add(out: dict[str, Any], e: int, row: list, inputs: list) -> None:
        out["inputs"] = inputs[row[first] : row[past]]

    return add


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
        entrant, (builders, rows, raw) = s.entrants[e], _prepared(s)
        row = rows[e]
        inputs = raw.dicts(row)
        out = {
            "entrant": entrant.id,
            "name": entrant.name,
            "group": entrant.group,
            "total": self.total,
            "vetoed": bool(s.vetoed[e]),
            "children": [build(e, row, inputs) for build in builders],
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
