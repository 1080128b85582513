"""回头看 pages: a re-check round's team records an outcome for each upheld finding it visits."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bipin.inspections.models import Finding, TeamMember
from bipin.rectification import access, services
from bipin.rectification.forms import EvidenceForm
from bipin.rectification.models import Recheck, Task
from bipin.rectification.observations import recheck_factors
from bipin.rectification.views import attempt, evidence_uploads


@login_required
@require_GET
def rounds(request, slug: str):
    v = access.viewer(request.user, slug, access.RECHECKERS)
    return render(
        request,
        "rectification/recheck_rounds.html",
        {"contest": v.contest, "rounds": access.recheck_rounds(v)},
    )


@login_required
@require_GET
def round_page(request, slug: str, round_id: int):
    """The upheld findings of the entrants this round's team(s) visit, each with its 回头看."""
    v, r = access.recheck_round(request.user, slug, round_id)
    visits = list(access.recheck_visits(v, r))
    findings = (
        Finding.objects.filter(
            contest=v.contest,
            status=Finding.Status.CONFIRMED,
            entrant_id__in=[x.entrant_id for x in visits],
        )
        .exclude(round=r)
        .select_related("entrant", "round", "team")
        .order_by("entrant__order", "entrant_id", "pk")
    )
    done = {c.finding_id: c for c in Recheck.objects.filter(round=r).select_related("recorded_by")}
    tasks = {t.finding_id: t for t in Task.objects.filter(finding__in=findings)}
    factors = recheck_factors(v.contest)
    rows = [
        {
            "finding": f,
            "recheck": done.get(f.pk),
            "task": tasks.get(f.pk),
            "charges": factors.get(f.item, {}),
        }
        for f in findings
    ]
    return render(
        request,
        "rectification/recheck.html",
        {
            "contest": v.contest,
            "round": r,
            "visits": visits,
            "rows": rows,
            "outcomes": Recheck.Outcome.choices,
            "form": EvidenceForm(auto_id=False),  # one upload field per finding on the page
            "may_correct": v.is_organizer,
            "may_record": TeamMember.objects.filter(team__round=r, user=request.user).exists(),
        },
    )


@login_required
@require_POST
def record(request, slug: str, round_id: int, finding_id: int):
    v, r, finding = access.rechecking(request.user, slug, round_id, finding_id)
    files = evidence_uploads(request)
    if files is not None:
        outcome, note = request.POST.get("outcome", ""), request.POST.get("note", "")
        attempt(
            request,
            lambda: services.record_recheck(request.user, r, finding, outcome, note, files),
            _("回头看结果已记录。"),
        )
    return redirect("rectification:recheck", slug=slug, round_id=r.pk)


@login_required
@require_POST
def correct(request, slug: str, round_id: int, finding_id: int):
    """The organizer corrects a mistaken outcome, with a reason."""
    check = access.correcting(request.user, slug, round_id, finding_id)
    outcome, reason = request.POST.get("outcome", ""), request.POST.get("reason", "")
    attempt(
        request,
        lambda: services.correct_recheck(request.user, check, outcome, reason),
        _("回头看结果已更正。"),
    )
    return redirect("rectification:recheck", slug=slug, round_id=round_id)
