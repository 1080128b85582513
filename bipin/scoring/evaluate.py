"""Evaluate a contest: every leaf, every node, totals, ranks, grades, awards.

The work is vectorised per leaf across the entrants of a group. Rows read in
sequence are put in a canonical order first, so the order of entrants or rows
never changes a result. Figures are kept as integer units of the published
decimals; every node is the exact sum of its parts. With ``rounding.order:
leaf`` (the default) each leaf's contribution is rounded half-up and the
totals add those; with ``order: end`` the units are 10**-(decimals + 6),
the total is rounded once and each node's published units are shared among
its parts by largest remainder, so rounding never reorders entrants.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bipin.scoring.collector import without_cycle_collection
from bipin.scoring.combine import combine
from bipin.scoring.coverage import below_coverage, filled_anywhere
from bipin.scoring.explain import Explanation
from bipin.scoring.grade import assign_awards, assign_grades
from bipin.scoring.impute import (
    impute_by_kind,
    impute_in_group,
    impute_previous,
    period_problem,
)
from bipin.scoring.leaves import LeafOutcome, apply_missing, score_leaf
from bipin.scoring.model import Entrant, Observation, ObservationError, ObservationTable
from bipin.scoring.publish import EXACT_DIGITS, apportion, publish
from bipin.scoring.ranges import check_rows, check_table
from bipin.scoring.ranking_keys import group_keys, ranking_keys, ranks_apart, veto_effects
from bipin.scoring.rounding import from_units, to_units
from bipin.scoring.row_order import canonical, several_rows_for_one, small_codes
from bipin.scoring.rules import Veto
from bipin.scoring.scheme import Node, Scheme

__all__ = ["EntrantResult", "Evaluation", "GroupResult", "evaluate", "ranking_keys"]


@dataclass(frozen=True)
class EntrantResult:
    entrant: Entrant
    total: float
    rank: int | None  # None: listed apart by an out_of_ranking veto
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
    explaining: tuple | None = None  # the trees' builders and figures, see explain._prepared
    details: dict[str, dict] = field(default_factory=dict)  # composite figures, see combine
    # Rounding order "end": every node's and the total's exact units (of
    # 10**-exact_decimals) before publication; empty with per-leaf rounding.
    exact: dict[str, np.ndarray] = field(default_factory=dict)
    exact_total: np.ndarray | None = None
    exact_decimals: int | None = None
    # What ranks compare: the total and each node (exact or published units).
    rank_total: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    rank_nodes: dict[str, np.ndarray] = field(default_factory=dict)
    # Top-level min_coverage: per entrant, value leaves with real data and of
    # how many, and the threshold; None without one.
    coverage: tuple[np.ndarray, int, float] | None = None


def _item_map(
    tree: tuple[Node, ...], scheme: Scheme, table: ObservationTable
) -> tuple[list[Node], np.ndarray]:
    """The leaf of each item code; a formula's input maps past the last leaf.

    An input may feed several derived leaves, so its rows are picked per
    formula (:func:`_formula_rows`) rather than given to one leaf here.
    """
    leaves = [leaf for d in tree for leaf in d.leaves()]
    index = {name: i for i, name in enumerate(table.items)}
    item_leaf = np.full(len(table.items), -1)
    for name in scheme.inputs:
        if name in index:
            item_leaf[index[name]] = _INPUT
    for leaf in leaves:
        for name in leaf.formula.inputs if leaf.formula is not None else ():
            if name in index:
                item_leaf[index[name]] = len(leaves)
    for k, leaf in enumerate(leaves):
        names = [c.id for c in scheme.panels[leaf.panel].criteria] if leaf.panel else [leaf.id]
        for name in names:
            if name in index:
                item_leaf[index[name]] = k
    return leaves, item_leaf


_INPUT = -2  # an item read as a denominator, not scored


def _denominators(
    table: ObservationTable, rows: np.ndarray, local: np.ndarray, n: int
) -> dict[str, np.ndarray]:
    """Each input item's value per entrant (NaN: none); a second row for one entrant is refused."""
    out: dict[str, np.ndarray] = {}
    for code in np.unique(table.item[rows]):
        sel = table.item[rows] == code
        who = local[sel]
        if np.unique(who).shape[0] != who.shape[0]:
            row = int(rows[sel][int(np.argmax(np.bincount(who)[who] > 1))])
            name = table.items[code]
            raise ObservationError(
                f"输入项“{name}”每个参评对象只能有一行(它是分母,不作汇总)",
                f"input {name!r} takes one row per entrant (it is a denominator, never summed)",
                table.ref_of(row),
                "item",
            )
        values = np.full(n, np.nan)
        values[who] = table.value[rows[sel]]
        out[table.items[code]] = values
    return out


def _formula_rows(
    leaf: Node, table: ObservationTable, rows: np.ndarray, named: np.ndarray
) -> np.ndarray:
    """The positions of a derived leaf's input rows; a row giving the leaf's own value is refused.

    The value is computed: a figure typed in for it would be silently ignored.
    """
    assert leaf.formula is not None
    if len(named):
        row = rows[named[0]]
        said = "、".join(leaf.formula.inputs)
        raise ObservationError(
            f"“{leaf.id}”按公式 {leaf.formula.text} 计算,不直接填写;请填写输入项{said}",
            f"{leaf.id!r} is computed by {leaf.formula.text}; give its inputs ({', '.join(leaf.formula.inputs)})",
            table.ref_of(row),
            "item",
        )
    codes = [i for i, name in enumerate(table.items) if name in leaf.formula.inputs]
    return np.nonzero(np.isin(table.item[rows], codes))[0]


def _group(
    scheme: Scheme,
    group: str,
    entrants: list[Entrant],
    table: ObservationTable,
    rows: np.ndarray,
    local: np.ndarray,
    fill: bool = True,
) -> GroupState:
    """A group's leaves scored; :func:`_score` combines them once every group has its leaves.

    ``fill=False`` leaves missing points NaN: an earlier period's rows, read
    only as previous values, are not filled by any policy.
    """
    tree = scheme.tree(group)
    end = scheme.rounding_order == "end"
    decimals = scheme.decimals + (EXACT_DIGITS if end else 0)
    state = GroupState(group, entrants, tree, table, decimals)
    n = len(entrants)
    leaves, item_leaf = _item_map(tree, scheme, table)
    leaf_of_row = item_leaf[table.item[rows]]
    is_input = leaf_of_row == _INPUT
    per = _denominators(table, rows[is_input], local[is_input], n)
    rows, local, leaf_of_row = rows[~is_input], local[~is_input], leaf_of_row[~is_input]
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
    order = np.argsort(small_codes(leaf_of_row), kind="stable")
    bounds = np.searchsorted(leaf_of_row[order], np.arange(len(leaves) + 1))
    groups = np.zeros(n, np.int64)
    kinds = [e.kind for e in entrants]
    for k, leaf in enumerate(leaves):
        sel = order[bounds[k] : bounds[k + 1]]
        if leaf.formula is not None:
            sel = _formula_rows(leaf, table, rows, sel)
        if leaf.panel is None:
            if several_rows_for_one(local[sel], n):
                sel = sel[canonical(table, rows[sel], local[sel])]
            else:
                # One row each: no order changes a score, but an explanation finds an
                # entrant's rows by binary search on entrant order (explain._inputs).
                sel = sel[np.argsort(local[sel], kind="stable")]
        check_rows(leaf, table, rows[sel])
        denominator = None
        if leaf.per is not None:
            denominator = per.get(leaf.per[0], np.full(n, np.nan))
        out = score_leaf(scheme, leaf, table, rows[sel], local[sel], groups, denominator, kinds)
        if fill:
            apply_missing(scheme, out, leaf.path in in_composite)
        how = out.imputing
        if how is not None and how.stat != "previous" and how.by == "group":
            impute_in_group(out, how, group)
        state.leaves[leaf.path] = out
    return state


def _references(scheme: Scheme, states: list[GroupState]) -> dict[str, dict[str, np.ndarray]]:
    """For each group, the raw columns of the other groups' entrants, per ``across: all`` node.

    A composite normalised across all units sees every group's values (its
    statistics, weights and outlier treatment), while each group is ranked
    on its own.
    """
    out: dict[str, dict[str, np.ndarray]] = {}
    for state in states:
        refs: dict[str, np.ndarray] = {}
        for node in (n for d in state.tree for n in d.walk()):
            if node.composite is None or node.composite.across != "all":
                continue
            children = [c.path for c in node.children if not c.is_adjustment]
            blocks = [
                np.array([
                    o.leaves[p].points if p in o.leaves else np.full(len(o.entrants), np.nan)
                    for p in children
                ]).reshape(len(children), len(o.entrants)).T
                for o in states
                if o is not state
            ]
            refs[node.path] = np.vstack(blocks) if blocks else np.zeros((0, len(children)))
        out[state.group] = refs
    return out


def _score(
    scheme: Scheme,
    state: GroupState,
    warnings: list[str],
    reference: Mapping[str, np.ndarray] | None = None,
) -> None:
    """Combine, round, sum and apply vetoes: every figure of the group's tree."""
    group, entrants, tree, n = state.group, state.entrants, state.tree, len(state.entrants)
    end, decimals = scheme.rounding_order == "end", state.decimals
    leaves = [leaf for d in tree for leaf in d.leaves()]
    contribs: dict[str, np.ndarray] = {}
    notes: list[tuple[int, str]] = []
    for dim in tree:
        contribs.update(combine(dim, state.leaves, n, notes, state.details, reference)[0])
    # Leaves warn after combining: a composite adds its treatments to them.
    for e, message in notes + [m for out in state.leaves.values() for m in out.warnings]:
        warnings.append(f"{group} · {entrants[e].id} · {message}")
    state.units = {path: to_units(c, decimals) for path, c in contribs.items()}
    for node in (n for d in tree for n in d.walk()):
        if not end and node.composite is not None and node.composite.aggregate != "arithmetic":
            apportion(node, contribs, state.units, decimals)
    _sum_tree(state)
    _warn_bounds(state, warnings, scheme.decimals)
    state.vetoed = np.zeros(n, bool)
    took = False
    for leaf in leaves:
        out = state.leaves[leaf.path]
        if out.vetoed is None:
            continue
        state.vetoed |= out.vetoed
        if isinstance(leaf.rule, Veto) and leaf.rule.has("zero"):
            # The veto leaf takes away everything else, floors included, so the
            # tree still sums; floors and caps are not applied again after it.
            take = np.where(out.vetoed, -state.total_units, 0)
            state.units[leaf.path] = state.units[leaf.path] + take
            state.total_units = state.total_units + take
            took = True
    if took:
        _sum_tree(state, again=True)
    if end:
        publish(state, scheme.decimals)
    exact = end and scheme.rank_by == "exact"
    state.rank_total = state.exact_total if exact else state.total_units
    state.rank_nodes = state.exact if exact else state.node_units


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


def _warn_bounds(state: GroupState, warnings: list[str], shown: int) -> None:
    """A warning per floor or cap applied, the node's figure with ``shown`` decimals."""
    for path, adjusted in state.bounds.items():
        node = next(n for d in state.tree for n in d.walk() if n.path == path)
        before = from_units(state.node_units[path] - adjusted, state.decimals)
        for e in np.nonzero(adjusted)[0]:
            total = f"{before[e]:.{shown}f}"
            if adjusted[e] > 0:
                zh = f"合计{total}低于下限{node.floor:g},按{node.floor:g}计(扣完为止)"
                en = f"totals {total}, below its floor {node.floor:g}: counted as {node.floor:g}"
            else:
                zh = f"合计{total}超过上限{node.cap:g},按{node.cap:g}计"
                en = f"totals {total}, above its cap {node.cap:g}: counted as {node.cap:g}"
            entrant = state.entrants[e].id
            warnings.append(f"{state.group} · {entrant} · “{node.id}”{zh} / {node.id!r} {en}")


def _results(
    scheme: Scheme, state: GroupState, draw: Mapping[str, int] | None, warnings: list[str]
) -> GroupResult:
    n, d = len(state.entrants), scheme.decimals
    dims = {dim.id: state.node_units[dim.path] for dim in state.tree}
    keys = group_keys(scheme, state, draw, warnings)
    apart = veto_effects(state, "out_of_ranking") | below_coverage(scheme, state, warnings)
    ranks = ranks_apart(keys, apart)
    totals = from_units(state.total_units, d)
    grades: list[str | None] = [None] * n
    if scheme.grades is not None:
        # Under quotas a vetoed entrant holds a place only if the scheme says so;
        # one listed apart never does.
        slots = ~apart & (~state.vetoed | scheme.grades.veto_takes_slot)
        grades = assign_grades(
            scheme.grades, totals, ranks, d, veto_effects(state, "lowest_grade"), slots
        )
    awards: list[str | None] = [None] * n
    if scheme.awards is not None:
        incomplete = filled_anywhere(state)
        for i in np.nonzero(incomplete & ~state.vetoed)[0]:
            e = state.entrants[i]
            warnings.append(
                f"{state.group} · {e.id} · 有缺失数据,不参与评奖 / "
                "has missing data: not eligible for an award"
            )
        awards = assign_awards(scheme.awards, keys, ~state.vetoed & ~incomplete)
    # Plain lists: a campaign's group has thousands of entrants, and a numpy
    # scalar read one at a time costs more than the result it goes into.
    names = list(dims)
    per_entrant = zip(*(from_units(dims[k], d).tolist() for k in names), strict=True) if names else (
        () for _ in range(n))
    total_list, rank_list, vetoed = totals.tolist(), ranks.tolist(), state.vetoed.tolist()
    results = [
        EntrantResult(
            e,
            total_list[i],
            rank_list[i] or None,
            grades[i],
            awards[i],
            dict(zip(names, figures, strict=True)),
            vetoed[i],
            Explanation(state, i),
        )
        for (i, e), figures in zip(enumerate(state.entrants), per_entrant, strict=True)
    ]
    # Entrants listed apart (out_of_ranking, below min_coverage) come after the ranking;
    # among equal ranks by id, which is the order of state.entrants.
    ranked = np.asarray(ranks, np.int64)
    listed = np.lexsort((np.arange(n), np.where(ranked > 0, ranked, 0), ranked <= 0))
    return GroupResult(state.group, [results[i] for i in listed.tolist()])


def _periods(scheme: Scheme, table: ObservationTable) -> np.ndarray:
    """Each row's period (a row without one is of the current period).

    Rows of earlier periods are read only as previous values; see
    :func:`period_problem` for the rows refused.
    """
    current = scheme.period
    if table.period is None:
        return np.full(len(table), current or 0, np.int64)
    given = np.array([(current or 0) if p is None else int(p) for p in table.period], np.int64)
    for row, p in enumerate(table.period):
        problem = period_problem(current, None if p is None else int(p))
        if problem is not None:
            raise ObservationError(*problem, table.ref_of(row), "period")
    return given


def _unused_multipliers(scheme: Scheme, people: list[Entrant]) -> list[str]:
    """A multiplier whose kinds no entrant has: most likely a misspelt 类型, so said aloud."""
    have = {e.kind for e in people}
    out = []
    for dim in scheme.dimensions:
        for leaf in dim.leaves():
            m = leaf.multiplier
            for kind in m.kinds if m is not None else ():
                if kind not in have:
                    out.append(
                        f"“{leaf.id}”的倍数针对类型“{kind}”,但没有参评对象属于该类型 / "
                        f"{leaf.id!r}: no entrant is of kind {kind!r}, so its multiplier never applies"
                    )
    return out


@without_cycle_collection
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
            "方案声明了比赛阶段(stages),须逐阶段计分和排名(evaluate_stages),不能合为一轮计算 / "
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
    warnings: list[str] = _unused_multipliers(scheme, people)
    group_names = list(scheme.groups) + sorted({e.group for e in people} - set(scheme.groups))
    members: dict[str, list[Entrant]] = {g: [] for g in group_names}
    for e in people:
        members[e.group].append(e)
    for g in group_names:
        members[g].sort(key=lambda e: e.id)
    local_of = np.zeros(len(people), np.int64)
    group_of = np.zeros(len(people), np.int64)
    for k, g in enumerate(group_names):
        at = np.fromiter((position[e.id] for e in members[g]), np.int64, len(members[g]))
        local_of[at], group_of[at] = np.arange(len(at)), k
    row_group = group_of[row_entrant]
    order = np.argsort(small_codes(row_group), kind="stable")
    bounds = np.searchsorted(row_group[order], np.arange(len(group_names) + 1))
    period = _periods(scheme, table)
    earlier = sorted(np.unique(period[period < (scheme.period or 0)]).tolist(), reverse=True)
    states = []
    for k, group in enumerate(group_names):
        if not members[group]:
            continue
        rows = order[bounds[k] : bounds[k + 1]]
        now = rows[period[rows] >= (scheme.period or 0)]
        state = _group(scheme, group, members[group], table, now, local_of[row_entrant[now]])
        previous = []
        for p in earlier:
            then = rows[period[rows] == p]
            previous.append(
                (p, _group(scheme, group, members[group], table, then,
                           local_of[row_entrant[then]], fill=False))
            )
        impute_previous(state, previous)
        states.append(state)
    impute_by_kind(states)
    references = _references(scheme, states)
    out = []
    for state in states:
        _score(scheme, state, warnings, references.get(state.group))
        out.append(_results(scheme, state, draw_order, warnings))
    return Evaluation(scheme.contest, out, sorted(set(warnings)))
