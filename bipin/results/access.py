"""Who may see which results — the embargo is enforced here.

Before a release only organizers see figures. After a release an entrant
viewer sees its own unit's report card of the released snapshot, nobody
else's; judges, inspectors and department staff see no results here at all.
The public notice (公示) is readable by anyone once published and begun.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from bipin.contests.access import contest_for, organizer_contest, own_entrant, roles_of
from bipin.contests.models import Contest, Entrant, Role
from bipin.results.listing import HEAVY
from bipin.results.models import ImportBatch, ImportedObservation, Release, Snapshot
from bipin.results.services import current_release, latest_snapshot


def snapshot_for_organizer(user, slug: str, number: int | None = None,
                           light: bool = False) -> tuple[Contest, Snapshot]:
    """An organizer's snapshot: the given number or the latest; 404 if none.

    ``light`` leaves its stored JSON unread until used (bipin.results.listing).
    """
    contest = organizer_contest(user, slug)
    if number is None:
        snapshot = (contest.snapshots.defer(*HEAVY).order_by("-number").first() if light
                    else latest_snapshot(contest))
        if snapshot is None:
            raise Http404("no snapshot yet")
        return contest, snapshot
    found = Snapshot.objects.defer(*HEAVY) if light else Snapshot.objects
    return contest, get_object_or_404(found, contest=contest, number=number)


def batch_for_organizer(user, slug: str, batch_id: int) -> ImportBatch:
    contest = organizer_contest(user, slug)
    return get_object_or_404(ImportBatch, contest=contest, pk=batch_id)


def row_for_organizer(user, slug: str, row_id: int) -> ImportedObservation:
    contest = organizer_contest(user, slug)
    return get_object_or_404(ImportedObservation.objects.select_related("batch__contest", "entrant"),
                             batch__contest=contest, pk=row_id)


def release_for_organizer(user, slug: str) -> Release:
    contest = organizer_contest(user, slug)
    release = current_release(contest)
    if release is None:
        raise Http404("not released")
    return release


def report_card_for(user, slug: str, entrant_id: int,
                    number: int | None = None) -> tuple[Contest, Entrant, Snapshot, bool]:
    """The entrant and the snapshot its card shows, plus whether that is the released one.

    Organizers read any card of any snapshot. An entrant viewer reads only its
    own unit's card and only the released snapshot; before release, or for
    another unit, the card does not exist for them (404).
    """
    contest = contest_for(user, slug, [Role.ORGANIZER, Role.ENTRANT_VIEWER])
    entrant = get_object_or_404(Entrant.objects.select_related("group"), contest=contest,
                                pk=entrant_id)
    release = current_release(contest)
    if Role.ORGANIZER in roles_of(user, contest):
        if number is not None:
            return contest, entrant, get_object_or_404(Snapshot, contest=contest, number=number), False
        if release is not None:
            return contest, entrant, release.snapshot, True
        snapshot = latest_snapshot(contest)
        if snapshot is None:
            raise Http404("no snapshot yet")
        return contest, entrant, snapshot, False
    own = own_entrant(user, contest)
    if release is None or own is None or own.pk != entrant.pk or number is not None:
        raise Http404("no such report card")
    return contest, entrant, release.snapshot, True


def viewer_contest(user, slug: str) -> tuple[Contest, Entrant | None, Release | None]:
    """An entrant viewer's landing: its unit and the release, if any."""
    contest = contest_for(user, slug, [Role.ENTRANT_VIEWER])
    return contest, own_entrant(user, contest), current_release(contest)


def notice_for(user, slug: str) -> tuple[Contest, Release, bool]:
    """The public notice, if published and begun; organizers may preview it.

    Returns the contest, the release and whether this is an organizer's preview.
    """
    contest = get_object_or_404(Contest, slug=slug)
    release = current_release(contest)
    if release is None:
        raise Http404("no notice")
    if release.notice_visible():
        return contest, release, False
    if Role.ORGANIZER in roles_of(user, contest):
        return contest, release, True
    raise Http404("no notice")
