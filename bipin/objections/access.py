"""Who may see and do what with objections — decided here and nowhere else.

- The organizer sees every objection of the contest, assigns, answers,
  records corrections, closes, and sets each release's policy.
- An entrant viewer files for its own unit and sees the objections it filed.
- Whoever an objection is assigned to (a chief judge, an inspector, …) sees
  it and adds investigation notes.
- With the release's policy allowing it, the public files on a form that
  needs no login and shows nothing filed before.

An objection the user may not see is a 404; an action the role may not take
on the contest is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from bipin.contests.access import contest_for, own_entrant, roles_of
from bipin.contests.models import Contest, Entrant, Membership, Role
from bipin.objections.models import Objection, Policy
from bipin.results.models import Release
from bipin.results.services import current_release

NOT_FOUND = "没有这件异议 / no such objection"
# Who may be asked to investigate: anyone in the contest but the units themselves.
ASSIGNABLE = (Role.ORGANIZER, Role.CHIEF_JUDGE, Role.JUDGE, Role.INSPECTOR,
              Role.DEPT_REPORTER, Role.DEPT_REVIEWER)


@dataclass(frozen=True)
class Viewer:
    user: object
    contest: Contest
    roles: frozenset[str]
    entrant: Entrant | None  # an entrant viewer's own unit

    @property
    def is_organizer(self) -> bool:
        return Role.ORGANIZER in self.roles


def viewer(user, slug: str, roles=tuple(Role)) -> Viewer:
    contest = contest_for(user, slug, roles)
    held = frozenset(roles_of(user, contest))
    entrant = own_entrant(user, contest) if Role.ENTRANT_VIEWER in held else None
    return Viewer(user, contest, held, entrant)


def objections(v: Viewer) -> QuerySet[Objection]:
    """The objections ``v`` may see: all for the organizer, else those filed by or assigned to them."""
    found = Objection.objects.filter(contest=v.contest)
    if v.is_organizer:
        return found
    return found.filter(Q(filed_by=v.user) | Q(assignee=v.user))


def objection_for(user, slug: str, pk: int) -> tuple[Viewer, Objection]:
    v = viewer(user, slug)
    found = (objections(v).filter(pk=pk)
             .select_related("entrant", "release__snapshot", "filed_by", "assignee", "answered_by",
                             "correction", "finding__round").first())
    if found is None:
        raise Http404(NOT_FOUND)
    return v, found


def organizing(user, slug: str, pk: int) -> tuple[Viewer, Objection]:
    """An objection for the organizer to assign, answer, correct or close (403 for anyone else)."""
    viewer(user, slug, [Role.ORGANIZER])
    return objection_for(user, slug, pk)


def may_note(v: Viewer, objection: Objection) -> bool:
    return v.is_organizer or objection.assignee_id == v.user.pk


def noting(user, slug: str, pk: int) -> tuple[Viewer, Objection]:
    v, objection = objection_for(user, slug, pk)
    if not may_note(v, objection):
        raise PermissionDenied("only the organizer or the assignee adds notes")
    return v, objection


def filing(user, slug: str) -> tuple[Viewer, Release | None]:
    """An entrant viewer with its unit, and the contest's current release (403 without a unit)."""
    v = viewer(user, slug, [Role.ENTRANT_VIEWER])
    if v.entrant is None:
        raise PermissionDenied("an entrant viewer without a unit")
    return v, current_release(v.contest)


def policy_of(release: Release) -> Policy:
    """The release's policy, or the defaults (units only, answers not published) unsaved."""
    return Policy.objects.filter(release=release).first() or Policy(release=release)


def public_filing(slug: str) -> tuple[Contest, Release]:
    """The contest and release whose notice the public may object to; 404 when it may not."""
    contest = Contest.objects.filter(slug=slug).first()
    release = current_release(contest) if contest is not None else None
    if release is None or not release.notice_visible() or not policy_of(release).public_may_file:
        raise Http404("no public objections here")
    return contest, release


def releases_for_organizer(user, slug: str) -> tuple[Viewer, Release]:
    v = viewer(user, slug, [Role.ORGANIZER])
    release = current_release(v.contest)
    if release is None:
        raise Http404("no release yet")
    return v, release


def assignable(contest: Contest):
    """The people an objection may be assigned to, each once, by name."""
    from django.contrib.auth import get_user_model

    ids = Membership.objects.filter(contest=contest, role__in=ASSIGNABLE).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("first_name", "username")


def may_see_files(user, contest: Contest, evidence) -> bool:
    """The filer, the assignee and the organizer of an objection carrying the file."""
    if not user.is_authenticated:
        return False
    carrying = Objection.objects.filter(contest=contest, evidence=evidence)
    if Role.ORGANIZER in roles_of(user, contest):
        return carrying.exists()
    return carrying.filter(Q(filed_by=user) | Q(assignee=user)).exists()
