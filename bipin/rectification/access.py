"""Who may see and do what in the 整改台账 — decided here and nowhere else.

- The organizer sees every task, sets deadlines, decides extension requests
  and closes verified tasks (销号).
- An entrant viewer sees only its own unit's tasks and answers them.
- An inspector sees the tasks of findings their team recorded and of the
  entrants their 回头看 team visits, and verifies or returns them.

A task the user may not see is a 404 (as if it did not exist); an action on
a visible task that the role may not take is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from bipin.contests.access import contest_for, own_entrant, roles_of
from bipin.contests.models import Contest, Entrant, Role
from bipin.inspections.models import Finding, Round, TeamMember, Visit
from bipin.rectification.models import Extension, Recheck, Task

READERS = (Role.ORGANIZER, Role.ENTRANT_VIEWER, Role.INSPECTOR)
EXPORTERS = (Role.ORGANIZER, Role.ENTRANT_VIEWER)
RECHECKERS = (Role.ORGANIZER, Role.INSPECTOR)


@dataclass(frozen=True)
class Viewer:
    user: object
    contest: Contest
    roles: frozenset[str]
    entrant: Entrant | None  # the unit of an entrant viewer

    @property
    def is_organizer(self) -> bool:
        return Role.ORGANIZER in self.roles


def viewer(user, slug: str, roles=READERS) -> Viewer:
    contest = contest_for(user, slug, roles)
    held = frozenset(roles_of(user, contest))
    entrant = own_entrant(user, contest) if Role.ENTRANT_VIEWER in held else None
    return Viewer(user, contest, held, entrant)


def _recheck_entrants(user, contest: Contest):
    return Visit.objects.filter(
        team__round__contest=contest, team__round__kind=Round.Kind.RECHECK, team__members__user=user
    ).values("entrant_id")


def inspector_q(user, contest: Contest) -> Q:
    teams = TeamMember.objects.filter(user=user, team__round__contest=contest).values("team_id")
    return Q(finding__team_id__in=teams) | Q(entrant_id__in=_recheck_entrants(user, contest))


def tasks(v: Viewer) -> QuerySet[Task]:
    """The tasks ``v`` may see."""
    found = Task.objects.filter(contest=v.contest)
    if v.is_organizer:
        return found
    q = Q(pk__in=[])
    if v.entrant is not None:
        q |= Q(entrant=v.entrant)
    if Role.INSPECTOR in v.roles:
        q |= inspector_q(v.user, v.contest)
    return found.filter(q)


def task_for(user, slug: str, task_id: int, roles=READERS) -> tuple[Viewer, Task]:
    v = viewer(user, slug, roles)
    task = get_object_or_404(
        tasks(v).select_related("finding__round", "finding__team", "entrant"), pk=task_id
    )
    return v, task


def may_answer(v: Viewer, task: Task) -> bool:
    return v.entrant is not None and v.entrant.pk == task.entrant_id


def may_verify(v: Viewer, task: Task) -> bool:
    if v.is_organizer:
        return True
    if Role.INSPECTOR not in v.roles:
        return False
    return Task.objects.filter(Q(pk=task.pk) & inspector_q(v.user, v.contest)).exists()


def answering(user, slug: str, task_id: int) -> tuple[Viewer, Task]:
    v, task = task_for(user, slug, task_id)
    if not may_answer(v, task):
        raise PermissionDenied("only the entrant answers its task")
    return v, task


def verifying(user, slug: str, task_id: int) -> tuple[Viewer, Task]:
    v, task = task_for(user, slug, task_id)
    if not may_verify(v, task):
        raise PermissionDenied("only the finding's inspectors or the organizer verify")
    return v, task


def organizing(user, slug: str, task_id: int) -> tuple[Viewer, Task]:
    v, task = task_for(user, slug, task_id)
    if not v.is_organizer:
        raise PermissionDenied("organizer only")
    return v, task


def extension_for(user, slug: str, extension_id: int) -> Extension:
    v = viewer(user, slug, [Role.ORGANIZER])
    return get_object_or_404(
        Extension.objects.select_related("task"), task__contest=v.contest, pk=extension_id
    )


# --- 回头看 -------------------------------------------------------------------


def recheck_rounds(v: Viewer) -> QuerySet[Round]:
    found = Round.objects.filter(contest=v.contest, kind=Round.Kind.RECHECK)
    return found if v.is_organizer else found.filter(teams__members__user=v.user).distinct()


def recheck_round(user, slug: str, round_id: int) -> tuple[Viewer, Round]:
    v = viewer(user, slug, RECHECKERS)
    return v, get_object_or_404(recheck_rounds(v), pk=round_id)


def recheck_visits(v: Viewer, round_: Round) -> QuerySet[Visit]:
    """The visits of ``round_`` whose findings ``v`` may recheck (an organizer sees all, records none)."""
    found = Visit.objects.filter(team__round=round_).select_related("team", "entrant")
    return found if v.is_organizer else found.filter(team__members__user=v.user)


def rechecking(user, slug: str, round_id: int, finding_id: int) -> tuple[Viewer, Round, Finding]:
    """The finding a member of ``round_``'s team may recheck: of an entrant their team visits."""
    v, round_ = recheck_round(user, slug, round_id)
    if not TeamMember.objects.filter(team__round=round_, user=user).exists():
        raise PermissionDenied("only the 回头看 team records rechecks")
    entrants = Visit.objects.filter(team__round=round_, team__members__user=user).values(
        "entrant_id"
    )
    finding = Finding.objects.filter(
        contest=v.contest, entrant_id__in=entrants, pk=finding_id
    ).first()
    if finding is None:
        raise Http404("no such finding")
    return v, round_, finding


def correcting(user, slug: str, round_id: int, finding_id: int) -> Recheck:
    """A recorded 回头看 outcome, for the organizer to correct."""
    v = viewer(user, slug, [Role.ORGANIZER])
    return get_object_or_404(
        Recheck.objects.select_related("round", "finding"),
        round__contest=v.contest,
        round_id=round_id,
        finding_id=finding_id,
    )
