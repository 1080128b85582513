"""Supervision records for the engine, and where each came from.

Only approved records that no approved correction replaces count: a
correction waiting for review leaves the old record counting. The engine
applies the leaf's cap; ``ref`` is "supervision:<pk>".
"""

from __future__ import annotations

from django.urls import reverse

from bipin.contests.models import Contest
from bipin.contests.provenance import Provenance
from bipin.evidence.provenance import pairs, person, stamp
from bipin.scoring import Observation, Source
from bipin.supervision import access
from bipin.supervision.models import Record
from bipin.supervision.services import counting

PREFIX = "supervision:"
REF_LABELS = {"supervision": ("日常监督记录#{}", "supervision record #{}")}


def collect(contest: Contest) -> list[Observation]:
    rows = (
        counting(Record.objects.filter(contest=contest))
        .order_by("pk")
        .values_list("pk", "entrant_id", "item", "amount")
    )
    return [
        Observation(
            entrant=str(entrant_id),
            source=Source.SUPERVISION,
            item=item,
            value=None if amount is None else float(amount),
            ref=f"{PREFIX}{pk}",
        )
        for pk, entrant_id, item, amount in rows
    ]


def _who(user, at) -> str:
    return f"{person(user)} · {stamp(at)}"


def provenance(contest: Contest, refs: list[str], user) -> dict[str, Provenance]:
    ids = {
        int(r[len(PREFIX) :]): r
        for r in refs
        if r.startswith(PREFIX) and r[len(PREFIX) :].isdigit()
    }
    if not ids:
        return {}
    office = access.office_of(user, contest) if user.is_authenticated else None
    out = {}
    for rec in Record.objects.filter(contest=contest, pk__in=ids).select_related(
        "entered_by", "reviewed_by"
    ):
        facts = [
            ("文号", rec.doc_number or "—"),
            ("日期", rec.date.isoformat()),
            ("事由", rec.reason),
            ("录入", _who(rec.entered_by, rec.entered_at)),
            ("审核通过", _who(rec.reviewed_by, rec.reviewed_at)),
        ]
        if rec.supersedes_id:
            facts.append(("更正", f"更正记录#{rec.supersedes_id}:{rec.correction_reason}"))
        readable = office is not None and office.may_read(rec)
        url = reverse("supervision:record", args=[contest.slug, rec.pk]) if readable else ""
        out[ids[rec.pk]] = Provenance(
            ref=ids[rec.pk],
            title=f"日常监督 · {rec.item}",
            facts=tuple(facts),
            url=url,
            evidence=evidence_links(contest, rec, user) if readable else (),
        )
    return out


def evidence_links(contest: Contest, rec: Record, user) -> tuple[tuple[str, str], ...]:
    """(name, url) of the record's files the user may open."""
    return pairs(user, contest, rec.evidence.all())
