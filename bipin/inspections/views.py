"""Pages of 实地核查: the inspector's phone, the team's list, the organizer's
list of findings, a finding's page with its history, and the entrant's 反馈.

The phone page talks to the JSON API (bipin.inspections.api); these views
render pages, check access through bipin.inspections.access and hand POSTs to
the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bipin.contests.access import own_entrant
from bipin.contests.models import Role
from bipin.contests.params import whole_number
from bipin.inspections import access, services
from bipin.inspections.models import Appeal, Finding, Round, Team
from bipin.inspections.phrases import RECORD
from bipin.inspections.views_setup import show_problems
from bipin.judging.phrases import for_page
from bipin.judging.services import JudgingError

PAGE_SIZE = 50


def _api_urls(slug: str) -> dict[str, str]:
    return {
        "visits": reverse("inspections:api_visits", args=[slug]),
        "submit": reverse("inspections:api_findings", args=[slug]),
    }


@login_required
@require_GET
def record(request, slug: str):
    """The inspector's phone page (记录问题): everything else happens in record.js."""
    contest = access.inspector_contest(request.user, slug)
    return render(
        request,
        "inspections/record.html",
        {
            "contest": contest,
            "api": _api_urls(slug),
            "has_visits": access.my_visits(request.user, contest).exists(),
            "phrases": for_page(RECORD),
        },
    )


def _with_photos(qs):
    return qs.prefetch_related("photos__contest")


@login_required
@require_GET
def team_findings(request, slug: str):
    """本组问题: every inspector sees the team's findings; the leader confirms or returns them."""
    contest = access.inspector_contest(request.user, slug)
    # What waits for the leader comes first: after a season of confirmed findings the
    # unconfirmed ones would otherwise sit on the last page (statuses sort by name).
    waiting_first = Case(When(status=Finding.Status.RECORDED, then=0), default=1)
    findings = _with_photos(
        access.team_findings(request.user, contest)
        .select_related("round", "team", "entrant", "recorded_by")
        .order_by(waiting_first, "status", "-recorded_at", "-pk")
    )
    led = set(
        Team.objects.filter(
            round__contest=contest, members__user=request.user, members__is_leader=True
        ).values_list("pk", flat=True)
    )
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "inspections/team_findings.html", {"contest": contest, "page": page, "led": led}
    )


FILTERS = ("round", "team", "entrant", "category", "severity", "status")


def _filtered(contest, params) -> tuple:
    qs = Finding.objects.filter(contest=contest)
    chosen = {}
    for name in ("round", "team", "entrant"):
        pk = whole_number(params.get(name, ""))
        if pk is not None:
            qs = qs.filter(**{f"{name}_id": pk})
            chosen[name] = pk
    for name in ("category", "severity", "status"):
        value = (params.get(name) or "").strip()[:100]
        if value:
            qs = qs.filter(**{name: value})
            chosen[name] = value
    return qs, chosen


def _distinct(qs, column: str) -> list[str]:
    """The values a filter may offer, read as the database's DISTINCT (not every row)."""
    return list(
        qs.exclude(**{column: ""}).order_by(column).values_list(column, flat=True).distinct()
    )


@login_required
@require_GET
def findings(request, slug: str):
    """The organizer's list: every finding, filtered and paged, withdrawn ones included."""
    contest = access.organizer_contest(request.user, slug)
    qs, chosen = _filtered(contest, request.GET)
    qs = _with_photos(
        qs.select_related("round", "team", "entrant", "recorded_by").order_by("-recorded_at", "-pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in chosen.items())
    values = Finding.objects.filter(contest=contest)
    return render(
        request,
        "inspections/findings.html",
        {
            "contest": contest,
            "page": page,
            "chosen": chosen,
            "query": query,
            "rounds": Round.objects.filter(contest=contest),
            "teams": Team.objects.filter(round__contest=contest).select_related("round"),
            "entrants": contest.entrants.all(),
            "categories": _distinct(values, "category"),
            "severities": _distinct(values, "severity"),
            "statuses": Finding.Status.choices,
            "pending": Appeal.objects.filter(
                finding__contest=contest, decision=Appeal.Decision.PENDING
            ).select_related("finding__entrant", "filed_by"),
        },
    )


@login_required
@require_GET
def feedback(request, slug: str):
    """反馈: the entrant's own confirmed findings, and the 申辩 it may still file."""
    contest = access.entrant_contest(request.user, slug)
    qs = _with_photos(
        access.entrant_findings(request.user, contest)
        .select_related("round", "team")
        .prefetch_related("appeals")
        .order_by("-confirmed_at", "-pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/feedback.html",
        {
            "contest": contest,
            "page": page,
            "entrant": own_entrant(request.user, contest),
            "visits": access.entrant_visits(request.user, contest),
            "now": timezone.now(),
        },
    )


@login_required
@require_GET
def finding(request, slug: str, finding_id: int):
    """One finding with its history: recorded, confirmed, appeals, withdrawal."""
    contest = access.contest_for_findings(request.user, slug)
    found, roles = access.finding_for(request.user, contest, finding_id)
    appeals = list(found.appeals.select_related("filed_by", "decided_by"))
    now = timezone.now()
    is_own_entrant = (
        Role.ENTRANT_VIEWER in roles and own_entrant(request.user, contest) == found.entrant
    )
    return render(
        request,
        "inspections/finding.html",
        {
            "contest": contest,
            "f": found,
            "appeals": appeals,
            "roles": roles,
            "is_organizer": Role.ORGANIZER in roles,
            "is_leader": services.is_leader(request.user, found.team),
            "may_withdraw": found.status != Finding.Status.WITHDRAWN
            and services.may_withdraw(request.user, found, roles),
            "may_appeal": is_own_entrant
            and found.status == Finding.Status.CONFIRMED
            and now <= found.appeal_deadline
            and not any(a.decision == Appeal.Decision.PENDING for a in appeals),
            "window_closed": is_own_entrant
            and found.appeal_deadline is not None
            and now > found.appeal_deadline,
            "photos": list(found.photos.all()),
        },
    )


def _act(request, slug: str, finding_id: int, allowed_roles, do) -> object:
    contest = access.contest_for(request.user, slug, allowed_roles)
    found, roles = access.finding_for(request.user, contest, finding_id)
    try:
        do(found, roles)
        messages.success(request, _("已保存。"))
    except JudgingError as exc:
        show_problems(request, exc)
    target = request.POST.get("next", "")
    allowed = {
        reverse("inspections:team_findings", args=[slug]),
        reverse("inspections:findings", args=[slug]),
    }
    return redirect(
        target if target in allowed else reverse("inspections:finding", args=[slug, found.pk])
    )


@login_required
@require_POST
def confirm(request, slug: str, finding_id: int):
    return _act(
        request,
        slug,
        finding_id,
        access.INSPECTORS,
        lambda f, roles: services.confirm_finding(request.user, f),
    )


@login_required
@require_POST
def send_back(request, slug: str, finding_id: int):
    return _act(
        request,
        slug,
        finding_id,
        access.INSPECTORS,
        lambda f, roles: services.return_finding(request.user, f, request.POST.get("reason", "")),
    )


@login_required
@require_POST
def withdraw(request, slug: str, finding_id: int):
    return _act(
        request,
        slug,
        finding_id,
        access.WITHDRAWERS,
        lambda f, roles: services.withdraw_finding(
            request.user, f, request.POST.get("reason", ""), roles=roles
        ),
    )


@login_required
@require_POST
def appeal(request, slug: str, finding_id: int):
    return _act(
        request,
        slug,
        finding_id,
        access.ENTRANTS,
        lambda f, roles: services.file_appeal(request.user, f, request.POST.get("text", "")),
    )


@login_required
@require_POST
def decide(request, slug: str, appeal_id: int):
    contest = access.organizer_contest(request.user, slug)
    found = access.appeal_in(contest, appeal_id)
    try:
        services.decide_appeal(
            request.user, found, request.POST.get("decision", ""), request.POST.get("reason", "")
        )
        messages.success(request, _("已裁定。"))
    except JudgingError as exc:
        show_problems(request, exc)
    return redirect("inspections:finding", slug=slug, finding_id=found.finding_id)
