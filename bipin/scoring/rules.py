"""Scoring rules (计分规则): from an entrant's inputs to the points of one leaf.

Record rules (findings, bonus and deduction items) live in
:mod:`bipin.scoring.records`. A *value rule* maps one value per entrant (a rate, a count, a panel total) to
points in ``[0, full]``; the rows of a leaf are first reduced to that value
(mean, sum, min, ...). A *record rule* reads every row (each finding, each
supervision record) and turns them into a bonus or a deduction, so an
explanation can say which row cost how much. Rules are small frozen objects:
the constructor only stores parameters; :meth:`check` lists what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar, Protocol

import numpy as np

from bipin.scoring.model import ObservationError
from bipin.scoring.rank import competition_rank

__all__ = [
    "AllOrNothing",
    "Bands",
    "Manual",
    "Proportional",
    "Rank",
    "Rule",
    "Scaled",
    "TargetStep",
    "ValueRule",
    "Veto",
    "DEFAULT_VETO",
    "VETO_EFFECTS",
]

# Shortfalls are divided into steps in binary floats: (100 - 99.7) / 0.1 is
# 2.9999999999999716. Counting whole steps rounds to this many places first.
_STEP_DECIMALS = 9
# What a triggered veto does, as a scheme declares it (one or several):
# lowest_grade: the last grade; rank_last: ranked after everyone not vetoed;
# out_of_ranking: no rank, listed apart; no_award: no award (true of every
# veto); zero: the total becomes 0.
VETO_EFFECTS = ("lowest_grade", "rank_last", "out_of_ranking", "no_award", "zero")
# A bare ``veto`` ranks last with the last grade: the lowest grade on an
# entrant ranked high would read as a contradiction on the published list.
DEFAULT_VETO = ("rank_last", "lowest_grade")


@dataclass(frozen=True)
class Rule:
    """Base of all rules; ``type`` is the name used in schemes."""

    type: ClassVar[str] = ""
    record: ClassVar[bool] = False  # reads rows, not one reduced value
    sign: ClassVar[int] = 1  # -1 for rules whose points are deductions
    reduce: ClassVar[str] = "mean"  # how rows become one value for value rules

    def check(self, full: float) -> list[tuple[str, str, str]]:
        """Problems as (parameter, message_zh, message_en); empty when fine."""
        return []

    def params(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def describe(self) -> dict:
        return {"type": self.type, **self.params()}


class ValueRule(Protocol):
    """What a value rule offers: a reduction and a vectorised score."""

    @property
    def reduce(self) -> str: ...

    def score(
        self, values: np.ndarray, full: float, groups: np.ndarray | None = None
    ) -> np.ndarray: ...


def positive(name: str, value: float | None) -> list[tuple[str, str, str]]:
    if value is None or not value > 0:
        return [(name, "必须大于0", f"must be > 0 (got {value})")]
    return []


@dataclass(frozen=True)
class Scaled(Rule):
    """Points in proportion to a score out of ``max`` (a panel total, an exam).

    >>> Scaled(max=100).score(np.array([80.0]), 10).tolist()
    [8.0]
    """

    type: ClassVar[str] = "scaled"
    max: float | None = None  # None: 100, or what the panel can give on a panel leaf

    def check(self, full: float) -> list[tuple[str, str, str]]:
        return [] if self.max is None else positive("max", self.max)

    @property
    def top(self) -> float:
        """The value that earns full points."""
        return self.max if self.max is not None else 100.0

    def score(
        self, values: np.ndarray, full: float, groups: np.ndarray | None = None
    ) -> np.ndarray:
        # A value beyond the scale is refused, not clipped: clipping would tie
        # different entrants at full points without a word.
        top = self.top
        with np.errstate(invalid="ignore"):
            bad = (values < 0) | (values > top * (1 + 1e-9))
        if bad.any():
            v = float(values[bad][0])
            raise ObservationError(
                f"分值{v:g}超出计分满分[0, {top:g}]", f"value {v:g} outside [0, {top:g}] of scaled"
            )
        # Only float noise (within 1e-9 of the scale) remains to be trimmed.
        return np.clip(values / top, 0.0, 1.0) * full

    def proportional(self, values: np.ndarray, full: float) -> np.ndarray:
        """Points in proportion even beyond the scale, for severity-adjusted panel totals.

        An adjusted mark may leave its range; the panel warns for each one, so
        its points are given as they fall instead of refused or clipped.

        >>> Scaled(max=10).proportional(np.array([10.5, -0.5]), 10).tolist()
        [10.5, -0.5]
        """
        return values / self.top * full


@dataclass(frozen=True)
class Manual(Rule):
    """Points given by a reviewer, which must lie within ``[0, full]``.

    >>> Manual().score(np.array([4.5]), 5).tolist()
    [4.5]
    """

    type: ClassVar[str] = "manual"
    reduce: ClassVar[str] = "last"

    def score(
        self, values: np.ndarray, full: float, groups: np.ndarray | None = None
    ) -> np.ndarray:
        bad = ~np.isnan(values) & ((values < 0) | (values > full))
        if bad.any():
            v = float(values[bad][0])
            raise ObservationError(
                f"人工评分{v:g}超出[0, {full:g}]", f"manual points {v:g} outside [0, {full:g}]"
            )
        return values.copy()


@dataclass(frozen=True)
class TargetStep(Rule):
    """Full points at the target; ``deduct`` per ``step`` of shortfall, floored at 0.

    "达标率100%计满分;每减少0.1个百分点扣1分,扣完为止":

    >>> r = TargetStep(target=100, step=0.1, deduct=1)
    >>> r.score(np.array([100.0, 99.7, 99.65, 90.0]), 5).round(6).tolist()
    [5.0, 2.0, 1.5, 0.0]
    >>> TargetStep(100, 0.1, 1, whole_steps=True).score(np.array([99.65]), 5).tolist()
    [2.0]
    """

    type: ClassVar[str] = "target_step"
    target: float = 100.0
    step: float = 1.0
    deduct: float = 1.0
    higher_is_better: bool = True
    whole_steps: bool = False  # count only complete steps of shortfall

    def check(self, full: float) -> list[tuple[str, str, str]]:
        return positive("step", self.step) + positive("deduct", self.deduct)

    def score(
        self, values: np.ndarray, full: float, groups: np.ndarray | None = None
    ) -> np.ndarray:
        gap = self.target - values if self.higher_is_better else values - self.target
        steps = np.round(np.maximum(gap, 0.0) / self.step, _STEP_DECIMALS)
        if self.whole_steps:
            steps = np.floor(steps)
        return np.maximum(full - steps * self.deduct, 0.0)


@dataclass(frozen=True)
class AllOrNothing(Rule):
    """Full points only if every row meets the threshold ("有1人不达标,该项不得分").

    >>> AllOrNothing(threshold=0, op="<=").score(np.array([0.0, 1.0]), 3).tolist()
    [3.0, 0.0]
    """

    type: ClassVar[str] = "all_or_nothing"
    threshold: float = 1.0
    op: str = ">="

    @property
    def reduce(self) -> str:  # type: ignore[override]
        # The worst row decides: the smallest for ">=", the largest for "<=".
        return "min" if self.op in (">=", ">") else "max"

    def check(self, full: float) -> list[tuple[str, str, str]]:
        if self.op not in (">=", ">", "<=", "<", "=="):
            return [
                (
                    "op",
                    "须为 >=、>、<=、< 或 ==",
                    f"must be one of >=, >, <=, <, == (got {self.op!r})",
                )
            ]
        return []

    def score(
        self, values: np.ndarray, full: float, groups: np.ndarray | None = None
    ) -> np.ndarray:
        ops = {
            ">=": np.greater_equal,
            ">": np.greater,
            "<=": np.less_equal,
            "<": np.less,
            "==": np.equal,
        }
        return np.where(ops[self.op](values, self.threshold), float(full), 0.0)


@dataclass(frozen=True)
class Proportional(Rule):
    """Points in proportion to the target, capped at full points.

    >>> Proportional(target=50).score(np.array([25.0, 80.0]), 10).tolist()
    [5.0, 10.0]
    """

    type: ClassVar[str] = "proportional"
    target: float = 100.0
    higher_is_better: bool = True

    def check(self, full: float) -> list[tuple[str, str, str]]:
        return positive("target", self.target)

    def score(
        self, values: np.ndarray, full: float, groups: np.ndarray | None = None
    ) -> np.ndarray:
        if self.higher_is_better:
            share = values / self.target
        else:
            with np.errstate(divide="ignore"):
                share = np.where(values <= 0, 1.0, self.target / np.where(values <= 0, 1.0, values))
        return np.clip(share, 0.0, 1.0) * full


@dataclass(frozen=True)
class Bands(Rule):
    """Banded thresholds: the first band whose floor is met gives its points.

    >>> r = Bands(bands=((95, 10), (90, 8), (80, 5)))
    >>> r.score(np.array([97.0, 95.0, 91.0, 79.0]), 10).tolist()
    [10.0, 10.0, 8.0, 0.0]
    """

    type: ClassVar[str] = "bands"
    bands: tuple[tuple[float, float], ...] = ()
    otherwise: float = 0.0
    higher_is_better: bool = True

    def check(self, full: float) -> list[tuple[str, str, str]]:
        if not self.bands:
            return [("bands", "至少需要一个档次", "needs at least one band")]
        over = [p for _, p in self.bands if p > full or p < 0]
        if over:
            return [
                (
                    "bands",
                    f"档次分值{over[0]:g}超出[0, {full:g}]",
                    f"band points {over[0]:g} outside [0, {full:g}]",
                )
            ]
        if not 0 <= self.otherwise <= full:
            v = self.otherwise
            return [
                ("otherwise", f"分值{v:g}超出[0, {full:g}]", f"points {v:g} outside [0, {full:g}]")
            ]
        return []

    def score(
        self, values: np.ndarray, full: float, groups: np.ndarray | None = None
    ) -> np.ndarray:
        out = np.full(values.shape, float(self.otherwise))
        done = np.zeros(values.shape, bool)
        order = sorted(self.bands, key=lambda b: b[0], reverse=self.higher_is_better)
        for floor, points in order:
            met = (values >= floor) if self.higher_is_better else (values <= floor)
            out[met & ~done] = points
            done |= met
        return out


@dataclass(frozen=True)
class Rank(Rule):
    """Rank within the group: first gets full points, each place lower loses ``step``.

    >>> Rank(step=2).score(np.array([90.0, 95.0, 90.0, 70.0]), 10, groups=np.zeros(4, int)).tolist()
    [8.0, 10.0, 8.0, 4.0]
    """

    type: ClassVar[str] = "rank"
    step: float = 1.0
    higher_is_better: bool = True

    def check(self, full: float) -> list[tuple[str, str, str]]:
        return positive("step", self.step)

    def score(
        self, values: np.ndarray, full: float, groups: np.ndarray | None = None
    ) -> np.ndarray:
        groups = np.zeros(values.shape, int) if groups is None else groups
        key = np.where(np.isnan(values), -np.inf, values if self.higher_is_better else -values)
        ranks = competition_rank(groups, [key])
        out = np.maximum(full - (ranks - 1) * self.step, 0.0)
        return np.where(np.isnan(values), np.nan, out)


@dataclass(frozen=True)
class Veto(Rule):
    """One-vote veto (一票否决): any row with a non-zero value triggers ``effect``.

    Its own points are always 0; the effects act on the whole result.
    ``effect`` is one of :data:`VETO_EFFECTS` or several of them.

    >>> Veto().effect
    ('rank_last', 'lowest_grade')
    >>> Veto(effect="zero").describe()
    {'type': 'veto', 'effect': 'zero'}
    >>> [p for p, *_ in Veto(effect=("rank_last", "out_of_ranking")).check(0)]
    ['effect']
    """

    type: ClassVar[str] = "veto"
    reduce: ClassVar[str] = "max"
    effect: tuple[str, ...] = DEFAULT_VETO

    def __post_init__(self) -> None:
        given = (self.effect,) if isinstance(self.effect, str) else tuple(self.effect)
        object.__setattr__(self, "effect", given)

    def has(self, effect: str) -> bool:
        return effect in self.effect

    def check(self, full: float) -> list[tuple[str, str, str]]:
        for e in self.effect:
            if e not in VETO_EFFECTS:
                return [
                    (
                        "effect",
                        f"须为 {'、'.join(VETO_EFFECTS)} 之一或其列表",
                        f"must be one or a list of {', '.join(VETO_EFFECTS)} (got {e!r})",
                    )
                ]
        if not self.effect or len(set(self.effect)) != len(self.effect):
            return [("effect", "效果不能为空或重复", "effects must be given once each")]
        if self.has("rank_last") and self.has("out_of_ranking"):
            return [
                (
                    "effect",
                    "rank_last(列最后)与 out_of_ranking(不参与排名)只能选一",
                    "rank_last and out_of_ranking exclude each other: choose one",
                )
            ]
        return []

    def params(self) -> dict:
        # One effect is written as a word, as schemes always wrote it.
        return {"effect": self.effect[0] if len(self.effect) == 1 else list(self.effect)}

    def score(
        self, values: np.ndarray, full: float, groups: np.ndarray | None = None
    ) -> np.ndarray:
        return np.zeros(values.shape)

    def triggered(self, values: np.ndarray) -> np.ndarray:
        return ~np.isnan(values) & (values != 0)
