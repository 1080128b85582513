"""Where each value on a report card came from, as the card shows it.

The engine's explanation carries each record's ``ref``; every app answers for
the refs of its own kinds (bipin.contests.provenance), and only with what the
viewer may see: a record's page link only for someone who may open it,
evidence files only those the viewer may open (checked again here).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bipin.contests.provenance import provenance_of
from bipin.evidence.provenance import EvidenceLink, links


@dataclass(frozen=True)
class Shown:
    """One record's provenance line on the card."""

    title: str
    facts: tuple[tuple[str, str], ...] = ()
    url: str = ""
    evidence: list[EvidenceLink] = field(default_factory=list)


def _nodes(nodes: Iterable) -> Iterable:
    for node in nodes:
        yield node
        yield from _nodes(node.children)


def attach(tree: list, contest, viewer) -> None:
    """Give each record row of the card's tree its provenance (``row["provenance"]``)."""
    nodes = list(_nodes(tree))
    refs = {r.get("ref") for n in nodes for r in n.records if r.get("ref")}
    if not refs:
        return
    found = provenance_of(contest, refs, viewer)
    # One look at the files of the whole card, not one per record.
    given = list(dict.fromkeys(pair for p in found.values() for pair in p.evidence))
    allowed = {(e.name, e.url): e for e in links(viewer, contest, given)}
    shown = {
        ref: Shown(
            p.title,
            tuple(p.facts),
            p.url,
            [allowed[pair] for pair in p.evidence if pair in allowed],
        )
        for ref, p in found.items()
    }
    for node in nodes:
        node.records = [
            {**r, "provenance": shown[r["ref"]]} if r.get("ref") in shown else r
            for r in node.records
        ]
