"""Opaque references and labels for entrants on judge and screen pages.

Judge and big-screen pages never carry an entrant's name or database id (in
盲评 the mapping from code to entrant is the secret); they carry an opaque
reference derived from the site's secret key, and a label that is the blind
code until the organizer releases the key.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from django.conf import settings

from bipin.contests.models import Contest, Entrant


@functools.lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    return hashlib.sha256(("bipin.judging.entry" + secret).encode()).digest()


def _ref(contest_id: int, entrant_id: int) -> str:
    msg = f"{contest_id}:{entrant_id}".encode()
    return hmac.new(_key(settings.SECRET_KEY), msg, hashlib.sha256).hexdigest()[:16]


def entry_ref(entrant: Entrant) -> str:
    return _ref(entrant.contest_id, entrant.pk)


def entrant_by_ref(contest: Contest, ref: str) -> Entrant | None:
    # A contest has tens to hundreds of entrants; hashing each id is cheaper
    # than keeping a lookup table in step with the entrant list.
    fields = ("pk", "group_id", "name", "short_name", "code", "order")
    for row in contest.entrants.values_list(*fields):
        if hmac.compare_digest(_ref(contest.pk, row[0]), ref):
            return Entrant(contest=contest, **dict(zip(fields, row, strict=True)))
    return None


def hides_names(contest: Contest, stage) -> bool:
    return contest.blind and not stage.key_released


def entry_label(entrant: Entrant, hidden: bool) -> str:
    if hidden:
        return entrant.code
    return entrant.short_name or entrant.name
