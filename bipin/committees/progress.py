"""Where each entry stands: waiting for members, for reviews, for the decision, or decided.

Read from prefetched assignments, reviews and decisions, so a committee page
of a hundred entries is three queries, not three hundred.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from bipin.committees.models import Assignment, Decision, Entry


@dataclass(frozen=True)
class Progress:
    entry: Entry
    assigned: int
    reviewed: int
    decision: Decision | None

    @property
    def state(self) -> str:
        if self.decision is not None:
            return "decided"
        if not self.assigned:
            return "unassigned"
        return "ready" if self.reviewed == self.assigned else "reviewing"

    @property
    def label(self) -> str:
        if self.decision is not None:
            return str(self.decision.get_outcome_display())
        return str(STATES[self.state])


STATES = {
    "unassigned": _("待指定评审委员"),
    "reviewing": _("评审中"),
    "ready": _("待决议"),
}


def undecided(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """The assignments whose entry has no decision in force (never decided, or reopened)."""
    standing = Decision.objects.filter(entry=OuterRef("entry"), reopened_at__isnull=True)
    return assignments.exclude(Exists(standing))


def with_progress(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    return entries.prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("review", "member__user")),
        Prefetch("decisions", queryset=Decision.objects.filter(reopened_at__isnull=True),
                 to_attr="standing"))


def progress(entry: Entry) -> Progress:
    """The entry's progress (from :func:`with_progress`'s prefetch)."""
    assignments = list(entry.assignments.all())
    reviewed = sum(1 for a in assignments if hasattr(a, "review"))
    standing = entry.standing[0] if entry.standing else None
    return Progress(entry, len(assignments), reviewed, standing)
