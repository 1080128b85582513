"""Grading rules, as pure functions over plain values (no database).

Objective items are graded when the candidate finishes; short answers get
their points from markers (:func:`marked_points`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from bipin.io.question_bank import QuestionType, normalise_text

CENT = Decimal("0.01")
ALL_OR_NOTHING, PROPORTIONAL, HALF = "all_or_nothing", "proportional", "half"


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def grade(
    qtype: str,
    answer: Sequence[str],
    points: Decimal,
    response: Sequence[str],
    multiple_rule: str = ALL_OR_NOTHING,
) -> Decimal | None:
    """Points for one objective response; None for a short answer (people mark it).

    Multiple choice, declared per sitting: ``all_or_nothing``; ``proportional``
    (no wrong choice: points × chosen correct / all correct); ``half`` (no wrong
    choice and at least one correct: half the points).

    >>> grade("single", ["B"], Decimal(2), ["B"]), grade("single", ["B"], Decimal(2), ["A"])
    (Decimal('2.00'), Decimal('0.00'))
    >>> grade("multiple", ["A", "B", "D"], Decimal(3), ["A", "D"], "proportional")
    Decimal('2.00')
    >>> grade("multiple", ["A", "B", "D"], Decimal(3), ["A", "C"], "proportional")
    Decimal('0.00')
    >>> grade("fill", ["D", "D级"], Decimal(2), ["ｄ 级"])
    Decimal('2.00')
    """
    qtype = QuestionType(qtype)
    if qtype == QuestionType.SHORT:
        return None
    zero, full = _cents(Decimal(0)), _cents(Decimal(points))
    if qtype == QuestionType.FILL:
        given = normalise_text(response[0]) if response else ""
        return full if given and given in {normalise_text(a) for a in answer} else zero
    chosen, correct = set(response), set(answer)
    if chosen == correct:
        return full
    if qtype != QuestionType.MULTIPLE or not chosen or chosen - correct:
        return zero
    if multiple_rule == PROPORTIONAL:
        return _cents(Decimal(points) * len(chosen) / len(correct))
    if multiple_rule == HALF:
        return _cents(Decimal(points) / 2)
    if multiple_rule == ALL_OR_NOTHING:
        return zero
    raise ValueError(f"unknown multiple-choice rule {multiple_rule!r}")


def marked_points(marks: Sequence[Decimal], *, double: bool, gap: Decimal) -> Decimal | None:
    """A short answer's final points from its marks in the order given, or
    None while another marker is needed.

    Single marking: the one mark. Double marking: the mean of two marks that
    differ by at most ``gap``; otherwise a third marker decides together with
    the nearer of the first two (their mean; on a tie the higher one), the
    usual 三评 rule.

    >>> marked_points([Decimal(4)], double=False, gap=Decimal(2))
    Decimal('4.00')
    >>> marked_points([Decimal(4), Decimal(5)], double=True, gap=Decimal(2))
    Decimal('4.50')
    >>> marked_points([Decimal(1), Decimal(5)], double=True, gap=Decimal(2)) is None
    True
    >>> marked_points([Decimal(1), Decimal(5), Decimal(4)], double=True, gap=Decimal(2))
    Decimal('4.50')
    """
    if not marks:
        return None
    if not double:
        return _cents(marks[0])
    if len(marks) < 2:
        return None
    first, second = marks[0], marks[1]
    if abs(first - second) <= gap:
        return _cents((first + second) / 2)
    if len(marks) < 3:
        return None
    third = marks[2]
    nearer = min((first, second), key=lambda m: (abs(m - third), -m))
    return _cents((nearer + third) / 2)


def aggregate(scores: Sequence[Decimal], rule: str) -> Decimal | None:
    """An entrant's exam score from its candidates' scores (``mean`` or ``best``).

    >>> aggregate([Decimal("50"), Decimal("55")], "mean"), aggregate([Decimal(50), Decimal(55)], "best")
    (Decimal('52.50'), Decimal('55.00'))
    """
    if not scores:
        return None
    if rule == "best":
        return _cents(max(scores))
    if rule == "mean":
        return _cents(sum(scores, Decimal(0)) / len(scores))
    raise ValueError(f"unknown aggregate rule {rule!r}")


def percent(score: Decimal, full: Decimal) -> Decimal:
    """A score on the 0–100 scale, to cents, half up.

    >>> percent(Decimal(22), Decimal(28))
    Decimal('78.57')
    """
    if full <= 0:
        raise ValueError(f"full marks must be positive, not {full}")
    return _cents(score * 100 / full)
