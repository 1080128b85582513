"""Who may see and do what with 获奖证书 — decided here and nowhere else.

- The organizer lists every certificate of the contest, issues them and
  downloads any.
- An entrant viewer (a producer's account) lists and downloads its own unit's.
- Anyone, logged in or not, checks a code on the public page, which shows
  what the certificate itself prints and nothing else, and reads the current
  release's 获奖名单 once the organizer has published it.

Anyone else in the contest gets 403; a stranger, or another unit's
certificate, 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from bipin.certificates.codes import as_typed
from bipin.certificates.models import Certificate, Publication
from bipin.contests.access import contest_for, organizer_contest, own_entrant, roles_of
from bipin.contests.models import Contest, Entrant, Role
from bipin.results.services import current_release

NOT_FOUND = "没有这张证书 / no such certificate"
NOT_PUBLISHED = "获奖名单尚未公布 / the winners are not published"


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


def published_winners(slug: str) -> Publication:
    """The published 获奖名单 of the contest's current release, for anyone; else 404.

    Only the current release's: once a corrected result is released, the winners of
    the one before are not shown as if they stood.
    """
    contest = Contest.objects.filter(slug=slug).first()
    release = current_release(contest) if contest is not None else None
    publication = (Publication.objects.filter(release=release).select_related("release__contest")
                   .first() if release is not None else None)
    if publication is None:
        raise Http404(NOT_PUBLISHED)
    return publication
