"""Opaque references and labels for entrants on judge and screen pages.

Event-day pages never carry an entrant's database id (in 盲评 the mapping
from code to entrant is the secret); they carry an opaque reference derived
from the site's secret key, and what :class:`Naming` allows: the blind code
until the organizer releases the key.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from bipin.contests.models import Contest, Entrant
from bipin.db import rows
from bipin.judging.models import Stage


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


@dataclass(frozen=True)
class Naming:
    """What an event-day page may call an entrant, and in which order it lists them.

    The one place that decides it: every page, API answer and screen of the
    day asks this object rather than reading ``name`` itself. In 盲评, until
    the organizer releases the key, everyone on these pages (the organizer's
    console included: it is on a screen in the hall) sees codes only, listed
    by code; the names are on the organizer's key page (``judging:labels``)
    and the set-up pages, which are not used in front of the judges.
    """

    hidden: bool

    def label(self, entrant: Entrant) -> str:
        """The short form: a phone's list, the big screen."""
        if self.hidden:
            return entrant.code or NO_CODE
        return entrant.short_name or entrant.name

    def name(self, entrant: Entrant) -> str:
        """The full name for the people who run the day, or the code alone."""
        if self.hidden:
            return entrant.code or NO_CODE
        return entrant.name

    def choice(self, entrant: Entrant) -> str:
        """An entry in a picker or a sheet list: the name and its code, or the code alone."""
        if self.hidden or not entrant.code:
            return self.name(entrant)
        return f"{entrant.name} · {entrant.code}"

    def ordered(self, entrants: Iterable[Entrant]) -> list[Entrant]:
        """A list for display: by code while names are hidden, else as given.

        Registration order would tell a judge that the third row is the third
        sample registered; codes are random, so their order says nothing.
        """
        if not self.hidden:
            return list(entrants)
        return sorted(entrants, key=blind_key)

    def sort_key(self, entrant: Entrant) -> tuple:
        """Where rows about ``entrant`` (sheets) go: by code while hidden, else by registration."""
        return blind_key(entrant) if self.hidden else (entrant.order, entrant.pk)


NO_CODE = "—"


def blind_key(entrant: Entrant) -> tuple[str, str]:
    """Sort key that says nothing about identity: the code, then the opaque ref."""
    return entrant.code, entry_ref(entrant)


def naming(contest: Contest, stage=None) -> Naming:
    """How ``contest``'s event-day pages name entrants now; ``stage`` if already read."""
    if not contest.blind:
        return Naming(hidden=False)
    if stage is None:
        released = Stage.objects.filter(contest=contest).values_list("key_released", flat=True).first()
    else:
        released = stage.key_released
    return Naming(hidden=not released)
