"""Which values a leaf accepts: its declared ``range``, or the one its rule implies.

A value outside a leaf's range is refused, never clipped or dropped: the
engine raises :class:`ObservationError` with the row's ref and field
``value``, and the import pages refuse the file at the cell (both say the
same thing, built here). Every value and factor must also be a finite
number of sane size, whatever the leaf.

Ranges implied by rules (a declared ``range`` replaces them):

* ``scaled(max=M)``: [0, M] (an exam leaf: [0, 100]); ``manual``: [0, points];
* ``target_step`` / ``proportional`` with ``target=100``, or ``bands`` whose
  top floor is 100, higher being better: a percentage, [0, 100];
* ``all_or_nothing(threshold=1)`` with ``>=`` or ``==``: a 0/1 flag, [0, 1];
* ``veto``, ``bonus``, ``deduction``, ``per_occurrence``: ≥ 0 (an amount or a
  count; a deduction is written as the positive amount taken);
* any other rule, and a composite node's raw values: any finite value.

Panel marks are checked against their criteria by :mod:`bipin.scoring.panels`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from bipin.scoring.model import NAN_VALUE, ObservationError, ObservationTable
from bipin.scoring.reader import MAGNITUDE, Reader
from bipin.scoring.records import RecordRule
from bipin.scoring.rules import AllOrNothing, Bands, Manual, Proportional, Scaled, TargetStep, Veto
from bipin.scoring.scheme import Node

__all__ = [
    "MAGNITUDE",
    "ValueRange",
    "check_declared_range",
    "check_reduced",
    "check_rows",
    "check_table",
    "parse_range",
    "rule_range",
    "row_problems",
    "value_range",
]


@dataclass(frozen=True)
class ValueRange:
    """Closed bounds (None: open); ``why_*`` says where they come from."""

    low: float | None
    high: float | None
    why_zh: str = "方案中声明的 range"
    why_en: str = "declared in the scheme"

    @property
    def text(self) -> str:
        if self.low is not None and self.high is not None:
            return f"[{self.low:g}, {self.high:g}]"
        return f"≥ {self.low:g}" if self.low is not None else f"≤ {self.high:g}"

    def outside(self, values: np.ndarray) -> np.ndarray:
        """True where a value is given and lies outside (NaN = no value)."""
        out = np.zeros(values.shape, bool)
        if self.low is not None:
            out |= values < self.low
        if self.high is not None:
            out |= values > self.high
        return out


def _implied(low: float | None, high: float | None, zh: str, en: str) -> ValueRange:
    return ValueRange(
        low,
        high,
        f"由计分规则推定:{zh};若该值确实有效,请在方案中为该指标声明 range",
        f"implied by its rule: {en}; if the value is right, declare a range for this item",
    )


def rule_range(node: Node) -> ValueRange | None:
    """The range a leaf's rule implies, or None when any finite value may be meant."""
    rule = node.rule
    if node.panel is not None or rule is None:
        return None
    if isinstance(rule, Scaled):
        top = rule.max if rule.max is not None else 100.0
        return _implied(0.0, top, f"满分为{top:g}的分数", f"a score out of {top:g}")
    if isinstance(rule, Manual):
        return _implied(
            0.0,
            node.points,
            f"评定分不超过分值{node.points:g}",
            f"points of a {node.points:g}-point leaf",
        )
    higher = getattr(rule, "higher_is_better", True)
    percent = (isinstance(rule, (TargetStep, Proportional)) and rule.target == 100) or (
        isinstance(rule, Bands) and max((f for f, _ in rule.bands), default=None) == 100
    )
    if percent and higher:
        return _implied(0.0, 100.0, "目标为100的百分比", "a percentage (its target is 100)")
    if isinstance(rule, AllOrNothing) and rule.threshold == 1 and rule.op in (">=", "=="):
        return _implied(0.0, 1.0, "1为达标、0为不达标", "1 meets, 0 does not")
    if isinstance(rule, Veto):
        return _implied(0.0, None, "次数或0/1标记", "a count or a 0/1 flag")
    between = getattr(rule, "between", None)
    if between is not None:
        # The rulebook's own range ("扣5-10分"): not a guess to be overridden.
        low, high = between
        verb_zh, verb_en = ("扣", "takes") if rule.sign < 0 else ("加", "adds")
        return ValueRange(
            low,
            high,
            f"计分规则规定每条记录{verb_zh}{low:g}-{high:g}分",
            f"the rule {verb_en} {low:g} to {high:g} per record",
        )
    if isinstance(rule, RecordRule):
        return _implied(
            0.0,
            None,
            "加分或扣分的数额,扣分也填正数(扣2分填2)",
            "an amount; a deduction is written as the positive amount taken (2, not -2)",
        )
    return None


def value_range(node: Node) -> ValueRange | None:
    """The leaf's declared range, else the one its rule implies."""
    if node.range is not None:
        return ValueRange(*node.range)
    # A rate's rule speaks of the rate, not of the counts a row holds.
    return None if node.per is not None else rule_range(node)


def _number_problem(name_zh: str, name_en: str, v: float) -> tuple[str, str] | None:
    if v != v:
        return NAN_VALUE if name_en == "value" else (f"{name_zh}须为数字", f"{name_en} is NaN")
    if abs(v) > MAGNITUDE:  # also infinity
        return (
            f"{name_zh}{v:g}不是可计算的有限数(绝对值须不超过{MAGNITUDE:g})",
            f"{name_en} {v:g} is not a finite number of at most {MAGNITUDE:g} in size",
        )
    return None


def _range_message(
    node: Node, found: ValueRange, v: float, entrant: str | None = None
) -> tuple[str, str]:
    """The refusal of one value, or of an entrant's total over several rows."""
    if entrant is None:
        what_zh, what_en = f"“{node.id}”的分值", f"{node.id!r}: value"
    else:
        what_zh, what_en = f"参评对象“{entrant}”的“{node.id}”合计", f"{node.id!r}: {entrant}'s total"
    return (
        f"{what_zh}{v:g}超出有效范围{found.text}({found.why_zh})",
        f"{what_en} {v:g} is outside its valid range {found.text} ({found.why_en})",
    )




def _factor_not_positive(factor: float) -> tuple[str, str]:
    return f"系数{factor:g}须大于0", f"factor {factor:g} must be > 0"


def _factor_unused(node: Node, factor: float) -> tuple[str, str]:
    return (
        f"“{node.id}”不使用系数(现为{factor:g}):系数只用于评委打分和问题、加扣分记录",
        f"{node.id}: a factor ({factor:g}) applies only to panel marks and records",
    )


def row_problems(
    node: Node | None, value: float | None, factor: float
) -> list[tuple[str, str, str]]:
    """What is wrong with one row's value and factor for ``node``, as (field, zh, en).

    ``node`` may be None (an item not in the scheme): only the numbers are checked.
    """
    out = []
    if value is not None:
        found = _number_problem("分值", "value", float(value))
        rng = value_range(node) if node is not None and node.formula is None else None
        if found is None and rng is not None and rng.outside(np.array([float(value)]))[0]:
            found = _range_message(node, rng, float(value))
        if found:
            out.append(("value", *found))
    found = _number_problem("系数", "factor", factor)
    if found is None and factor <= 0:
        found = _factor_not_positive(factor)
    if found is None and node is not None and factor != 1 and _is_value_leaf(node):
        found = _factor_unused(node, factor)
    if found:
        out.append(("factor", *found))
    return out


def _is_value_leaf(node: Node) -> bool:
    return node.panel is None and not (node.rule is not None and node.rule.record)


def _refuse(table: ObservationTable, row: int, field: str, zh: str, en: str) -> None:
    raise ObservationError(zh, en, table.ref_of(row), field)


def check_table(table: ObservationTable) -> None:
    """Refuse the first value or factor that is not a finite number of sane size."""
    value, factor = table.value, table.factor
    with np.errstate(invalid="ignore"):
        bad_value = ~np.isnan(value) & ~(np.abs(value) <= MAGNITUDE)
        bad_factor = ~((factor > 0) & (factor <= MAGNITUDE))
    if bad_value.any():
        row = int(np.argmax(bad_value))
        _refuse(table, row, "value", *_number_problem("分值", "value", float(value[row])))
    if bad_factor.any():
        row = int(np.argmax(bad_factor))
        found = _number_problem("系数", "factor", float(factor[row]))
        _refuse(table, row, "factor", *(found or _factor_not_positive(float(factor[row]))))


def check_rows(node: Node, table: ObservationTable, rows: np.ndarray) -> None:
    """Refuse a row of ``node`` outside its range, or with a factor it would ignore.

    A derived leaf's rows are its formula's inputs (counts, amounts): its range
    is checked on the computed value instead (:mod:`bipin.scoring.leaves`).
    """
    found = value_range(node) if node.formula is None else None
    if found is not None:
        bad = found.outside(table.value[rows])
        if bad.any():
            row = int(rows[int(np.argmax(bad))])
            _refuse(table, row, "value", *_range_message(node, found, float(table.value[row])))
    if _is_value_leaf(node):
        bad = table.factor[rows] != 1
        if bad.any():
            row = int(rows[int(np.argmax(bad))])
            _refuse(table, row, "factor", *_factor_unused(node, float(table.factor[row])))


def check_reduced(
    node: Node,
    how: str,
    reduced: np.ndarray,
    table: ObservationTable,
    rows: np.ndarray,
    local: np.ndarray,
) -> None:
    """A sum or a count of in-range rows may still leave the rule's range; refuse it.

    The entrant's last row is named: it is the one that took the total over.
    """
    found = rule_range(node)
    # Rows within range can still add up (sum, count) or divide (per) beyond it.
    if how not in ("sum", "count", "per") or found is None:
        return
    bad = found.outside(reduced)
    if bad.any():
        e = int(np.argmax(bad))
        row = int(rows[np.nonzero(local == e)[0][-1]])
        who = table.entrants[table.entrant[row]]
        _refuse(table, row, "value", *_range_message(node, found, float(reduced[e]), who))


def parse_range(r: Reader, data: Any, path: str) -> tuple[float | None, float | None] | None:
    """``[low, high]``; either end may be null (open), not both."""
    if not isinstance(data, list) or len(data) != 2:
        r.add(path, "须写成 [下限, 上限]", f"write a range as [low, high] (got {data!r})")
        return None
    ends: list[float | None] = []
    for i, v in enumerate(data):
        if v is not None and (
            isinstance(v, bool)
            or not isinstance(v, (int, float))
            or not math.isfinite(v)
            or abs(v) > MAGNITUDE
        ):
            r.add(
                f"{path}[{i}]", "须为有限数或 null", f"must be a finite number or null (got {v!r})"
            )
            return None
        ends.append(None if v is None else float(v))
    low, high = ends
    if low is None and high is None:
        r.add(path, "下限与上限至少给出一个", "give at least one end of the range")
        return None
    if low is not None and high is not None and low > high:
        r.add(
            path, f"下限{low:g}大于上限{high:g}", f"low end above the high end ({low:g} > {high:g})"
        )
        return None
    return low, high


def check_declared_range(r: Reader, node: Node, zh: str, en: str) -> None:
    """A declared range may narrow what a scaled or manual leaf scores, not widen it.

    Those rules would clip a value beyond their own range to full points.
    """
    ranged = getattr(node.rule, "between", None) is not None
    if node.range is None or not (ranged or isinstance(node.rule, (Scaled, Manual))):
        return
    hard = rule_range(node)
    low, high = node.range
    if hard is not None and (
        low is None or high is None or low < (hard.low or 0) or high > (hard.high or 0)
    ):
        declared = ValueRange(low, high).text
        r.add(
            f"{node.path}.range",
            f"范围{declared}超出该规则能计分的{hard.text}{zh}",
            f"range {declared} goes beyond what its rule can score, {hard.text}{en}",
        )
