"""Where a value on a report card came from: who recorded it, when, on what
evidence, and who approved it.

The engine carries each observation's ``ref`` ("finding:12", "dept-value:7")
into the explanation. An app whose ``observations`` module collects records
also offers ``provenance(contest, refs, user)``, answering for the refs of its
own kinds with a :class:`Provenance` each; the report card asks every app
(:func:`provenance_of`) and shows the answers beside the values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bipin.contests.extensions import app_modules


@dataclass(frozen=True)
class Provenance:
    """One record's story, in the words a county reads on its card.

    ``facts`` are (label, value) pairs in the order they happened (记录人,
    记录时间, 审核, …); ``url`` opens the record for a user allowed to see it
    (empty when this user may not); ``evidence`` are (name, url) pairs of
    files the record carries.
    """

    ref: str
    title: str
    facts: tuple[tuple[str, str], ...] = ()
    url: str = ""
    evidence: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def provenance_of(contest, refs: Iterable[str], user) -> dict[str, Provenance]:
    """Each ref's provenance, from the app that recorded it; refs no app knows are left out."""
    wanted = sorted({r for r in refs if r})
    found: dict[str, Provenance] = {}
    for _, module in app_modules("observations"):
        if hasattr(module, "provenance"):
            found.update(module.provenance(contest, wanted, user))
    return found
