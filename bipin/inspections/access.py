"""Who may see and do what in 实地核查 — decided here and nowhere else.

"Not there", "not yours" and "recused" all raise the same 404, so an
inspector cannot probe another team's findings and an entrant cannot probe
another county's.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from bipin.contests.access import contest_for, own_entrant, roles_of
from bipin.contests.models import Contest, Role
from bipin.inspections.models import Appeal, Finding, Round, SiteDraw, Team, TeamMember, Visit
from bipin.judging.models import Recusal

NOT_FOUND = "没有这个核查记录 / no such record"

ORGANIZER = [Role.ORGANIZER]
INSPECTORS = [Role.INSPECTOR]
ENTRANTS = [Role.ENTRANT_VIEWER]
WITHDRAWERS = [Role.ORGANIZER, Role.INSPECTOR]
READERS = [Role.ORGANIZER, Role.INSPECTOR, Role.ENTRANT_VIEWER]


def organizer_contest(user, slug: str) -> Contest:
    return contest_for(user, slug, ORGANIZER)


def inspector_contest(user, slug: str) -> Contest:
    return contest_for(user, slug, INSPECTORS)


def entrant_contest(user, slug: str) -> Contest:
    return contest_for(user, slug, ENTRANTS)


def contest_for_findings(user, slug: str) -> Contest:
    """Anyone who may see some finding: the organizer, inspectors, entrant viewers."""
    return contest_for(user, slug, READERS)


def _missing():
    return Http404(NOT_FOUND)


def round_in(contest: Contest, pk: int) -> Round:
    found = Round.objects.filter(contest=contest, pk=pk).first()
    if found is None:
        raise _missing()
    return found


def team_in(contest: Contest, pk: int) -> Team:
    found = Team.objects.filter(round__contest=contest, pk=pk).select_related("round").first()
    if found is None:
        raise _missing()
    return found


def member_in(contest: Contest, pk: int) -> TeamMember:
    found = (
        TeamMember.objects.filter(team__round__contest=contest, pk=pk)
        .select_related("team__round", "user")
        .first()
    )
    if found is None:
        raise _missing()
    return found


def visit_in(contest: Contest, pk: int) -> Visit:
    found = (
        Visit.objects.filter(team__round__contest=contest, pk=pk)
        .select_related("team__round", "entrant")
        .first()
    )
    if found is None:
        raise _missing()
    return found


def my_visits(user, contest: Contest) -> QuerySet[Visit]:
    """The visits of the user's teams, never to an entrant the user is recused from."""
    recused = Recusal.objects.filter(contest=contest, user=user).values("entrant_id")
    return (
        Visit.objects.filter(team__round__contest=contest, team__members__user=user)
        .exclude(entrant_id__in=recused)
        .select_related("team__round", "entrant__group")
        .order_by("team__round_id", "team_id", "entrant__order", "pk")
    )


def my_visit(user, contest: Contest, pk) -> Visit:
    found = my_visits(user, contest).filter(pk=pk).first()
    if found is None:
        raise _missing()
    return found


def visit_for(user, contest: Contest, pk: int) -> tuple[Visit, set[str]]:
    """A visit the user may see, with the user's roles; else 404.

    The organizer sees every visit, an inspector the visits of the teams they
    are in (not recused), an entrant viewer the visits to its own unit.
    """
    roles = roles_of(user, contest)
    found = None
    if Role.ORGANIZER in roles:
        found = visit_in(contest, pk)
    if found is None and Role.INSPECTOR in roles:
        found = my_visits(user, contest).filter(pk=pk).first()
    if found is None and Role.ENTRANT_VIEWER in roles:
        entrant = own_entrant(user, contest)
        found = (
            Visit.objects.filter(team__round__contest=contest, pk=pk, entrant=entrant)
            .select_related("team__round", "entrant")
            .first()
            if entrant is not None
            else None
        )
    if found is None:
        raise _missing()
    return found, roles


def entrant_visits(user, contest: Contest) -> QuerySet[Visit]:
    """The visits to the entrant viewer's own unit (to follow the drawing of its sites)."""
    entrant = own_entrant(user, contest)
    if entrant is None:
        return Visit.objects.none()
    return Visit.objects.filter(team__round__contest=contest, entrant=entrant).select_related(
        "team__round", "entrant"
    )


def site_draw_in(visit: Visit, number: int) -> SiteDraw:
    found = SiteDraw.objects.filter(visit=visit, number=number).select_related("replaces").first()
    if found is None:
        raise _missing()
    return found


def team_findings(user, contest: Contest) -> QuerySet[Finding]:
    """Findings of the user's teams at entrants the user is not recused from."""
    recused = Recusal.objects.filter(contest=contest, user=user).values("entrant_id")
    return (
        Finding.objects.filter(contest=contest, team__members__user=user)
        .exclude(entrant_id__in=recused)
        .distinct()
    )


def entrant_findings(user, contest: Contest) -> QuerySet[Finding]:
    """反馈: the entrant viewer's own unit's findings once confirmed (withdrawn ones stay)."""
    entrant = own_entrant(user, contest)
    if entrant is None:
        return Finding.objects.none()
    return Finding.objects.filter(contest=contest, entrant=entrant, confirmed_at__isnull=False)


def finding_for(user, contest: Contest, pk: int) -> tuple[Finding, set[str]]:
    """A finding the user may see, with the user's roles; else 404."""
    roles = roles_of(user, contest)
    qs = Finding.objects.none()
    if Role.ORGANIZER in roles:
        qs = Finding.objects.filter(contest=contest)
    else:
        if Role.INSPECTOR in roles:
            qs = qs | team_findings(user, contest)
        if Role.ENTRANT_VIEWER in roles:
            qs = qs | entrant_findings(user, contest)
    found = (
        qs.filter(pk=pk)
        .select_related("round", "team", "entrant", "recorded_by", "confirmed_by", "withdrawn_by")
        .first()
    )
    if found is None:
        raise _missing()
    return found, roles


def appeal_in(contest: Contest, pk: int) -> Appeal:
    found = Appeal.objects.filter(finding__contest=contest, pk=pk).select_related("finding").first()
    if found is None:
        raise _missing()
    return found


def may_see_finding(user, finding: Finding) -> bool:
    """The finding's team members, the organizer, and the entrant once it is confirmed."""
    roles = roles_of(user, finding.contest)
    if Role.ORGANIZER in roles:
        return True
    if (
        Role.INSPECTOR in roles
        and TeamMember.objects.filter(team_id=finding.team_id, user=user).exists()
        and not Recusal.objects.filter(
            contest_id=finding.contest_id, user=user, entrant_id=finding.entrant_id
        ).exists()
    ):
        return True
    return (
        Role.ENTRANT_VIEWER in roles
        and finding.confirmed_at is not None
        and own_entrant(user, finding.contest) == finding.entrant
    )
