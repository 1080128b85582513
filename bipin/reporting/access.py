"""Who may see and do what on the department grids — decided here and nowhere else.

A department's grid holds every entrant's values, so only the organizer and
that department's own reporters and reviewers see it: a reporter of another
department, an entrant's viewer or an inspector gets 403, anyone outside the
contest 404 (bipin.contests.access.contest_for).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bipin.contests.access import contest_for, roles_of
from bipin.contests.models import Contest, Membership, Role
from bipin.reporting import grid as grids

DEPARTMENT_ROLES = (Role.DEPT_REPORTER, Role.DEPT_REVIEWER)
SEES_GRIDS = (Role.ORGANIZER, *DEPARTMENT_ROLES)


def own_departments(user, contest: Contest, role: str | None = None) -> set[str]:
    """The departments ``user`` reports or reviews for here (both roles when ``role`` is None)."""
    if not user.is_authenticated:
        return set()
    rows = Membership.objects.filter(contest=contest, user=user, role__in=DEPARTMENT_ROLES)
    if role is not None:
        rows = rows.filter(role=role)
    return {d for d in rows.values_list("department", flat=True) if d}


@dataclass
class Desk:
    """What a user may do on one department's grid."""

    contest: Contest
    grid: grids.Grid
    organizer: bool
    reporter: bool
    reviewer: bool


def grids_contest(user, slug: str) -> Contest:
    """The reporting index: the organizer's board or a department's to-do."""
    return contest_for(user, slug, SEES_GRIDS)


def organizer_contest(user, slug: str) -> Contest:
    return contest_for(user, slug, [Role.ORGANIZER])


def desk(user, slug: str, department: str) -> Desk:
    """The grid of ``department`` for a user who may see it; else 404 / 403."""
    contest = contest_for(user, slug, SEES_GRIDS)
    return desk_in(user, contest, department)


def desk_in(user, contest: Contest, department: str) -> Desk:
    grid = grids.build(contest, department)
    if grid is None:
        raise Http404("no such department")
    organizer = Role.ORGANIZER in roles_of(user, contest)
    reporter = department in own_departments(user, contest, Role.DEPT_REPORTER)
    reviewer = department in own_departments(user, contest, Role.DEPT_REVIEWER)
    if not (organizer or reporter or reviewer):
        raise PermissionDenied("not this department's grid")
    return Desk(contest, grid, organizer, reporter, reviewer)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("role not allowed")
