"""回头看 charges for the engine: a finding found not rectified or recurred costs again.

For each 回头看 whose outcome the finding's leaf declares under ``recheck``
(e.g. ``{not_rectified: 1}``, 整改不到位的加倍扣分), one inspection
observation repeats the finding (same item, category and severity) with the
declared factor, so the rule prices it as the finding times that factor. An
outcome the scheme does not declare, and any 回头看 of a finding no longer
upheld, costs nothing more.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from bipin.contests.models import Contest
from bipin.contests.provenance import Provenance
from bipin.inspections.models import Finding
from bipin.judging.engine import contest_scheme
from bipin.rectification.models import Recheck
from bipin.scoring import Observation, Source

PREFIX = "recheck:"


def recheck_factors(contest: Contest) -> dict[str, dict[str, float]]:
    """Leaf id → the factor per outcome its ``recheck`` declares (only leaves that declare some)."""
    scheme = contest_scheme(contest)
    if scheme is None:
        return {}
    return {leaf.id: dict(leaf.recheck) for leaf in scheme.leaves() if leaf.recheck}


def _charging(contest: Contest):
    return Recheck.objects.filter(
        round__contest=contest, finding__status=Finding.Status.CONFIRMED
    ).exclude(outcome=Recheck.Outcome.RECTIFIED)


def collect(contest: Contest) -> list[Observation]:
    rechecks = list(_charging(contest).select_related("finding").order_by("pk"))
    if not rechecks:
        return []
    factors = recheck_factors(contest)
    out = []
    for r in rechecks:
        factor = factors.get(r.finding.item, {}).get(r.outcome)
        if factor is None:
            continue
        f = r.finding
        out.append(
            Observation(
                entrant=str(f.entrant_id),
                source=Source.INSPECTION,
                item=f.item,
                value=None,
                factor=float(factor),
                category=f.category or None,
                severity=f.severity or None,
                ref=r.ref,
            )
        )
    return out


def _when(at) -> str:
    return date_format(timezone.localtime(at), "Y-m-d H:i")


def _who(user) -> str:
    return user.get_full_name() or user.get_username()


def provenance(contest: Contest, refs, user) -> dict[str, Provenance]:
    from bipin.rectification import access

    ids = {
        int(r.removeprefix(PREFIX)): r
        for r in refs
        if r.startswith(PREFIX)
        and r.removeprefix(PREFIX).isascii()
        and r.removeprefix(PREFIX).isdigit()
    }
    if not ids:
        return {}
    found = (
        Recheck.objects.filter(round__contest=contest, pk__in=ids)
        .select_related("round", "finding__team", "finding__round", "recorded_by")
        .prefetch_related("evidence")
    )
    try:
        v = access.viewer(user, contest.slug)
        visible = set(
            access.tasks(v).filter(finding__rechecks__in=found).values_list("finding_id", flat=True)
        )
    except (Http404, PermissionDenied):  # this user opens no record
        visible = set()
    out = {}
    for r in found:
        f = r.finding
        task = getattr(f, "rectification", None)
        facts = (
            ("回头看", r.round.name),
            ("结果", str(r.get_outcome_display())),
            (
                "原问题",
                f"{f.round.name} · {f.team.name} · {f.category or f.item} {f.severity}".strip(),
            ),
            ("记录人", _who(r.recorded_by)),
            ("记录时间", _when(r.recorded_at)),
        )
        url = (
            reverse("rectification:task", args=[contest.slug, task.pk])
            if task is not None and f.pk in visible
            else ""
        )
        evidence = (
            tuple(
                (e.name, reverse("evidence:file", args=[contest.slug, e.pk]))
                for e in r.evidence.all()
            )
            if url
            else ()
        )
        out[ids[r.pk]] = Provenance(
            ref=ids[r.pk],
            title=f"回头看:{r.get_outcome_display()}",
            facts=facts,
            url=url,
            evidence=evidence,
        )
    return out
