"""Who may see and do what with 获奖证书 — decided here and nowhere else.

- The organizer lists every certificate of the contest, issues them and
  downloads any.
- An entrant viewer (a producer's account) lists and downloads its own unit's.
- Anyone, logged in or not, checks a code on the public page, which shows
  what the certificate itself prints and nothing else.

Anyone else in the contest gets 403; a stranger, or another unit's
certificate, 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from bipin.certificates.codes import as_typed
from bipin.certificates.models import Certificate
from bipin.contests.access import contest_for, organizer_contest, own_entrant, roles_of
from bipin.contests.models import Contest, Entrant, Role

NOT_FOUND = "没有这张证书 / no such certificate"


@dataclass(frozen=True)
class Viewer:
    contest: Contest
    is_organizer: bool
    entrant: Entrant | None  # an entrant viewer's own unit


def viewer(user, slug: str) -> Viewer:
    contest = contest_for(user, slug, [Role.ORGANIZER, Role.ENTRANT_VIEWER])
    is_organizer = Role.ORGANIZER in roles_of(user, contest)
    return Viewer(contest, is_organizer, None if is_organizer else own_entrant(user, contest))


def certificates(v: Viewer) -> QuerySet[Certificate]:
    found = Certificate.objects.filter(contest=v.contest).select_related("release", "entrant")
    return found if v.is_organizer else found.filter(entrant=v.entrant, entrant__isnull=False)


def certificate(v: Viewer, pk: int) -> Certificate:
    found = certificates(v).filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def issuing_contest(user, slug: str) -> Contest:
    return organizer_contest(user, slug)


def by_code(typed: str) -> Certificate | None:
    """The certificate a typed code names, for anyone; None for no such code."""
    code = as_typed(typed)
    if code is None:
        return None
    return Certificate.objects.filter(code=code).select_related("contest", "release", "replaced_by").first()
