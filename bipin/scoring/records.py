"""Record rules: each row is a finding or a record that adds or takes points.

The rows of a leaf become amounts (:meth:`amounts`); an entrant's amount is
their sum, capped. Keeping the per-row amounts lets an explanation say which
finding cost how much.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from bipin.scoring.rules import (
    AllOrNothing,
    Bands,
    Manual,
    Proportional,
    Rank,
    Rule,
    Scaled,
    TargetStep,
    Veto,
    positive,
)

__all__ = ["RULE_TYPES", "Bonus", "Deduction", "PerOccurrence", "RecordRule", "Rows"]


@dataclass(frozen=True)
class Rows:
    """A leaf's rows as record rules read them (categories, severities may be absent)."""

    values: np.ndarray
    factors: np.ndarray
    categories: list | None = None
    severities: list | None = None


@dataclass(frozen=True)
class RecordRule(Rule):
    """Rows become amounts; the entrant's amount is their sum, capped.

    A row's amount is its value (sign ignored: the rule says which way it
    counts), or ``each`` when declared, times the row's factor.
    """

    record: ClassVar[bool] = True
    cap: float | None = None  # None: the leaf's points
    each: float | None = None

    def check(self, full: float) -> list[tuple[str, str, str]]:
        return [] if self.cap is None else positive("cap", self.cap)

    def amounts(self, rows: Rows) -> np.ndarray:
        base = np.full(rows.values.shape, self.each) if self.each is not None else rows.values
        return np.abs(np.nan_to_num(base)) * rows.factors

    def limit(self, full: float) -> float:
        return float(self.cap if self.cap is not None else full)


@dataclass(frozen=True)
class Bonus(RecordRule):
    """Bonus items (加分项): each row adds its value (or ``each``), up to ``cap``.

    >>> Bonus(each=1, cap=2).amounts(Rows(np.array([5.0, 1, 1]), np.ones(3))).tolist()
    [1.0, 1.0, 1.0]
    """

    type: ClassVar[str] = "bonus"


@dataclass(frozen=True)
class Deduction(Bonus):
    """Deduction items (扣分项): each row takes its value (or ``each``), up to ``cap``."""

    type: ClassVar[str] = "deduction"
    sign: ClassVar[int] = -1


@dataclass(frozen=True)
class PerOccurrence(RecordRule):
    """Per-finding deductions by severity or category, capped ("每处扣0.5分,最多扣5分").

    A leaf with points starts full and loses the capped sum (floored at 0);
    a leaf with no points is a pure deduction item.

    >>> r = PerOccurrence(each=0.5, severity={"严重": 2.0}, cap=5)
    >>> r.amounts(Rows(np.ones(2), np.ones(2), None, ["一般", "严重"])).tolist()
    [0.5, 2.0]
    """

    type: ClassVar[str] = "per_occurrence"
    sign: ClassVar[int] = -1
    each: float = 1.0
    category: Mapping[str, float] = field(default_factory=dict)
    severity: Mapping[str, float] = field(default_factory=dict)

    def amounts(self, rows: Rows) -> np.ndarray:
        n = rows.values.shape[0]
        categories = rows.categories or [None] * n
        severities = rows.severities or [None] * n
        out = np.empty(n)
        for k, (cat, sev) in enumerate(zip(categories, severities, strict=True)):
            # Severity is the more specific judgement, so it wins over category.
            out[k] = self.severity.get(sev, self.category.get(cat, self.each))
        return out * rows.factors

    def params(self) -> dict:
        return {
            "each": self.each,
            "category": dict(self.category),
            "severity": dict(self.severity),
            "cap": self.cap,
        }


RULE_TYPES: dict[str, type[Rule]] = {
    cls.type: cls
    for cls in (
        Scaled,
        Manual,
        TargetStep,
        AllOrNothing,
        Proportional,
        Bands,
        Rank,
        Veto,
        Bonus,
        Deduction,
        PerOccurrence,
    )
}
