"""Evidence as a record's provenance carries it: (name, url) pairs, only those the viewer may open.

An app's ``observations.provenance`` gives each record's files with
:func:`pairs`; the report card turns whatever pairs it gets into links and
thumbnails with :func:`links`, which checks access once more, so a file is
never linked for someone who would get 403 opening it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import Resolver404, resolve
from django.utils import timezone

from bipin.contests.access import roles_of
from bipin.evidence.access import may_see, visible
from bipin.evidence.models import EvidenceFile


@dataclass(frozen=True)
class EvidenceLink:
    name: str
    url: str
    thumb: str = ""  # a photo's thumbnail; "" for a document or a link elsewhere


def stamp(moment) -> str:
    """A time as provenance facts show it, in the site's time zone: ``2026-05-01 09:30``."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def person(user) -> str:
    """Who did it, as a fact shows it (an account since removed shows as "—")."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def pairs(user, contest, files: Iterable[EvidenceFile]) -> tuple[tuple[str, str], ...]:
    """``(name, url)`` of each file the user may open, for :class:`Provenance.evidence`."""
    return tuple((f.name, f.get_absolute_url()) for f in visible(user, contest, files))


def _evidence_pk(contest, url: str) -> int | None:
    try:
        match = resolve(url)
    except Resolver404:
        return None
    if match.view_name != "evidence:file" or match.kwargs.get("slug") != contest.slug:
        return None
    return match.kwargs["pk"]


def links(user, contest, given: Iterable[tuple[str, str]]) -> list[EvidenceLink]:
    """The links to show: files of this contest the user may open, photos with their
    thumbnails; files the user may not open left out; any other link as given."""
    given = list(given)
    pks = {url: _evidence_pk(contest, url) for _, url in given}
    rows = {
        f.pk: f
        for f in EvidenceFile.objects.filter(
            contest=contest, pk__in=[pk for pk in pks.values() if pk is not None]
        )
    }
    roles = roles_of(user, contest) if rows else set()
    out = []
    for name, url in given:
        pk = pks[url]
        if pk is None:  # not a file of this contest: the app's own link, shown as given
            out.append(EvidenceLink(name, url))
            continue
        row = rows.get(pk)
        if row is None:
            continue
        row.contest = contest
        if may_see(user, contest, row, roles):
            out.append(EvidenceLink(name, url, row.thumb_url()))
    return out
