"""Who may open the evidence a task or a 回头看 carries (bipin.evidence.access asks here).

Whoever may see the task: the entrant viewer of its unit, the inspectors of
the finding's team and of the 回头看 team visiting the unit (the organizer and
the uploader may always, by bipin.evidence itself).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from bipin.rectification import access
from bipin.rectification.models import Task


def may_see(user, contest, evidence) -> bool:
    carrying = Task.objects.filter(
        Q(evidence=evidence) | Q(finding__rechecks__evidence=evidence), contest=contest
    ).values("pk")
    try:
        v = access.viewer(user, contest.slug)
    except (Http404, PermissionDenied):
        return False
    return access.tasks(v).filter(pk__in=carrying).exists()
