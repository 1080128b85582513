"""Evaluate a contest: every leaf, every node, totals, ranks, grades, awards.

The work is vectorised per leaf across the entrants of a group. Rows read in
sequence are put in a canonical order first, so the order of entrants or rows
never changes a result. Leaf contributions are rounded half-up to the scheme's decimals and
kept as integer units; dimensions and totals are exact sums of those units.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bipin.scoring.combine import combine
from bipin.scoring.explain import Explanation
from bipin.scoring.grade import assign_awards, assign_grades
from bipin.scoring.leaves import LeafOutcome, apply_missing, score_leaf
from bipin.scoring.model import Entrant, Observation, ObservationError, ObservationTable
from bipin.scoring.ranges import check_rows, check_table
from bipin.scoring.rank import competition_rank
from bipin.scoring.rounding import from_units, to_units
from bipin.scoring.rules import Veto
from bipin.scoring.scheme import Node, Scheme

__all__ = ["EntrantResult", "Evaluation", "GroupResult", "evaluate", "ranking_keys"]


@dataclass(frozen=True)
class EntrantResult:
    entrant: Entrant
    total: float
    rank: int
    grade: str | None
    award: str | None
    dimensions: dict[str, float]
    vetoed: bool
    explanation: Explanation

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "entrant": self.entrant.id,
            "total": self.total,
            "rank": self.rank,
            "grade": self.grade,
            "award": self.award,
            "dimensions": dict(self.dimensions),
        }
        if explain:
            out["name"], out["vetoed"] = self.entrant.name, self.vetoed
            out["explanation"] = self.explanation.to_dict()
        return out


@dataclass(frozen=True)
class GroupResult:
    group: str
    results: list[EntrantResult]


@dataclass(frozen=True)
class Evaluation:
    contest: str
    groups: list[GroupResult]
    warnings: list[str]

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        """The CLI's JSON contract; ``explain=True`` adds names, vetoes and trees."""
        return {
            "contest": self.contest,
            "groups": [
                {"group": g.group, "results": [r.to_dict(explain) for r in g.results]}
                for g in self.groups
            ],
            "warnings": list(self.warnings),
        }

    def result(self, entrant_id: str) -> EntrantResult:
        for g in self.groups:
            for r in g.results:
                if r.entrant.id == entrant_id:
                    return r
        raise KeyError(entrant_id)


@dataclass
class GroupState:
    """The arrays of one group's evaluation, shared by its explanations."""

    group: str
    entrants: list[Entrant]
    tree: tuple[Node, ...]
    table: ObservationTable
    decimals: int
    leaves: dict[str, LeafOutcome] = field(default_factory=dict)
    units: dict[str, np.ndarray] = field(default_factory=dict)  # leaf path -> units per entrant
    node_units: dict[str, np.ndarray] = field(default_factory=dict)  # every node, exact sums
    bounds: dict[str, np.ndarray] = field(default_factory=dict)  # floor/cap units added per node
    total_units: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    vetoed: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    lists: dict = field(default_factory=dict)  # explanation caches, see explain._lists


def _canonical(table: ObservationTable, rows: np.ndarray, local: np.ndarray) -> np.ndarray:
    """Positions ordering ``rows`` independently of input order (ties are identical rows).

    Panels need none (each mark has its own cell); rows read in sequence (sums,
    "last", findings) are put in entrant, round, judge, value order.
    """
    keys = [table.factor[rows], table.value[rows]]
    for name in ("ref", "severity", "category"):
        col = getattr(table, name)
        if col is not None:
            keys.append(np.unique(col[rows].astype(str), return_inverse=True)[1])
    keys += [table.judge[rows], table.round[rows], local]
    return np.lexsort(keys)


def _item_map(
    tree: tuple[Node, ...], scheme: Scheme, table: ObservationTable
) -> tuple[list[Node], np.ndarray]:
    leaves = [leaf for d in tree for leaf in d.leaves()]
    index = {name: i for i, name in enumerate(table.items)}
    item_leaf = np.full(len(table.items), -1)
    for k, leaf in enumerate(leaves):
        names = [c.id for c in scheme.panels[leaf.panel].criteria] if leaf.panel else [leaf.id]
        for name in names:
            if name in index:
                item_leaf[index[name]] = k
    return leaves, item_leaf


def _group(
    scheme: Scheme,
    group: str,
    entrants: list[Entrant],
    table: ObservationTable,
    rows: np.ndarray,
    local: np.ndarray,
    warnings: list[str],
) -> GroupState:
    tree = scheme.tree(group)
    state = GroupState(group, entrants, tree, table, scheme.decimals)
    n = len(entrants)
    leaves, item_leaf = _item_map(tree, scheme, table)
    leaf_of_row = item_leaf[table.item[rows]]
    if (leaf_of_row < 0).any():
        row = rows[int(np.argmax(leaf_of_row < 0))]
        item = table.items[table.item[row]]
        raise ObservationError(
            f"指标“{item}”不属于“{group}”组的考评方案",
            f"item {item!r} is not in the scheme for group {group!r}",
            table.ref_of(row),
            "item",
        )
    in_composite = {
        c.path
        for d in tree
        for node in d.walk()
        if node.combine == "composite"
        for c in node.children
    }
    order = np.argsort(leaf_of_row, kind="stable")
    bounds = np.searchsorted(leaf_of_row[order], np.arange(len(leaves) + 1))
    groups = np.zeros(n, np.int64)
    for k, leaf in enumerate(leaves):
        sel = order[bounds[k] : bounds[k + 1]]
        if leaf.panel is None:
            sel = sel[_canonical(table, rows[sel], local[sel])]
        check_rows(leaf, table, rows[sel])
        out = score_leaf(scheme, leaf, table, rows[sel], local[sel], groups)
        apply_missing(scheme, out, leaf.path in in_composite)
        for e, message in out.warnings:
            warnings.append(f"{group} · {entrants[e].id} · {message}")
        state.leaves[leaf.path] = out
    contribs: dict[str, np.ndarray] = {}
    for dim in tree:
        contribs.update(combine(dim, state.leaves, n)[0])
    state.units = {path: to_units(c, scheme.decimals) for path, c in contribs.items()}
    for node in (n for d in tree for n in d.walk()):
        if node.composite is not None and node.composite.aggregate == "geometric":
            _apportion(node, contribs, state.units, scheme.decimals)
    _sum_tree(state)
    _warn_bounds(state, warnings)
    state.vetoed = np.zeros(n, bool)
    took = False
    for leaf in leaves:
        out = state.leaves[leaf.path]
        if out.vetoed is None:
            continue
        state.vetoed |= out.vetoed
        if isinstance(leaf.rule, Veto) and leaf.rule.effect == "zero":
            # The veto leaf takes away everything else, floors included, so the
            # tree still sums; floors and caps are not applied again after it.
            take = np.where(out.vetoed, -state.total_units, 0)
            state.units[leaf.path] = state.units[leaf.path] + take
            state.total_units = state.total_units + take
            took = True
    if took:
        _sum_tree(state, again=True)
    return state


def _apportion(
    node: Node, contribs: dict[str, np.ndarray], units: dict[str, np.ndarray], decimals: int
) -> None:
    """Round a product node once and share its units by largest remainder.

    A weighted product has no additive parts; rounding each leaf's share on
    its own could publish 3.54 + 3.54 for a node worth 7.07.
    """
    paths = [c.path for c in node.children if not c.is_adjustment]
    if not paths:
        return
    scaled = np.array([contribs[p] for p in paths]) * 10.0**decimals
    base = np.floor(scaled).astype(np.int64)
    target = to_units(np.array([contribs[p] for p in paths]).sum(axis=0), decimals)
    short = target - base.sum(axis=0)
    # Leaves with the largest fractions get the missing units (ties: first leaf).
    order = np.argsort(-(scaled - base), axis=0, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(len(paths))[:, None], axis=0)
    extra = (rank < short).astype(np.int64)
    for k, p in enumerate(paths):
        units[p] = base[k] + extra[k]


def _sum_tree(state: GroupState, again: bool = False) -> None:
    """Every node's units as the sum of its children's, and the total as the dimensions'."""
    for dim in state.tree:
        _sum_units(dim, state, again)
    zero = np.zeros(len(state.entrants), np.int64)
    state.total_units = sum((state.node_units[d.path] for d in state.tree), zero)


def _sum_units(node: Node, state: GroupState, again: bool = False) -> np.ndarray:
    if node.is_leaf:
        total = state.units[node.path]
    else:
        total = sum(
            (_sum_units(c, state, again) for c in node.children),
            np.zeros(len(state.entrants), np.int64),
        )
        if node.floor is not None or node.cap is not None:
            if not again:
                low = None if node.floor is None else to_units(node.floor, state.decimals)
                high = None if node.cap is None else to_units(node.cap, state.decimals)
                # The adjustment is a part of its own, so the node still sums.
                state.bounds[node.path] = np.clip(total, low, high) - total
            total = total + state.bounds[node.path]
    state.node_units[node.path] = total
    return total


def _warn_bounds(state: GroupState, warnings: list[str]) -> None:
    for path, adjusted in state.bounds.items():
        node = next(n for d in state.tree for n in d.walk() if n.path == path)
        before = from_units(state.node_units[path] - adjusted, state.decimals)
        for e in np.nonzero(adjusted)[0]:
            total = f"{before[e]:.{state.decimals}f}"
            if adjusted[e] > 0:
                zh = f"合计{total}低于下限{node.floor:g},按{node.floor:g}计(扣完为止)"
                en = f"totals {total}, below its floor {node.floor:g}: counted as {node.floor:g}"
            else:
                zh = f"合计{total}超过上限{node.cap:g},按{node.cap:g}计"
                en = f"totals {total}, above its cap {node.cap:g}: counted as {node.cap:g}"
            entrant = state.entrants[e].id
            warnings.append(f"{state.group} · {entrant} · “{node.id}”{zh} / {node.id!r} {en}")


def _deductions(state: GroupState) -> np.ndarray:
    """Points lost to deductions and findings, in units (for the tie-break)."""
    lost = np.zeros(len(state.entrants), np.int64)
    for path, out in state.leaves.items():
        rule = out.node.rule
        if rule is not None and rule.record and rule.sign < 0:
            full = to_units(out.node.points, state.decimals) if out.node.points else 0
            lost += np.abs(state.units[path] - full) if full else -state.units[path]
    return lost


def _filled_anywhere(state: GroupState) -> np.ndarray:
    """Entrants whose score rests on a value the missing-data policy filled in.

    A prize is a judgement on the entry itself; a sample no judge scored must
    not tie its way into a prize on a filled-in zero or group mean.
    """
    hit = np.zeros(len(state.entrants), bool)
    for out in state.leaves.values():
        if out.filled is not None:
            hit |= out.filled
        if out.panel is not None:  # a criterion or round the panel's policy decided
            hit |= out.panel.missing.any(axis=(0, 2))
    return hit


def _veto_effects(state: GroupState, effect: str) -> np.ndarray:
    hit = np.zeros(len(state.entrants), bool)
    for out in state.leaves.values():
        if (
            out.vetoed is not None
            and isinstance(out.node.rule, Veto)
            and out.node.rule.effect == effect
        ):
            hit |= out.vetoed
    return hit


def _ranking_keys(
    scheme: Scheme, state: GroupState, draw: Mapping[str, int] | None, warnings: list[str]
) -> list[np.ndarray]:
    """The keys ranks and awards are decided by: total units, then each tie-break."""
    n = len(state.entrants)
    dims = {dim.id: state.node_units[dim.path] for dim in state.tree}
    keys = [state.total_units.astype(float)]
    for t in scheme.tie_break:
        if t.startswith("dimension:"):
            keys.append(dims.get(t[10:], np.zeros(n, np.int64)).astype(float))
        elif t == "fewer_deductions":
            keys.append(-_deductions(state).astype(float))
        else:
            if draw is None:
                warnings.append(
                    f"{state.group} · 未提供抽签顺序,不按抽签区分 / no draw order given: draw not used"
                )
            keys.append(
                np.array([-float(draw.get(e.id, np.inf)) if draw else 0.0 for e in state.entrants])
            )
    return keys


def ranking_keys(
    scheme: Scheme, evaluation: Evaluation, draw_order: Mapping[str, int] | None = None
) -> dict[str, list[float]]:
    """Each entrant's ranking keys as the engine compared them, larger is better.

    The first key is the total in units of the scheme's decimals; then one key
    per ``tie_break`` entry (dimension units, minus the units lost to
    deductions, minus the lot number). A verifier can re-rank a group from
    these alone.

    >>> from bipin.scoring import parse_scheme
    >>> s = parse_scheme({"contest": "示例", "ranking": {"tie_break": ["dimension:成效"]}, "dimensions": [
    ...     {"name": "成效", "indicators": [{"name": "达标率", "points": 10, "source": "data",
    ...      "rule": "target_step(target=100, step=0.1, deduct=1)"}]}]})
    >>> e = evaluate(s, [Entrant("甲", "示例甲县", "县")], [Observation("甲", "data", "达标率", 99.7)])
    >>> ranking_keys(s, e)
    {'甲': [700.0, 700.0]}
    """
    out: dict[str, list[float]] = {}
    for g in evaluation.groups:
        if not g.results:
            continue
        state = g.results[0].explanation.state
        keys = _ranking_keys(scheme, state, draw_order, [])
        for i, e in enumerate(state.entrants):
            out[e.id] = [float(k[i]) for k in keys]
    return out


def _results(
    scheme: Scheme, state: GroupState, draw: Mapping[str, int] | None, warnings: list[str]
) -> GroupResult:
    n, d = len(state.entrants), scheme.decimals
    dims = {dim.id: state.node_units[dim.path] for dim in state.tree}
    keys = _ranking_keys(scheme, state, draw, warnings)
    ranks = competition_rank(np.zeros(n, int), keys)
    totals = from_units(state.total_units, d)
    grades: list[str | None] = [None] * n
    if scheme.grades is not None:
        grades = assign_grades(
            scheme.grades, totals, ranks, d, _veto_effects(state, "lowest_grade")
        )
    awards: list[str | None] = [None] * n
    if scheme.awards is not None:
        incomplete = _filled_anywhere(state)
        for i in np.nonzero(incomplete & ~state.vetoed)[0]:
            e = state.entrants[i]
            warnings.append(
                f"{state.group} · {e.id} · 有缺失数据,不参与评奖 / "
                "has missing data: not eligible for an award"
            )
        awards = assign_awards(scheme.awards, keys, ~state.vetoed & ~incomplete)
    dim_values = {k: from_units(v, d) for k, v in dims.items()}
    results = [
        EntrantResult(
            e,
            float(totals[i]),
            int(ranks[i]),
            grades[i],
            awards[i],
            {k: float(v[i]) for k, v in dim_values.items()},
            bool(state.vetoed[i]),
            Explanation(state, i),
        )
        for i, e in enumerate(state.entrants)
    ]
    results.sort(key=lambda r: (r.rank, r.entrant.id))
    return GroupResult(state.group, results)


def evaluate(
    scheme: Scheme,
    entrants: Iterable[Entrant] | None,
    observations: Iterable[Observation] | ObservationTable,
    *,
    draw_order: Mapping[str, int] | None = None,
) -> Evaluation:
    """Score, rank, grade and explain every entrant; groups in the scheme's order.

    ``entrants`` may be None to use the scheme's own list. Observations name
    an entrant by id or by its blind code. ``draw_order`` maps
    entrant ids to lot numbers; a smaller number wins a ``draw`` tie-break.

    >>> from bipin.scoring import parse_scheme
    >>> s = parse_scheme({"contest": "示例", "dimensions": [{"name": "成效", "indicators": [
    ...     {"name": "达标率", "points": 10, "source": "data",
    ...      "rule": "target_step(target=100, step=0.1, deduct=1)"}]}]})
    >>> people = [Entrant("甲", "示例甲县", "县"), Entrant("乙", "示例乙县", "县")]
    >>> obs = [Observation("甲", "data", "达标率", 99.7), Observation("乙", "data", "达标率", 100)]
    >>> [(r.entrant.id, r.total, r.rank) for r in evaluate(s, people, obs).groups[0].results]
    [('乙', 10.0, 1), ('甲', 7.0, 2)]
    """
    if scheme.stages:
        # Summing every stage's rows as one round would rank on totals the
        # scheme never declared; a staged contest is placed stage by stage.
        raise ValueError(
            "方案声明了 stages,请用 evaluate_stages 或 stage_standings 计分 / "
            "the scheme declares stages: score it with evaluate_stages or stage_standings"
        )
    people = list(scheme.entrants if entrants is None else entrants)
    ids = [e.id for e in people]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ObservationError(
            f"参评对象“{dup}”重复", f"duplicate entrant id {dup!r}", field="entrant"
        )
    for e in people:
        if scheme.groups and e.group not in scheme.groups:
            raise ObservationError(
                f"参评对象“{e.id}”的组别“{e.group}”不在考评方案中",
                f"entrant {e.id!r} is in group {e.group!r}, which the scheme does not declare",
                field="group",
            )
    table = (
        observations
        if isinstance(observations, ObservationTable)
        else ObservationTable.from_observations(observations)
    )
    check_table(table)
    position = {e: i for i, e in enumerate(ids)}
    # Blind-judged sheets name the entry by its code (盲评); both resolve.
    by_code = {e.code: i for i, e in enumerate(people) if e.code and e.code not in position}
    code_to_entrant = np.array(
        [position.get(name, by_code.get(name, -1)) for name in table.entrants], np.int64
    )
    row_entrant = code_to_entrant[table.entrant] if len(table) else np.zeros(0, np.int64)
    if (row_entrant < 0).any():
        row = int(np.argmax(row_entrant < 0))
        name = table.entrants[table.entrant[row]]
        raise ObservationError(
            f"参评对象“{name}”不在名单中",
            f"unknown entrant {name!r}",
            table.ref_of(row),
            "entrant",
        )
    group_names = list(scheme.groups) + sorted({e.group for e in people} - set(scheme.groups))
    members = {
        g: sorted((e for e in people if e.group == g), key=lambda e: e.id) for g in group_names
    }
    local_of = np.zeros(len(people), np.int64)
    group_of = np.zeros(len(people), np.int64)
    for k, g in enumerate(group_names):
        for i, e in enumerate(members[g]):
            local_of[position[e.id]], group_of[position[e.id]] = i, k
    row_group = group_of[row_entrant]
    order = np.argsort(row_group, kind="stable")
    bounds = np.searchsorted(row_group[order], np.arange(len(group_names) + 1))
    warnings: list[str] = []
    out = []
    for k, group in enumerate(group_names):
        if not members[group]:
            continue
        rows = order[bounds[k] : bounds[k + 1]]
        state = _group(
            scheme, group, members[group], table, rows, local_of[row_entrant[rows]], warnings
        )
        out.append(_results(scheme, state, draw_order, warnings))
    return Evaluation(scheme.contest, out, sorted(set(warnings)))
