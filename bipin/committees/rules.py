"""The committee's decision rules, as pure functions of the reviews.

- ``mean``: approved when the mean of the reviews' rubric totals reaches the
  pass mark. Compared exactly (sum ≥ pass mark × count), so a mean of
  69.995 is not lifted to 70 by the two decimals it is shown with.
- ``majority``: approved when more members approve than reject; abstentions
  are not votes cast, and a tie is not approved.
- ``chair``: the chair chooses the outcome.

Under every rule, dissent is each review whose vote opposes the outcome (an
approval of a rejected entry, a rejection of an approved one). An abstention
takes no side, so it is never dissent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from bipin.committees.models import Outcome, Rule, Vote

__all__ = ["Ballot", "Tally", "decide"]

CENT = Decimal("0.01")
OPPOSED = {Outcome.APPROVED: Vote.REJECT, Outcome.REJECTED: Vote.APPROVE}


@dataclass(frozen=True)
class Ballot:
    """One review as the rule reads it."""

    member: str
    total: Decimal
    vote: str
    comment: str = ""


@dataclass(frozen=True)
class Tally:
    outcome: str
    mean_total: Decimal | None
    votes_for: int
    votes_against: int
    votes_abstain: int
    dissent: list[dict]


def _mean(ballots: Sequence[Ballot]) -> Decimal:
    return (sum((b.total for b in ballots), Decimal(0)) / len(ballots)).quantize(CENT, ROUND_HALF_UP)


def decide(rule: str, ballots: Sequence[Ballot], *, pass_mark: Decimal | None = None,
           chosen: str | None = None) -> Tally:
    """The outcome of ``ballots`` under ``rule``; ``chosen`` is the chair's (rule ``chair`` only).

    >>> b = [Ballot("甲", Decimal(80), "approve"), Ballot("乙", Decimal(60), "reject")]
    >>> decide("mean", b, pass_mark=Decimal(70)).outcome, decide("majority", b).outcome
    ('approved', 'rejected')
    """
    if not ballots:
        raise ValueError("a decision needs at least one review")
    count = {v: sum(1 for b in ballots if b.vote == v) for v in Vote.values}
    if rule == Rule.MEAN:
        if pass_mark is None:
            raise ValueError("the mean rule needs a pass mark")
        approved = sum((b.total for b in ballots), Decimal(0)) >= pass_mark * len(ballots)
        outcome = Outcome.APPROVED if approved else Outcome.REJECTED
    elif rule == Rule.MAJORITY:
        approved = count[Vote.APPROVE] > count[Vote.REJECT]
        outcome = Outcome.APPROVED if approved else Outcome.REJECTED
    elif rule == Rule.CHAIR:
        if chosen not in Outcome.values:
            raise ValueError(f"the chair's outcome {chosen!r} is not one of {Outcome.values}")
        outcome = Outcome(chosen)
    else:
        raise ValueError(f"unknown rule {rule!r}")
    dissent = [{"member": b.member, "vote": b.vote, "comment": b.comment}
               for b in ballots if b.vote == OPPOSED[outcome]]
    return Tally(str(outcome), _mean(ballots), count[Vote.APPROVE], count[Vote.REJECT],
                 count[Vote.ABSTAIN], dissent)
