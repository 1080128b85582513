"""Whether a panel's severity adjustment counts: only when declared before marking began.

A scheme may declare ``adjust: judge_effect`` on a panel (docs/judges.md). A
judge's effect is estimated from the very marks it adjusts, so a declaration
written once the marks are known could be chosen for the result it gives: it
counts only if the scheme version declaring it (and every version in force
since) took effect before the panel's first sheet was locked. A late one is
shown beside the raw result, and the raw result counts.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Min

from bipin.contests.models import Contest
from bipin.judging.engine import scheme_of
from bipin.judging.models import Panel, Sheet

NONE, COUNTS, LATE = "none", "counts", "late"


def declared_since(contest: Contest, item: str) -> dt.datetime | None:
    """When the unbroken run of valid scheme versions declaring the adjustment began."""
    since = None
    for version in contest.scheme_versions.filter(is_valid=True).order_by("-number"):
        spec = scheme_of(version).panels.get(item)
        if spec is None or spec.adjust == "none":
            break
        since = version.uploaded_at
    return since


def marking_began(panel: Panel) -> dt.datetime | None:
    """When the panel's first sheet that was ever locked was entered.

    A pending sheet was never locked; a reopened or superseded one was.
    """
    return (Sheet.objects.filter(panel=panel).exclude(status=Sheet.Status.PENDING)
            .aggregate(first=Min("created_at"))["first"])


def adjustment_state(panel: Panel) -> str:
    """``none`` (not declared), ``counts``, or ``late`` (declared after marking began)."""
    since = declared_since(panel.contest, panel.item)
    if since is None:
        return NONE
    began = marking_began(panel)
    return COUNTS if began is None or since < began else LATE


def late_adjustments(contest: Contest) -> list[str]:
    """The scheme panels whose adjustment was declared too late to count, for the engine."""
    return sorted(p.item for p in Panel.objects.filter(contest=contest)
                  if adjustment_state(p) == LATE)
