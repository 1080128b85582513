"""整改台账 pages: the ledger, one task, its actions, the terms and the XLSX export.

Thin views: fetch through bipin.rectification.access (404/403), call one
domain function, show its refusal in both languages, redirect.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bipin.contests.models import Role
from bipin.contests.params import whole_number
from bipin.downloads import download
from bipin.evidence.access import visible
from bipin.inspections.models import Round
from bipin.judging.views import show_problems
from bipin.rectification import access, ledger, services
from bipin.rectification.forms import EvidenceForm
from bipin.rectification.models import OWING, Extension, State, Task

PAGE_SIZE = 50


def _date(raw, field: str, name_zh: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat((raw or "").strip())
    except ValueError:
        raise services.JudgingError(
            [
                services.Problem(
                    field,
                    f"{name_zh}不是有效日期(格式 2026-03-31)",
                    f"{field}: not a date (use 2026-03-31)",
                )
            ]
        ) from None


def _filters(v: access.Viewer, params) -> dict:
    """The list's filters as given: entrant (organizer and inspectors), state, overdue."""
    entrant = whole_number(params.get("entrant", ""))
    state = params.get("state", "")
    return {
        "entrant": entrant if v.entrant is None else None,
        "state": state if state in State.values else "",
        "overdue": params.get("overdue") == "1",
    }


def filtered(v: access.Viewer, f: dict):
    found = access.tasks(v)
    if f["entrant"]:
        found = found.filter(entrant_id=f["entrant"])
    if f["state"]:
        found = found.filter(state=f["state"])
    if f["overdue"]:
        found = found.filter(services.overdue_q())
    return found


@login_required
@require_GET
def tasks(request, slug: str):
    """整改台账: the organizer's whole ledger, an entrant's own, an inspector's teams'."""
    v = access.viewer(request.user, slug)
    f = _filters(v, request.GET)
    visible = access.tasks(v)
    counts = {
        "open": visible.filter(state__in=OWING).count(),
        "overdue": visible.filter(services.overdue_q()).count(),
        "submitted": visible.filter(state=State.SUBMITTED).count(),
    }
    found = (
        filtered(v, f)
        .select_related("entrant", "finding__round", "finding__team")
        .order_by("deadline", "pk")
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    pending = (
        Extension.objects.filter(
            task__in=visible, decision=Extension.Decision.PENDING
        ).select_related("task__entrant", "requested_by")
        if v.is_organizer
        else []
    )
    entrants = v.contest.entrants.order_by("order", "pk") if v.entrant is None else []
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "rectification/tasks.html",
        {
            "contest": v.contest,
            "v": v,
            "page": page,
            "counts": counts,
            "filters": f,
            "states": State.choices,
            "entrants": entrants,
            "pending": pending,
            "query": query.urlencode(),
            "may_export": bool(v.roles & set(access.EXPORTERS)),
            "rechecks": access.recheck_rounds(v) if v.roles & set(access.RECHECKERS) else [],
        },
    )


@login_required
@require_GET
def task(request, slug: str, task_id: int):
    v, t = access.task_for(request.user, slug, task_id)
    finding = t.finding
    return render(
        request,
        "rectification/task.html",
        {
            "contest": v.contest,
            "v": v,
            "task": t,
            "finding": finding,
            "photos": visible(request.user, v.contest, finding.photos.all()),
            "evidence": visible(request.user, v.contest, t.evidence.all()),
            "history": t.transitions.select_related("actor"),
            "extensions": t.extensions.select_related("requested_by", "decided_by"),
            "rechecks": finding.rechecks.select_related("round", "recorded_by").prefetch_related(
                "evidence"
            ),
            "may_answer": access.may_answer(v, t) and t.state in services.ANSWERABLE,
            "may_verify": access.may_verify(v, t) and t.state == State.SUBMITTED,
            "may_close": v.is_organizer and t.state == State.VERIFIED,
            "may_set_deadline": v.is_organizer and t.state not in (State.CLOSED, State.CANCELLED),
            "form": EvidenceForm(),
        },
    )


def _back(slug: str, task_id: int):
    return redirect("rectification:task", slug=slug, task_id=task_id)


def attempt(request, change, done: str) -> bool:
    """Run one domain change; say ``done``, or show its refusal in both languages."""
    try:
        change()
    except services.JudgingError as exc:
        show_problems(request, exc)
        return False
    messages.success(request, done)
    return True


def evidence_uploads(request) -> list | None:
    """The evidence files of a POST, or None (with the refusal shown) when the field refuses them."""
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        return form.cleaned_data["evidence"]
    for error in form.errors.get("evidence", []):
        messages.error(request, error)
    return None


@login_required
@require_POST
def answer(request, slug: str, task_id: int):
    """The entrant saves its 整改措施 (and evidence), or submits them for verification."""
    v, t = access.answering(request.user, slug, task_id)
    files = evidence_uploads(request)
    if files is not None:
        submit = request.POST.get("submit") == "1"
        fields = ("measures", "responsible_unit", "responsible_person", "completion")
        attempt(
            request,
            lambda: services.answer(
                request.user,
                t,
                **{f: request.POST.get(f, "") for f in fields},
                files=files,
                submit=submit,
            ),
            _("已提交,等待核查。") if submit else _("已保存。"),
        )
    return _back(slug, task_id)


@login_required
@require_POST
def verify(request, slug: str, task_id: int):
    v, t = access.verifying(request.user, slug, task_id)
    reason = request.POST.get("reason", "")
    if request.POST.get("decision") == "return":
        attempt(
            request,
            lambda: services.return_task(request.user, t, reason),
            _("已退回,单位须重新整改。"),
        )
    else:
        attempt(request, lambda: services.verify(request.user, t, reason), _("已核查通过。"))
    return _back(slug, task_id)


@login_required
@require_POST
def close(request, slug: str, task_id: int):
    v, t = access.organizing(request.user, slug, task_id)
    attempt(
        request,
        lambda: services.close(request.user, t, request.POST.get("reason", "")),
        _("已销号。"),
    )
    return _back(slug, task_id)


@login_required
@require_POST
def deadline(request, slug: str, task_id: int):
    v, t = access.organizing(request.user, slug, task_id)
    attempt(
        request,
        lambda: services.set_deadline(
            request.user,
            t,
            _date(request.POST.get("deadline"), "deadline", "整改时限"),
            request.POST.get("reason", ""),
        ),
        _("整改时限已调整。"),
    )
    return _back(slug, task_id)


@login_required
@require_POST
def extension(request, slug: str, task_id: int):
    """延期申请 by the entrant."""
    v, t = access.answering(request.user, slug, task_id)
    attempt(
        request,
        lambda: services.request_extension(
            request.user,
            t,
            _date(request.POST.get("new_deadline"), "new_deadline", "申请延至"),
            request.POST.get("reason", ""),
        ),
        _("延期申请已提交,等待组织者审批。"),
    )
    return _back(slug, task_id)


@login_required
@require_POST
def decide(request, slug: str, extension_id: int):
    """The organizer grants or refuses an extension request."""
    ext = access.extension_for(request.user, slug, extension_id)
    grant = request.POST.get("decision") == "grant"
    attempt(
        request,
        lambda: services.decide_extension(request.user, ext, grant, request.POST.get("reason", "")),
        _("已同意延期。") if grant else _("已不同意延期。"),
    )
    if request.POST.get("next") == "task":
        return _back(slug, ext.task_id)
    return redirect("rectification:tasks", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def terms(request, slug: str):
    """整改期限 per inspection round: days from a finding's confirmation."""
    v = access.viewer(request.user, slug, [Role.ORGANIZER])
    rounds = Round.objects.filter(contest=v.contest, kind=Round.Kind.INSPECTION).select_related(
        "rectification_term"
    )
    if request.method == "POST":
        r = rounds.filter(pk=whole_number(request.POST.get("round", ""))).first()
        days = whole_number(request.POST.get("days", ""), maximum=10_000)
        try:
            if r is None:
                raise services.JudgingError(
                    [services.Problem("round", "请选择核查轮次", "choose a round")]
                )
            services.set_term(request.user, r, days)
            messages.success(request, _("整改期限已保存,此后确认的问题按新期限计算。"))
            return redirect("rectification:terms", slug=slug)
        except services.JudgingError as exc:
            show_problems(request, exc)
    listed = [(r, services.term_days(r)) for r in rounds]
    return render(request, "rectification/terms.html", {"contest": v.contest, "rounds": listed})


@login_required
@require_GET
def export(request, slug: str):
    """The ledger as XLSX in the offices' columns; an entrant gets its own tasks."""
    v = access.viewer(request.user, slug, access.EXPORTERS)
    found = Task.objects.filter(contest=v.contest)
    name = f"{v.contest.name}-整改台账"
    if not v.is_organizer:
        found = found.filter(entrant=v.entrant)
        name += f"-{v.entrant.name}" if v.entrant else ""
    return download(ledger.workbook(found), ledger.CONTENT_TYPE, f"{name}.xlsx",
                    fallback=f"{v.contest.slug}-ledger.xlsx")
