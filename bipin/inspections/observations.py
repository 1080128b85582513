"""Findings for the engine, and where each one came from.

One observation per counting finding (confirmed and not withdrawn): source
inspection, item the scheme leaf, category and severity for the rule's price
table, value None (the rule prices the finding), ref "finding:<pk>".
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from bipin.contests.models import Contest
from bipin.contests.provenance import Provenance
from bipin.inspections.access import may_see_finding
from bipin.inspections.models import Appeal, Finding
from bipin.scoring import Observation, Source

PREFIX = "finding:"


def collect(contest: Contest) -> list[Observation]:
    rows = (
        Finding.objects.filter(contest=contest, status=Finding.Status.CONFIRMED)
        .order_by("pk")
        .values_list("pk", "entrant_id", "item", "category", "severity")
    )
    return [
        Observation(
            entrant=str(entrant_id),
            source=Source.INSPECTION,
            item=item,
            value=None,
            category=category or None,
            severity=severity or None,
            ref=f"{PREFIX}{pk}",
        )
        for pk, entrant_id, item, category, severity in rows
    ]


def _who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _when(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""


def _photos(finding: Finding, allowed: bool) -> tuple[tuple[str, str], ...]:
    if not allowed:
        return ()
    return tuple((p.name, p.get_absolute_url()) for p in finding.photos.all())


def provenance(contest: Contest, refs, user) -> dict:
    ids = {}
    for ref in refs:
        if ref.startswith(PREFIX) and ref[len(PREFIX) :].isascii() and ref[len(PREFIX) :].isdigit():
            ids[int(ref[len(PREFIX) :])] = ref
    if not ids:
        return {}
    findings = (
        Finding.objects.filter(contest=contest, pk__in=ids)
        .select_related(
            "contest", "round", "team", "entrant", "recorded_by", "confirmed_by", "withdrawn_by"
        )
        .prefetch_related("photos")
    )
    decided = {}
    for a in (
        Appeal.objects.filter(finding__in=ids)
        .exclude(decision=Appeal.Decision.PENDING)
        .select_related("decided_by")
        .order_by("decided_at")
    ):
        decided[a.finding_id] = a
    out = {}
    for f in findings:
        facts = [
            ("核查轮次", f.round.name),
            ("核查组", f.team.name),
            ("记录人", _who(f.recorded_by)),
            ("记录时间", _when(f.recorded_at)),
        ]
        if f.site:
            facts.append(("村/户", f.site))
        if f.confirmed_by_id:
            facts += [("确认人(组长)", _who(f.confirmed_by)), ("确认时间", _when(f.confirmed_at))]
        appeal = decided.get(f.pk)
        if appeal is not None:
            facts.append(
                (
                    "申辩裁定",
                    f"{appeal.get_decision_display()}({_who(appeal.decided_by)},"
                    f"{_when(appeal.decided_at)}):{appeal.reason}",
                )
            )
        if f.withdrawn_by_id:
            facts.append(
                ("撤销", f"{_who(f.withdrawn_by)},{_when(f.withdrawn_at)}:{f.withdraw_reason}")
            )
        allowed = may_see_finding(user, f)
        title = "实地核查问题:" + " · ".join(x for x in (f.category, f.severity) if x)
        out[ids[f.pk]] = Provenance(
            ref=ids[f.pk],
            title=title,
            facts=tuple(facts),
            url=reverse("inspections:finding", args=[contest.slug, f.pk]) if allowed else "",
            evidence=_photos(f, allowed),
        )
    return out


# How a finding's ref reads where the engine refuses it (bipin.results.engine.ref_labels).
REF_LABELS = {"finding": ("实地核查问题{}", "finding {}")}
