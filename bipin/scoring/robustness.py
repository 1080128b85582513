"""Rank robustness: how far each rank holds when the uncertain choices vary.

A Monte Carlo uncertainty analysis in the sense of the JRC/OECD *Handbook on
Constructing Composite Indicators* (2008, ch. 7). The scheme's ``robustness``
section marks choices as uncertain: points of some nodes within a range, the
normalisation and aggregation of composite nodes, the trim of averaging panels.

Method. The discrete choices form a small set of variants (their product);
the real engine (:func:`bipin.scoring.evaluate`) scores the contest once per
variant and every leaf's contribution is kept. Each draw picks a variant
uniformly and each ranged node's points uniformly in its range; an entrant's
total is Σ contribution × the factors (sampled / declared points) of the
leaf's ranged ancestors, rescaled so the full total stays as declared, and
rounded to the scheme's decimals as the engine rounds. Ranks are competition
ranks within the group; a tie in a draw is broken as the official ranking
broke it, so with nothing uncertain every draw is the official ranking.

Neighbours in the official order are *distinguishable* (:data:`DISTINGUISHABLE`,
the 95 % rule) when the upper one stays strictly ahead in at least 95 % of draws.

An entrant vetoed with ``effect=zero`` totals 0 in every draw, as the engine
makes it; other vetoes do not touch a total and are ranked like anyone.

>>> from bipin.scoring import Entrant, Observation, parse_scheme
>>> s = parse_scheme({"contest": "示例", "dimensions": [
...     {"name": "甲项", "points": 50, "indicators": [
...         {"name": "a", "points": 50, "source": "data", "rule": "manual"}]},
...     {"name": "乙项", "points": 50, "indicators": [
...         {"name": "b", "points": 50, "source": "data", "rule": "manual"}]}],
...     "robustness": {"draws": 200, "seed": 1, "weights": {"甲项": [30, 70]}}})
>>> people = [Entrant("x", "示例一", "g"), Entrant("y", "示例二", "g")]
>>> obs = [Observation("x", "data", "a", 40), Observation("x", "data", "b", 10),
...        Observation("y", "data", "a", 10), Observation("y", "data", "b", 39)]
>>> g = rank_robustness(s, people, obs).groups[0]
>>> [(e.entrant, e.rank, e.low, e.median, e.high) for e in g.entrants]
[('x', 1, 1, 1, 2), ('y', 2, 1, 2, 2)]
>>> g.entrants[0].distinguishable
False
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from bipin.scoring.combine import full_points
from bipin.scoring.evaluate import Evaluation, GroupState, evaluate
from bipin.scoring.model import Entrant, Observation, ObservationTable
from bipin.scoring.parse_robustness import TRIMMABLE
from bipin.scoring.rounding import from_units
from bipin.scoring.rules import Veto
from bipin.scoring.scheme import Node, Robustness, Scheme

__all__ = [
    "DISTINGUISHABLE",
    "EntrantRobustness",
    "GroupRobustness",
    "RankRobustness",
    "Variant",
    "rank_robustness",
    "simulate_ranks",
    "variants",
]

# The 95 % rule: neighbours are told apart when the upper one stays ahead this often.
DISTINGUISHABLE = 0.95
QUANTILES = (0.05, 0.5, 0.95)


@dataclass(frozen=True)
class Variant:
    """One combination of the discrete alternatives (None: as the scheme declares)."""

    normalise: str | None = None
    aggregate: str | None = None
    trim: int | None = None

    def apply(self, scheme: Scheme) -> Scheme:
        """The scheme with this variant's choices in every composite node and averaging panel."""
        panels = dict(scheme.panels)
        if self.trim is not None:
            for key, p in panels.items():
                if p.aggregate in TRIMMABLE:
                    # As parse_panel: trimming k from each end needs 2k + 1 marks.
                    panels[key] = replace(p, aggregate="trimmed", trim=self.trim,
                                          trim_min_judges=max(p.trim_min_judges, 2 * self.trim + 1))
        dims = tuple(self._node(d) for d in scheme.dimensions)
        return replace(scheme, dimensions=dims, panels=panels)

    def _node(self, node: Node) -> Node:
        change: dict = {"children": tuple(self._node(c) for c in node.children)}
        if node.composite is not None:
            change["composite"] = replace(
                node.composite,
                normalise=self.normalise or node.composite.normalise,
                aggregate=self.aggregate or node.composite.aggregate,
            )
        return replace(node, **change)


def variants(spec: Robustness) -> list[Variant]:
    """Every combination of the declared alternatives, in declaration order.

    >>> [(v.normalise, v.trim) for v in variants(Robustness(10, 1, normalise=("rank",), trim=(0, 1)))]
    [('rank', 0), ('rank', 1)]
    """
    return [Variant(n, a, t) for n, a, t in itertools.product(
        spec.normalise or (None,), spec.aggregate or (None,), spec.trim or (None,))]


@dataclass(frozen=True)
class EntrantRobustness:
    """One entrant's ranks over the draws; ``ahead`` and ``behind`` compare it with
    the next entrant in the official order (None for the last)."""

    entrant: str
    name: str
    rank: int  # official
    low: int  # 5 % percentile of the rank (the best end)
    median: int
    high: int  # 95 % percentile (the worst end)
    median_total: float
    ahead: float | None  # share of draws it ranks strictly above the next one
    behind: float | None  # share of draws the next one ranks strictly above it

    @property
    def distinguishable(self) -> bool | None:
        """Whether it is told apart from the next one by the 95 % rule."""
        return None if self.ahead is None else self.ahead >= DISTINGUISHABLE


@dataclass(frozen=True)
class GroupRobustness:
    group: str
    entrants: list[EntrantRobustness]  # in the official order


@dataclass(frozen=True)
class RankRobustness:
    draws: int
    seed: int
    variants: int
    groups: list[GroupRobustness]


@dataclass(frozen=True)
class _Group:
    """What sampling needs of one group, from the evaluations of every variant."""

    state: GroupState  # of the official evaluation
    official: np.ndarray  # rank per entrant (state order)
    contributions: np.ndarray  # variants × entrants × columns, in units
    under: np.ndarray  # columns × ranged nodes: the column lies under that node
    shares: np.ndarray  # full points of each column, for the rescale
    last: np.ndarray | None = None  # vetoed entrants ranked after the rest (rank_last, out_of_ranking)


def _columns(tree: tuple[Node, ...], ranged: Sequence[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Leaves then bounded nodes (a floor or cap is a part of its own), with ranged
    ancestors and full points; a product or weighted node shares by declared weight."""
    paths: list[str] = []
    under: list[list[bool]] = []
    shares: list[float] = []
    bounded: list[tuple[str, list[bool]]] = []

    def walk(node: Node, above: set[str], allotted: float) -> None:
        above = above | {node.id}
        if node.is_leaf:
            paths.append(node.path)
            under.append([k in above for k in ranged])
            shares.append(0.0 if node.is_adjustment else allotted)
            return
        if node.floor is not None or node.cap is not None:
            bounded.append((node.path, [k in above for k in ranged]))
        scored = [c for c in node.children if not c.is_adjustment]
        if node.combine == "sum":
            parts = [full_points(c) for c in scored]
        else:
            parts = [c.weight if c.weight is not None else 1.0 for c in scored]
        whole = sum(parts)
        part_of = {id(c): p for c, p in zip(scored, parts, strict=True)}
        for c in node.children:
            walk(c, above, allotted * part_of.get(id(c), 0.0) / whole if whole else 0.0)

    for dim in tree:
        walk(dim, set(), full_points(dim))
    for path, flags in bounded:
        paths.append(path)
        under.append(flags)
        shares.append(0.0)
    k = len(ranged)
    return (paths, np.array(under, bool).reshape(len(paths), k),
            np.array(shares, float))


def _zeroed(state: GroupState) -> np.ndarray:
    """Entrants a ``veto(effect=zero)`` took to 0: they stay at 0 in every draw."""
    hit = np.zeros(len(state.entrants), bool)
    for out in state.leaves.values():
        rule = out.node.rule
        if out.vetoed is not None and isinstance(rule, Veto) and rule.has("zero"):
            hit |= out.vetoed
    return hit


def _states(evaluation: Evaluation) -> dict[str, GroupState]:
    return {g.group: g.results[0].explanation.state for g in evaluation.groups if g.results}


def _group_inputs(official: GroupState, ranks: Mapping[str, int | None], runs: list[GroupState],
                  ranged: Sequence[str]) -> _Group:
    paths, under, shares = _columns(official.tree, ranged)
    n = len(official.entrants)
    contributions = np.zeros((len(runs), n, len(paths)))
    for v, state in enumerate(runs):
        for c, path in enumerate(paths):
            source = state.units if path in state.units else state.bounds
            contributions[v, :, c] = source.get(path, np.zeros(n, np.int64))
    contributions[:, _zeroed(official), :] = 0.0
    last = np.zeros(n, bool)
    for out in official.leaves.values():
        rule = out.node.rule
        if out.vetoed is not None and isinstance(rule, Veto) and (
            rule.has("rank_last") or rule.has("out_of_ranking")
        ):
            last |= out.vetoed
    if official.coverage is not None:  # too little real data (min_coverage): kept out too
        have, of, least = official.coverage
        last |= have < (least - 1e-12) * of
    # An entrant kept out of the ranking is shown after the ranked ones.
    rank = np.array([ranks[e.id] or n for e in official.entrants], np.int64)
    return _Group(official, rank, contributions, under, shares, last)


def rank_robustness(
    scheme: Scheme,
    entrants: Iterable[Entrant] | None,
    observations: Iterable[Observation] | ObservationTable,
    *,
    draw_order: Mapping[str, int] | None = None,
) -> RankRobustness:
    """The analysis the scheme's ``robustness`` section declares; ValueError if none."""
    spec = scheme.robustness
    if spec is None:
        raise ValueError(f"scheme {scheme.contest!r} declares no robustness section")
    people = list(scheme.entrants if entrants is None else entrants)
    table = (observations if isinstance(observations, ObservationTable)
             else ObservationTable.from_observations(observations))
    official = evaluate(scheme, people, table, draw_order=draw_order)
    runs = [_states(evaluate(v.apply(scheme), people, table, draw_order=draw_order))
            for v in variants(spec)]
    ranged = list(spec.weights)
    declared = {n.id: full_points(n) for d in scheme.dimensions for n in d.walk()
                if n.id in spec.weights}
    bounds = np.array([spec.weights[k] for k in ranged], float).reshape(len(ranged), 2)
    rng = np.random.default_rng(spec.seed)
    pick = rng.integers(len(runs), size=spec.draws)
    factors = (bounds[:, 0] + (bounds[:, 1] - bounds[:, 0]) * rng.random((spec.draws, len(ranged))))
    factors /= np.array([declared[k] for k in ranged], float)
    groups = []
    for g in official.groups:
        if not g.results:
            continue
        state = g.results[0].explanation.state
        inputs = _group_inputs(state, {r.entrant.id: r.rank for r in g.results},
                               [run[g.group] for run in runs], ranged)
        groups.append(_summary(g.group, inputs, pick, factors, scheme.decimals))
    return RankRobustness(spec.draws, spec.seed, len(runs), groups)


def simulate_ranks(
    contributions: np.ndarray,
    official: np.ndarray,
    pick: np.ndarray,
    factors: np.ndarray,
    under: np.ndarray,
    shares: np.ndarray,
    last: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Ranks and totals (draws × entrants) of one group.

    ``last`` marks entrants a veto puts after everyone else (``rank_last``,
    ``out_of_ranking``) whatever their totals, as the official ranking did.

    ``contributions`` is variants × entrants × columns in the scheme's units,
    ``official`` the official rank of each entrant, ``pick`` the variant of each
    draw, ``factors`` draws × ranged nodes (sampled / declared points),
    ``under`` columns × ranged nodes and ``shares`` each column's full points.

    >>> c = np.array([[[3.0, 1.0], [1.0, 2.0]]])  # one variant, two entrants, two leaves
    >>> f = np.array([[1.0], [0.2]])  # the first leaf's node as declared, then at a fifth
    >>> ranks, totals = simulate_ranks(c, np.array([1, 2]), np.zeros(2, int), f,
    ...                                np.array([[True], [False]]), np.array([5.0, 5.0]))
    >>> ranks.tolist(), totals.tolist()
    ([[1, 2], [2, 1]], [[4.0, 3.0], [3.0, 4.0]])
    """
    contributions = np.asarray(contributions, float)
    official = np.asarray(official)
    n_draws, n = len(pick), contributions.shape[1]
    if contributions.ndim != 3 or official.shape != (n,):
        raise ValueError(f"contributions of shape {contributions.shape} do not match "
                         f"{official.shape[0]} official ranks")
    scale = np.ones((n_draws, contributions.shape[2]))
    for k in range(under.shape[1]):
        scale[:, under[:, k]] *= factors[:, k : k + 1]
    # The sampled points change the full total; rescale so it stays as declared.
    full = scale @ shares
    declared = float(shares.sum())
    rescale = np.divide(declared, full, out=np.ones(n_draws), where=full > 0)
    # A draw at the declared points keeps its totals exactly, whatever order the sums took.
    rescale[np.isclose(full, declared, rtol=1e-12, atol=0.0)] = 1.0
    totals = np.empty((n_draws, n))
    for v in range(contributions.shape[0]):
        rows = pick == v
        totals[rows] = scale[rows] @ contributions[v].T
    totals *= rescale[:, None]
    # Half away from zero, as the engine rounds (bipin.scoring.rounding).
    totals = np.sign(totals) * np.floor(np.abs(totals) + 0.5)
    # Entrants in the official order: a stable sort then breaks a tie as the official ranking did.
    order = np.argsort(official, kind="stable")
    sorted_official = official[order]
    in_order = totals[:, order]
    by = np.argsort(-in_order, axis=1, kind="stable")
    if last is not None and np.any(last):
        # A second stable sort on the veto mark keeps the order by totals within each part.
        behind = np.asarray(last, bool)[order][by]
        by = np.take_along_axis(by, np.argsort(behind, axis=1, kind="stable"), axis=1)
    tot = np.take_along_axis(in_order, by, axis=1)
    off = sorted_official[by]
    differs = np.ones((n_draws, n), bool)
    differs[:, 1:] = (tot[:, 1:] != tot[:, :-1]) | (off[:, 1:] != off[:, :-1])
    position = np.broadcast_to(np.arange(n), (n_draws, n))
    start = np.maximum.accumulate(np.where(differs, position, 0), axis=1)
    ranks = np.empty((n_draws, n), np.int64)
    np.put_along_axis(ranks, order[by], start + 1, axis=1)
    return ranks, totals


def _quantiles(ranks: np.ndarray, n: int) -> np.ndarray:
    """The 5 %, 50 % and 95 % ranks per entrant (inverted CDF: always a rank that occurred)."""
    draws, m = ranks.shape
    counts = np.bincount((np.arange(m) * n + ranks - 1).ravel(), minlength=m * n).reshape(m, n)
    cdf = np.cumsum(counts, axis=1)
    # The q-quantile is the first rank whose cumulative count reaches q · draws.
    need = np.ceil(np.array(QUANTILES) * draws - 1e-9).clip(1, None)
    return np.stack([(cdf < q).sum(axis=1) + 1 for q in need], axis=1)


def _summary(group: str, g: _Group, pick: np.ndarray, factors: np.ndarray,
             decimals: int) -> GroupRobustness:
    ranks, totals = simulate_ranks(g.contributions, g.official, pick, factors, g.under, g.shares,
                                   g.last)
    n = len(g.official)
    q = _quantiles(ranks, n)
    medians = from_units(np.quantile(totals, 0.5, axis=0, method="inverted_cdf"), decimals)
    order = sorted(range(n), key=lambda i: (g.official[i], g.state.entrants[i].id))
    ahead = (ranks[:, order[:-1]] < ranks[:, order[1:]]).mean(axis=0)
    behind = (ranks[:, order[:-1]] > ranks[:, order[1:]]).mean(axis=0)
    rows = []
    for k, i in enumerate(order):
        e = g.state.entrants[i]
        last = k == n - 1
        rows.append(EntrantRobustness(
            e.id, e.name, int(g.official[i]), int(q[i, 0]), int(q[i, 1]), int(q[i, 2]),
            float(medians[i]), None if last else float(ahead[k]),
            None if last else float(behind[k])))
    return GroupRobustness(group, rows)
