"""The validated scheme (考评方案): dimensions, indicators, panels, grades, awards.

Build one with :func:`bipin.scoring.parse_scheme`; every object here is frozen.
A scheme holds one tree; nodes may apply only to some groups and may carry
per-group variants of points, weight and rule, resolved by :meth:`Scheme.tree`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np

from bipin.scoring.formula import Formula
from bipin.scoring.model import Entrant, Source
from bipin.scoring.rules import Rule

__all__ = [
    "AwardLevel",
    "Awards",
    "Composite",
    "Criterion",
    "GradeLevel",
    "Grades",
    "Multiplier",
    "Node",
    "Outliers",
    "Panel",
    "Scheme",
    "Stage",
    "ADJUSTMENTS",
    "AGGREGATIONS",
    "AGGREGATES",
    "ElementValue",
    "COMBINES",
    "IMPUTE_BY",
    "IMPUTE_OTHERWISE",
    "IMPUTE_STATS",
    "MISSING_POLICIES",
    "Impute",
    "NORMALISATIONS",
    "ON_REPEAT",
    "RECHECK_OUTCOMES",
    "Robustness",
    "SUMMING",
    "WEIGHTINGS",
]

ADJUSTMENTS = ("none", "judge_effect")
AGGREGATIONS = ("mean", "median", "trimmed", "sum", "trimmed_sum", "middle")
# Aggregates that add marks rather than average them: the panel's reach counts judges.
SUMMING = ("sum", "trimmed_sum", "middle")
COMBINES = ("sum", "weighted", "composite")
MISSING_POLICIES = ("zero", "group_mean", "exclude")
IMPUTE_STATS = ("mean", "median", "previous")
IMPUTE_BY = ("group", "kind")
IMPUTE_OTHERWISE = ("refuse", "group")


@dataclass(frozen=True)
class Impute:
    """``missing: {impute: median, by: kind}``: a missing value estimated from donors.

    The donors are the entrants with data on the same leaf: those of the
    ranking group (``by: group``) or those sharing the entrant's 类型 across
    every group (``by: kind``); ``previous`` takes the entrant's own value of
    the latest earlier period instead. When there is none, ``otherwise`` says
    what happens: ``refuse`` the evaluation, or use the ranking ``group``'s
    donors (their median, for ``previous``).
    """

    stat: str = "median"
    by: str = "group"
    otherwise: str = "refuse"
NORMALISATIONS = ("min-max", "z-score", "rank", "target", "goalposts")
AGGREGATES = ("arithmetic", "geometric", "harmonic")
RECHECK_OUTCOMES = ("not_rectified", "recurred")
ON_REPEAT = ("refuse", "replace")
WEIGHTINGS = ("fixed", "ahp", "entropy", "critic", "cv")


@dataclass(frozen=True)
class Criterion:
    """One line of a judge's score sheet (评分项)."""

    id: str
    name: str
    max: float
    weight: float = 1.0
    step: float | None = None  # the smallest mark a judge may give, e.g. 0.5
    descriptor: str = ""  # what earns the marks, shown on the sheet
    min: float = 0.0  # the lowest mark; below 0 for a signed scale (GOE −5 … +5)
    # Judges enter deductions from this figure (gymnastics E: 10 − deduction);
    # the mark counted is deduct_from − the entry. None: the entry is the mark.
    deduct_from: float | None = None

    @property
    def signed(self) -> bool:
        return self.min < 0

    @property
    def bottom(self) -> float:
        """The lowest mark counted: ``min``, or ``deduct_from − max`` for deductions."""
        return self.min if self.deduct_from is None else self.deduct_from - self.max

    @property
    def top(self) -> float:
        """The highest mark counted: ``max``, or ``deduct_from − min`` for deductions."""
        return self.max if self.deduct_from is None else self.deduct_from - self.min


@dataclass(frozen=True)
class ElementValue:
    """One line of a scale of values (figure skating's SOV): an element's points.

    A mark (a GOE step) earns ``per_step`` points per step, or, when the
    rulebook tabulates each step, ``steps[mark]``.
    """

    code: str
    base: float
    per_step: float | None = None
    steps: Mapping[float, float] = field(default_factory=dict)

    def points(self, mark: float) -> float:
        if self.steps:
            return self.steps[round(mark, 9)]
        return mark * (self.per_step or 0.0)


@dataclass(frozen=True)
class Panel:
    """How a panel's marks become one total per entrant.

    ``on="criterion"`` aggregates each criterion across judges, then sums the
    criteria; ``on="sheet"`` totals each judge's sheet first ("去掉一个最高分和一个
    最低分" on the sheet totals). Trimming drops ``trim`` highest and lowest
    marks, but only when at least ``trim_min_judges`` judges marked.

    A mark may carry a factor (系数, e.g. a dive's 难度系数) up to ``factor_max``;
    the panel's scale counts it, so a factored total is never clipped.
    ``missing`` is the policy for a criterion nobody marked in a round (None:
    the leaf's, then the scheme's). ``timer`` is how long each entrant presents,
    in seconds, for the hall's timer; a panel without it (a tasting) has none.

    ``adjust="judge_effect"`` counts marks adjusted for each judge's severity
    (:mod:`bipin.scoring.panel_adjust`); ``adjust_counts=False`` is a
    declaration that came too late (after marking began): the raw marks
    count and the adjusted figures are shown beside them as information.
    """

    id: str
    criteria: tuple[Criterion, ...]
    aggregate: str = "mean"
    trim: int = 1
    trim_min_judges: int = 3
    min_judges: int = 1
    on: str = "criterion"
    decimals: int | None = None  # rounding of intermediate figures, if declared
    # "criterion" (each criterion's part, after factor and weight), "judge" (each
    # sheet) or "entrant" (each aggregate)
    rounding_stage: str = "entrant"
    rounds: str = "sum"  # "sum", "weighted" (carry with round_weights) or "last"
    round_weights: Mapping[str, float] = field(default_factory=dict)
    factor_max: float = 1.0
    missing: str | None = None
    adjust: str = "none"
    adjust_counts: bool = True
    timer: int | None = None  # seconds each entrant presents for; None: no presentation timer
    middle: int = 0  # for aggregate "middle": how many middle marks are added
    factor_at: str = "mark"  # "mark": each mark × its factor; "after": the aggregate × factor
    # A scale of values by element code: a mark's points depend on the element
    # its row names, and the cell adds the element's base value.
    values: Mapping[str, ElementValue] | None = None

    @property
    def signed(self) -> bool:
        """Whether a mark may be negative, so a total has no proportion of a scale."""
        return any(c.signed for c in self.criteria)

    @property
    def full(self) -> float:
        """Full marks of a sheet: the weighted sum of the highest marks counted."""
        return float(sum(c.top * c.weight for c in self.criteria))

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)


@dataclass(frozen=True)
class Composite:
    """Normalise, weight and aggregate a node's children across its group."""

    normalise: str = "min-max"
    weighting: str = "fixed"
    aggregate: str = "arithmetic"
    ahp: tuple[tuple[float, ...], ...] | None = None  # pairwise comparison matrix
    # Outlier treatment of the raw leaf columns (see treatment.py); None: none.
    outliers: Outliers | None = None
    # The normalised scale: 0–1 maps onto [low, high] before aggregation, and
    # the node is points × aggregate / high. A low above 0 keeps a geometric
    # or harmonic mean from collapsing on the worst entrant's 0.
    range: tuple[float, float] = (0.0, 1.0)
    # Data availability: an entrant with data for less than this share of the
    # node's children (before any filling-in) is not scored on it; None: any.
    min_coverage: float | None = None
    # "group": normalised (and weighted, treated) within the ranking group;
    # "all": across the units of every group, each group still ranked alone.
    across: str = "group"


@dataclass(frozen=True)
class Outliers:
    """Winsorise up to ``points`` points while |skewness| ≥ ``skewness`` and
    kurtosis ≥ ``kurtosis``; log-transform when that is not enough."""

    points: int = 5
    skewness: float = 2.0
    kurtosis: float = 3.5


@dataclass(frozen=True)
class Multiplier:
    """A factor on a record leaf's amounts for the entrants of some kinds.

    "仅有搬迁任务的县扣分加倍": ``Multiplier(("搬迁任务县",), 2.0)``; every other
    entrant's records count once. The ranking group is unchanged.
    """

    kinds: tuple[str, ...]
    factor: float

    def factors(self, kinds: Sequence[str | None]) -> np.ndarray:
        """The factor per entrant, 1 for an entrant of another kind.

        >>> Multiplier(("搬迁任务县",), 2.0).factors(["搬迁任务县", None, "其他"]).tolist()
        [2.0, 1.0, 1.0]
        """
        return np.array([self.factor if k in self.kinds else 1.0 for k in kinds], float)


@dataclass(frozen=True)
class Node:
    """A dimension, an indicator or a sub-indicator; a leaf has a source and a rule."""

    id: str
    name: str
    path: str
    points: float = 0.0
    weight: float | None = None
    children: tuple[Node, ...] = ()
    combine: str = "sum"
    composite: Composite | None = None
    source: Source | None = None
    rule: Rule | None = None
    panel: str | None = None
    reduce: str | None = None
    missing: str | Impute | None = None
    direction: str = "higher"  # for composite normalisation: "higher" or "lower" is better
    target: float | None = None  # for "distance to target" normalisation
    goalposts: tuple[float, float] | None = None  # fixed min and max, for "goalposts"
    # A rate: the leaf's value ÷ the entrant's value of this input item × scale
    # (per capita, per km², per GDP); None: the value as it is.
    per: tuple[str, float] | None = None
    transform: str | None = None  # "log": a composite leaf's raw value is ln'd first
    content: str = ""  # 评价内容
    department: str = ""  # 考核部门
    groups: tuple[str, ...] | None = None  # None: every group
    variants: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Bounds of an inner node's points after bonuses and deductions (扣完为止);
    # None: unbounded, the default.
    floor: float | None = None
    cap: float | None = None
    # The valid values of a leaf's rows, declared (None: open end); see ranges.py
    # for the ranges rules imply when none is declared.
    range: tuple[float | None, float | None] | None = None
    # What a later import of a value for the same entrant and item does:
    # "refuse" it, or "replace" the earlier one as a recorded correction.
    on_repeat: str = "refuse"
    # An inspection leaf's problem categories (问题类别) that inspectors pick
    # from, whether its photos keep their location, and the extra factor a
    # 回头看 charges again for an item found "not_rectified" or "recurred"
    # (1: the finding's deduction once more, 整改不到位的加倍扣分).
    catalogue: tuple[str, ...] = ()
    keep_location: bool = False
    recheck: Mapping[str, float] = field(default_factory=dict)
    # A record leaf's factor for the entrants of some kinds (扣分加倍).
    multiplier: Multiplier | None = None
    # A value computed from other inputs (完成率 = 完成数 / 任务数 × 100): its
    # rows are those inputs, named in the data's 指标 column.
    formula: Formula | None = None

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def is_adjustment(self) -> bool:
        """A veto, or a record leaf without points: added after weighting, outside ``points``.

        A record leaf (bonus, deduction, per_occurrence) with points is an item
        inside its parent's points like any other: deductions start full and
        lose, bonuses start at 0 and gain, never beyond those points.

        A node without points whose children are all adjustments (several
        bonus items under "加分最高不超过3分", bounded by its ``cap``) is one too:
        its figure is added outside its parent's points, never scaled or weighted.
        """
        if not self.is_leaf:
            return not self.points and all(c.is_adjustment for c in self.children)
        if self.rule is None:
            return False
        return self.rule.type == "veto" or (self.rule.record and not self.points)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self) -> Iterator[Node]:
        return (n for n in self.walk() if n.is_leaf)

    def for_group(self, group: str) -> Node | None:
        """This node as it applies to ``group``, or None if it does not apply."""
        if self.groups is not None and group not in self.groups:
            return None
        children = tuple(c for c in (ch.for_group(group) for ch in self.children) if c)
        if self.children and not children:
            # Not a leaf of this group: with no child left it would read as a
            # data leaf with no data, scored 0 and warned for every entrant.
            return None
        return replace(self, children=children, **self.variants.get(group, {}))


@dataclass(frozen=True)
class GradeLevel:
    name: str
    min: float | None = None  # for thresholds: the lowest total of this grade
    share: float | None = None  # for quotas: a fraction of the group
    count: int | None = None  # for quotas: a number of entrants


@dataclass(frozen=True)
class Grades:
    """Grades (等次) by ``thresholds`` on the total or by ``quota`` of ranks."""

    by: str
    levels: tuple[GradeLevel, ...]
    ties: str = "include"  # at a quota boundary: "include" the whole tie or "exclude" it
    # Under quotas, whether a vetoed entrant uses up a place of the level its
    # rank reaches (False: the places go to the entrants not vetoed).
    veto_takes_slot: bool = False


@dataclass(frozen=True)
class AwardLevel:
    name: str
    count: int


@dataclass(frozen=True)
class Awards:
    """Awards by quota within each group; ``ties`` decides a tie at a boundary."""

    levels: tuple[AwardLevel, ...]
    ties: str = "include"


@dataclass(frozen=True)
class Robustness:
    """The choices a scheme marks as uncertain, for the rank robustness analysis.

    ``weights`` maps a node id to the (low, high) range its points may take;
    ``normalise``, ``aggregate`` and ``trim`` list alternatives for every
    composite node and every averaging panel (empty: as declared). See
    :mod:`bipin.scoring.robustness`.
    """

    draws: int
    seed: int
    weights: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    normalise: tuple[str, ...] = ()
    aggregate: tuple[str, ...] = ()
    trim: tuple[int, ...] = ()


@dataclass(frozen=True)
class Stage:
    """One stage of a staged contest (预赛 → 半决赛 → 决赛), see :mod:`bipin.scoring.stages`.

    Stages form a chain in the order declared. ``advance`` is how many of the
    previous stage's ranking enter this one, cut ``per`` group, ``overall`` or
    ``flight`` (the top of each table of each group: ``Entrant.flight``);
    ``ties`` says who decides a tie at the cut: the scheme's ``tie_break``
    chain, or ``all`` tied entrants go on. ``ranked_on`` lists the stages whose
    totals add up to this stage's ranking total (itself included).
    """

    id: str
    ranked_on: tuple[str, ...]
    advance: int | None = None  # None only for the first stage
    per: str = "group"
    ties: str = "tie_break"


@dataclass(frozen=True)
class Scheme:
    """A validated, immutable scheme. Use :func:`parse_scheme` to make one."""

    contest: str
    dimensions: tuple[Node, ...]
    groups: tuple[str, ...] = ()
    entrants: tuple[Entrant, ...] = ()
    panels: Mapping[str, Panel] = field(default_factory=dict)
    # Items read from the data but not scored: denominators named by ``per``.
    inputs: tuple[str, ...] = ()
    decimals: int = 2
    # "leaf": each leaf's contribution is rounded and the totals add the rounded
    # parts (the published figures of schemes written before "end" existed);
    # "end": everything is computed exactly, only the published figures are
    # rounded, and the parts are shared out so they still add up.
    rounding_order: str = "leaf"
    # With "end": ranks compare the "exact" totals, or the "published" ones.
    rank_by: str = "exact"
    missing: str | Impute = "zero"
    # The share of the value leaves an entrant needs real data for to be ranked
    # (the handbook's data-availability threshold per unit); None: no threshold.
    min_coverage: float | None = None
    # 期间: the period scored; rows of earlier periods are previous values only.
    period: int | None = None
    tie_break: tuple[str, ...] = ()
    grades: Grades | None = None
    awards: Awards | None = None
    robustness: Robustness | None = None
    stages: tuple[Stage, ...] = ()

    def tree(self, group: str) -> tuple[Node, ...]:
        """The dimensions as they apply to ``group`` (variants resolved)."""
        return self._trees[group] if group in self._trees else self._resolve(group)

    @cached_property
    def _trees(self) -> dict[str, tuple[Node, ...]]:
        return {g: self._resolve(g) for g in self.groups}

    def _resolve(self, group: str) -> tuple[Node, ...]:
        return tuple(d for d in (dim.for_group(group) for dim in self.dimensions) if d)

    def leaves(self, source: Source | str | None = None, group: str | None = None) -> list[Node]:
        """Leaf indicators, optionally only those fed by ``source`` or for ``group``.

        Without a group, leaves of every group are listed as declared (variants
        unresolved).
        """
        dims = self.tree(group) if group is not None else self.dimensions
        found = [leaf for d in dims for leaf in d.leaves()]
        return found if source is None else [n for n in found if n.source == Source(source)]

    def items(self, group: str) -> dict[str, Node]:
        """What a data row of ``group`` may name in 指标: each leaf by id, and each
        input of a derived leaf (its formula's names), mapped to that leaf."""
        found: dict[str, Node] = {}
        for leaf in self.leaves(group=group):
            found[leaf.id] = leaf
            for name in leaf.formula.inputs if leaf.formula is not None else ():
                found.setdefault(name, leaf)
        return found

    def panel(self, item_id: str) -> Panel:
        """The panel of a panel leaf (by leaf id) or the panel with this id."""
        if item_id in self.panels:
            return self.panels[item_id]
        for leaf in self.leaves(Source.PANEL):
            if leaf.id == item_id and leaf.panel:
                return self.panels[leaf.panel]
        raise KeyError(f"no panel for item {item_id!r}")
