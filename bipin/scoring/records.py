"""Record rules: each row is a finding or a record that adds or takes points.

The rows of a leaf become amounts (:meth:`amounts`); an entrant's amount is
their sum, capped. Keeping the per-row amounts lets an explanation say which
finding cost how much. A row the rule cannot price (a finding whose category or
severity its tables do not list, a record without a value) is listed by
:meth:`unpriced` so the engine refuses it instead of guessing.

A record leaf *with points* is an item inside its parent's points: a deduction
(``deduction``, ``per_occurrence``) starts full and loses up to those points, a
bonus starts at 0 and gains up to them. *Without points* it adjusts the total
from outside its parent's points, by at most its ``cap``.
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

__all__ = [
    "RULE_TYPES",
    "UNKNOWN_FINDINGS",
    "Bonus",
    "Deduction",
    "PerOccurrence",
    "RecordRule",
    "Rows",
]

# What a finding that no declared table prices costs: refused, or `each` with a warning.
UNKNOWN_FINDINGS = ("refuse", "each")

Unpriced = tuple[int, str, str, str]  # (row position, field, message_zh, message_en)


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

    @property
    def charges_unpriced(self) -> bool:
        """An unpriced row is charged ``each`` with a warning, not refused (per_occurrence only)."""
        return False

    def unpriced(self, rows: Rows) -> list[Unpriced]:
        """Rows this rule cannot price: records without a value when there is no ``each``."""
        if self.each is not None:
            return []
        return [
            (
                int(k),
                "value",
                "记录缺少分值(规则未给每项分值 each)",
                "a record needs a value (the rule has no each)",
            )
            for k in np.nonzero(np.isnan(rows.values))[0]
        ]

    def limit(self, full: float) -> float:
        """The most the rows may add or take: the cap, never beyond the leaf's points."""
        if self.cap is None:
            return float(full)
        return float(min(self.cap, full) if full else self.cap)


@dataclass(frozen=True)
class Bonus(RecordRule):
    """Bonus items (加分项): each row adds its value (or ``each``), up to ``cap``.

    ``between=(low, high)`` is a range item ("扣5-10分"): the assessor enters
    the amount, which must lie in the range; the leaf's valid values say so
    (:func:`bipin.scoring.ranges.rule_range`), so every entry path refuses an
    amount outside it at its row.

    >>> Bonus(each=1, cap=2).amounts(Rows(np.array([5.0, 1, 1]), np.ones(3))).tolist()
    [1.0, 1.0, 1.0]
    >>> Deduction(between=(5, 10), cap=20).check(0)
    []
    >>> [p for p, *_ in Deduction(between=(10, 5), each=1, cap=20).check(0)]
    ['between', 'between']
    """

    type: ClassVar[str] = "bonus"
    between: tuple[float, float] | None = None

    def check(self, full: float) -> list[tuple[str, str, str]]:
        problems = super().check(full)
        if self.between is None:
            return problems
        low, high = self.between
        if not 0 <= low <= high:
            problems.append(
                (
                    "between",
                    f"范围须写成 [下限, 上限],且 0 ≤ 下限 ≤ 上限(现为 [{low:g}, {high:g}])",
                    f"must be [low, high] with 0 <= low <= high (got [{low:g}, {high:g}])",
                )
            )
        if self.each is not None:
            # each fixes every record's amount, so a range to enter it in is contradictory.
            problems.append(
                (
                    "between",
                    "each 已规定每条记录的分值,不能再给出范围 between",
                    "each fixes every record's amount; give either each or between",
                )
            )
        return problems


@dataclass(frozen=True)
class Deduction(Bonus):
    """Deduction items (扣分项): each row takes its value (or ``each``), up to ``cap``."""

    type: ClassVar[str] = "deduction"
    sign: ClassVar[int] = -1


@dataclass(frozen=True)
class PerOccurrence(RecordRule):
    """Per-finding deductions by severity or category, capped ("每处扣0.5分,最多扣5分").

    A finding costs ``severity[...]``, else ``category[...]``, else ``each``.
    Once a table is declared, a finding it cannot price (a severity or
    category it does not list, or none given) is refused unless
    ``unknown="each"`` says to charge ``each`` (with a warning).
    A leaf with points starts full and loses the capped sum (floored at 0);
    a leaf with no points is a pure deduction item.

    >>> r = PerOccurrence(each=0.5, severity={"严重": 2.0}, cap=5)
    >>> r.amounts(Rows(np.ones(2), np.ones(2), None, ["一般", "严重"])).tolist()
    [0.5, 2.0]
    >>> [(k, field) for k, field, *_ in r.unpriced(Rows(np.ones(2), np.ones(2), None, ["一般", "严重"]))]
    [(0, 'severity')]
    """

    type: ClassVar[str] = "per_occurrence"
    sign: ClassVar[int] = -1
    each: float = 1.0
    category: Mapping[str, float] = field(default_factory=dict)
    severity: Mapping[str, float] = field(default_factory=dict)
    unknown: str = "refuse"

    def check(self, full: float) -> list[tuple[str, str, str]]:
        problems = super().check(full)
        if self.unknown not in UNKNOWN_FINDINGS:
            problems.append(
                (
                    "unknown",
                    f"须为 {'、'.join(UNKNOWN_FINDINGS)} 之一",
                    f"must be one of {', '.join(UNKNOWN_FINDINGS)} (got {self.unknown!r})",
                )
            )
        return problems

    @property
    def charges_unpriced(self) -> bool:
        return self.unknown == "each"

    def _price(self, category: str | None, severity: str | None) -> tuple[float, str | None]:
        """One finding's cost, and the field ("severity", "category") no declared table priced."""
        # Severity is the more specific judgement, so it wins over category; a
        # severity the table does not list is an error even when the category is known.
        for field_, given, prices in (("severity", severity, self.severity), ("category", category, self.category)):
            if given and prices:
                return (prices[given], None) if given in prices else (self.each, field_)
        if self.severity:
            return self.each, "severity"
        return self.each, "category" if self.category else None

    def _columns(self, rows: Rows) -> list[tuple[str | None, str | None]]:
        n = rows.values.shape[0]
        return list(zip(rows.categories or [None] * n, rows.severities or [None] * n, strict=True))

    def amounts(self, rows: Rows) -> np.ndarray:
        out = np.array([self._price(cat, sev)[0] for cat, sev in self._columns(rows)], float)
        return out * rows.factors

    def unpriced(self, rows: Rows) -> list[Unpriced]:
        found = []
        for k, (cat, sev) in enumerate(self._columns(rows)):
            at = self._price(cat, sev)[1]
            if at is None:
                continue
            table, given = (self.severity, sev) if at == "severity" else (self.category, cat)
            zh_name, en_name = (
                ("严重程度", "severity") if at == "severity" else ("类别", "category")
            )
            known_zh, known_en = "、".join(table), ", ".join(table)
            if given:
                zh = f"{zh_name}“{given}”不在规则的扣分表中(可用:{known_zh})"
                en = f"{en_name} {given!r} is not in the rule's table (use one of {known_en})"
            else:
                zh = f"缺少{zh_name}(规则按{zh_name}扣分,可用:{known_zh})"
                en = f"no {en_name} given (the rule prices by {en_name}: {known_en})"
            found.append((k, at, zh, en))
        return found

    def params(self) -> dict:
        out = {
            "each": self.each,
            "category": dict(self.category),
            "severity": dict(self.severity),
            "cap": self.cap,
        }
        if self.unknown != "refuse":  # the default goes unsaid, as in the scheme
            out["unknown"] = self.unknown
        return out


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
