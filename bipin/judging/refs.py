"""Opaque references and labels for entrants on judge and screen pages.

Judge and big-screen pages never carry an entrant's name or database id (in
盲评 the mapping from code to entrant is the secret); they carry an opaque
reference derived from the site's secret key, and a label that is the blind
code until the organizer releases the key.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

from bipin.contests.models import Contest, Entrant


def entry_ref(entrant: Entrant) -> str:
    return salted_hmac("bipin.judging.entry", f"{entrant.contest_id}:{entrant.pk}").hexdigest()[:16]


def entrant_by_ref(contest: Contest, ref: str) -> Entrant | None:
    # A contest has tens of entrants, so hashing each is cheaper than a table.
    for entrant in contest.entrants.all():
        if entry_ref(entrant) == ref:
            return entrant
    return None


def hides_names(contest: Contest, stage) -> bool:
    return contest.blind and not stage.key_released


def entry_label(entrant: Entrant, hidden: bool) -> str:
    if hidden:
        return entrant.code
    return entrant.short_name or entrant.name
