"""The validated scheme (考评方案): dimensions, indicators, panels, grades, awards.

Build one with :func:`bipin.scoring.parse_scheme`; every object here is frozen.
A scheme holds one tree; nodes may apply only to some groups and may carry
per-group variants of points, weight and rule, resolved by :meth:`Scheme.tree`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from bipin.scoring.model import Entrant, Source
from bipin.scoring.rules import Rule

__all__ = [
    "AwardLevel",
    "Awards",
    "Composite",
    "Criterion",
    "GradeLevel",
    "Grades",
    "Node",
    "Panel",
    "Scheme",
    "Stage",
    "ADJUSTMENTS",
    "AGGREGATIONS",
    "COMBINES",
    "MISSING_POLICIES",
    "NORMALISATIONS",
    "ON_REPEAT",
    "RECHECK_OUTCOMES",
    "Robustness",
    "WEIGHTINGS",
]

ADJUSTMENTS = ("none", "judge_effect")
AGGREGATIONS = ("mean", "median", "trimmed", "sum")
COMBINES = ("sum", "weighted", "composite")
MISSING_POLICIES = ("zero", "group_mean", "exclude")
NORMALISATIONS = ("min-max", "z-score", "rank", "target")
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
    rounding_stage: str = "entrant"  # "judge" (each sheet) or "entrant" (each total)
    rounds: str = "sum"  # "sum", "weighted" (carry with round_weights) or "last"
    round_weights: Mapping[str, float] = field(default_factory=dict)
    factor_max: float = 1.0
    missing: str | None = None
    adjust: str = "none"
    adjust_counts: bool = True
    timer: int | None = None  # seconds each entrant presents for; None: no presentation timer

    @property
    def full(self) -> float:
        """Full marks of a sheet: the weighted sum of criterion maxima."""
        return float(sum(c.max * c.weight for c in self.criteria))

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
    missing: str | None = None
    direction: str = "higher"  # for composite normalisation: "higher" or "lower" is better
    target: float | None = None  # for "distance to target" normalisation
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

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def is_adjustment(self) -> bool:
        """A veto, or a record leaf without points: added after weighting, outside ``points``.

        A record leaf (bonus, deduction, per_occurrence) with points is an item
        inside its parent's points like any other: deductions start full and
        lose, bonuses start at 0 and gain, never beyond those points.
        """
        if not self.is_leaf or self.rule is None:
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
    previous stage's ranking enter this one, cut ``per`` group or ``overall``;
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
    decimals: int = 2
    missing: str = "zero"
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

    def panel(self, item_id: str) -> Panel:
        """The panel of a panel leaf (by leaf id) or the panel with this id."""
        if item_id in self.panels:
            return self.panels[item_id]
        for leaf in self.leaves(Source.PANEL):
            if leaf.id == item_id and leaf.panel:
                return self.panels[leaf.panel]
        raise KeyError(f"no panel for item {item_id!r}")
