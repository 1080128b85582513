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
import re

from django.conf import settings

from bipin.contests.models import Contest, Entrant
from bipin.db import rows


@functools.lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    return hashlib.sha256(("bipin.judging.entry" + secret).encode()).digest()


_REF_LENGTH = 16
_REF_SHAPE = re.compile(f"[0-9a-f]{{{_REF_LENGTH}}}")


def _ref(contest_id: int, entrant_id: int) -> str:
    msg = f"{contest_id}:{entrant_id}".encode()
    return hmac.new(_key(settings.SECRET_KEY), msg, hashlib.sha256).hexdigest()[:_REF_LENGTH]


def entry_ref(entrant: Entrant) -> str:
    return _ref(entrant.contest_id, entrant.pk)


# (contest id, ref) -> entrant id, learnt from earlier lookups. A ref is a pure
# function of the two ids, so this can never be wrong, only incomplete: the row
# itself is always read from the database, and a deleted entrant is not found.
_REF_IDS: dict[tuple[int, str], int] = {}
_REF_IDS_MAX = 200_000
_FIELDS = ("id", "group", "name", "short_name", "code", "order")


def entrant_by_ref(contest: Contest, ref: str) -> Entrant | None:
    """The entrant behind ``ref``, or None; ``ref`` may be anything a request sent."""
    # Only a ref's own shape reaches the comparison: compare_digest refuses
    # non-ASCII text, and nothing else can match anyway.
    if not isinstance(ref, str) or not _REF_SHAPE.fullmatch(ref):
        return None
    known = _REF_IDS.get((contest.pk, ref))
    if known is not None:
        found = rows.select(Entrant, _FIELDS, {"contest": contest.pk, "id": known})
        if found:
            return _entrant(contest, found[0])
    # A contest has tens to hundreds of entrants; hashing each id is cheaper
    # than keeping a lookup table in the database in step with the entrant list.
    if len(_REF_IDS) > _REF_IDS_MAX:
        _REF_IDS.clear()
    match = None
    for row in rows.select(Entrant, _FIELDS, {"contest": contest.pk}):
        row_ref = _ref(contest.pk, row[0])
        _REF_IDS[(contest.pk, row_ref)] = row[0]
        if hmac.compare_digest(row_ref, ref):
            match = _entrant(contest, row)
    return match


def _entrant(contest: Contest, row: tuple) -> Entrant:
    pk, group_id, name, short_name, code, order = row
    return Entrant(contest=contest, pk=pk, group_id=group_id, name=name, short_name=short_name,
                   code=code, order=order)


def hides_names(contest: Contest, stage) -> bool:
    return contest.blind and not stage.key_released


def entry_label(entrant: Entrant, hidden: bool) -> str:
    if hidden:
        return entrant.code
    return entrant.short_name or entrant.name
