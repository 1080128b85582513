"""Where each department's grid stands: the organizer's progress board and the
reporters' and reviewers' to-do lists read the same rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bipin.contests.models import Contest
from bipin.judging.engine import contest_scheme
from bipin.reporting import grid as grids
from bipin.reporting.models import Submission
from bipin.reporting.review import ReviewState

NOT_STARTED = "not_started"


@dataclass
class Line:
    department: str
    cells: int  # cells of the grid
    filled: int  # cells holding a value
    state: str  # a ReviewState value, or NOT_STARTED
    state_label: str
    deadline: datetime | None
    submission: Submission | None

    @property
    def overdue(self) -> bool:
        done = self.state in (ReviewState.SUBMITTED, ReviewState.APPROVED)
        return self.deadline is not None and not done and self.deadline < timezone.now()


def lines(contest: Contest, departments: set[str] | None = None) -> list[Line]:
    """One line per department of the scheme (only ``departments`` if given)."""
    scheme = contest_scheme(contest)
    names = [d for d in grids.departments(scheme) if departments is None or d in departments]
    subs = {
        s.department: s
        for s in Submission.objects.filter(
            contest=contest, label="", department__in=names
        ).annotate(
            n_filled=Count("values", filter=Q(values__current=True, values__value__isnull=False))
        )
    }
    out = []
    for name in names:
        sub = subs.get(name)
        grid = grids.build(contest, name, scheme)
        state = sub.state if sub else NOT_STARTED
        label = str(ReviewState(state).label) if sub else _("未开始")
        out.append(
            Line(
                name,
                len(grid),
                sub.n_filled if sub else 0,
                state,
                label,
                sub.deadline if sub else None,
                sub,
            )
        )
    return out
