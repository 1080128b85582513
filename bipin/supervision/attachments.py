"""Which supervision records' files a user may open (bipin.evidence.access asks).

An office member sees the files of the records it keeps or reviews; an entrant
viewer those of its own approved records; the organizer already sees all.
"""

from __future__ import annotations

from bipin.supervision.access import office_of
from bipin.supervision.models import Record


def may_see(user, contest, evidence) -> bool:
    records = list(Record.objects.filter(contest=contest, files__evidence=evidence))
    if not records:
        return False
    office = office_of(user, contest)
    return any(office.may_read(r) for r in records)
