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

__all__ = ["RULE_TYPES", "Bonus", "Deduction", "PerOccurrence"]


@dataclass(frozen=True)
class RecordRule(Rule):
    """Rows become amounts; the entrant's amount is their sum, capped."""

    record: ClassVar[bool] = True
    cap: float | None = None  # None: the leaf's points

    def check(self, full: float) -> list[tuple[str, str, str]]:
        return [] if self.cap is None else positive("cap", self.cap)

    def amounts(
        self,
        values: np.ndarray,
        factors: np.ndarray,
        categories: list | None,
        severities: list | None,
    ) -> np.ndarray:
        return np.nan_to_num(values) * factors

    def limit(self, full: float) -> float:
        return float(self.cap if self.cap is not None else full)


@dataclass(frozen=True)
class Bonus(RecordRule):
    """Bonus items (加分项): each row adds its value (or ``each``), up to ``cap``.

    >>> Bonus(each=1, cap=2).amounts(np.array([1.0, 1, 1]), np.ones(3), None, None).tolist()
    [1.0, 1.0, 1.0]
    """

    type: ClassVar[str] = "bonus"
    each: float | None = None

    def amounts(self, values, factors, categories, severities):  # noqa: D102
        base = np.nan_to_num(values) if self.each is None else np.full(values.shape, self.each)
        return np.abs(base) * factors


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
    >>> r.amounts(np.ones(2), np.ones(2), [None, None], ["一般", "严重"]).tolist()
    [0.5, 2.0]
    """

    type: ClassVar[str] = "per_occurrence"
    sign: ClassVar[int] = -1
    each: float = 1.0
    category: Mapping[str, float] = field(default_factory=dict)
    severity: Mapping[str, float] = field(default_factory=dict)

    def amounts(self, values, factors, categories, severities):  # noqa: D102
        n = values.shape[0]
        categories = categories or [None] * n
        severities = severities or [None] * n
        out = np.empty(n)
        for k, (cat, sev) in enumerate(zip(categories, severities, strict=True)):
            # Severity is the more specific judgement, so it wins over category.
            out[k] = self.severity.get(sev, self.category.get(cat, self.each))
        return out * factors

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
