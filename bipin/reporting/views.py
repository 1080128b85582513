"""Pages of the department grids: the board, the grid, its template and upload,
submit, review, reopen, deadlines and the history.

Views fetch through bipin.reporting.access and hand every change to
bipin.reporting.services; a refused grid is shown again with each bad cell
marked and nothing saved.
"""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bipin.contests.access import roles_of
from bipin.contests.models import Role
from bipin.contests.params import BIGGEST
from bipin.contests.uploads import import_upload, pop_problems
from bipin.downloads import download
from bipin.evidence.forms import EvidenceFilesField
from bipin.evidence.refusals import EvidenceRefused
from bipin.reporting import access, board, files, services
from bipin.reporting.evidence import by_cell
from bipin.reporting.grid import Column, Grid
from bipin.reporting.models import ReviewEvent, Value
from bipin.reporting.review import ReviewError, editable
from bipin.reporting.services import Key, ReportingError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _show(request, exc: ReportingError | ReviewError) -> None:
    for p in getattr(exc, "problems", None) or [exc]:
        messages.error(request, f"{p.zh} / {p.en}")


def _back(desk: access.Desk):
    return redirect("reporting:grid", slug=desk.contest.slug, department=desk.grid.department)


@login_required
@require_GET
def index(request, slug: str):
    """The organizer's progress board; a department's own lines for its reporter or reviewer."""
    contest = access.grids_contest(request.user, slug)
    organizer = Role.ORGANIZER in roles_of(request.user, contest)
    mine = None if organizer else access.own_departments(request.user, contest)
    return render(
        request,
        "reporting/index.html",
        {"contest": contest, "organizer": organizer, "lines": board.lines(contest, mine)},
    )


def _posted_cells(request, desk: access.Desk) -> dict[Key, str]:
    """The grid's cells from the form: every cell the grid has, blank when cleared."""
    return {
        key: request.POST.get(services.cell_field(key), "")
        for key in desk.grid.cells
        if services.cell_field(key) in request.POST
    }


def _computed_cell(desk: access.Desk, entrant, leaf, saved: dict) -> dict | None:
    """A derived leaf's value as the saved inputs give it (never what was just typed)."""
    found = desk.grid.computed(entrant.pk, leaf.id, saved)
    if found is None:
        return None
    decimals = desk.grid.decimals
    return {
        "computed": True,
        "value": None if found.value is None else f"{found.value:g}",
        "points": None if found.points is None else f"{found.points:.{decimals}f}",
        "why": found.why,
        "label": f"{entrant.name} {leaf.id}",
    }


def _rows(
    desk: access.Desk, values: dict, posted: dict | None, errors: dict, evidence: dict
) -> list[dict]:
    saved = {k: v.value for k, v in values.items()}
    layout = desk.grid.layout()
    out = []
    for entrant in desk.grid.entrants:
        cells = []
        for column in layout:
            if not isinstance(column, Column):
                cells.append(_computed_cell(desk, entrant, column, saved))
                continue
            key = (entrant.pk, column.id)
            if desk.grid.node(*key) is None:
                cells.append(None)
                continue
            v = values.get(key)
            shown = (
                posted[key]
                if posted is not None and key in posted
                else ("" if v is None else v.text)
            )
            cells.append(
                {
                    "name": services.cell_field(key),
                    "value": shown,
                    "row": v,
                    "error": errors.get(key),
                    "label": f"{entrant.name} {column.id}",
                    "files": evidence.get(key, []),
                }
            )
        out.append(
            {"entrant": entrant, "cells": cells, "files": evidence.get((entrant.pk, ""), [])}
        )
    return out


def _header(grid: Grid) -> list[dict]:
    """Each column's heading; an input says the formula it feeds, a derived leaf its own."""
    out = []
    for column in grid.layout():
        typed = isinstance(column, Column)
        leaf = column.leaf if typed else column
        out.append(
            {
                "id": column.id,
                "content": leaf.content,
                "range": grid.range_text(column),
                "formula": column.formula if typed else f"= {leaf.formula.text}",
                "typed": typed,
            }
        )
    return out


def _grid_page(request, desk: access.Desk, posted=None, errors=None, status=200):
    sub = services.submission_of(desk.contest, desk.grid.department)
    values = services.current_values(sub)
    state_editable = sub is None or editable(sub)
    ctx = {
        "contest": desk.contest,
        "desk": desk,
        "grid": desk.grid,
        "columns": _header(desk.grid),
        "sub": sub,
        "rows": _rows(desk, values, posted, errors or {}, by_cell(desk.contest, sub, request.user)),
        "filled": sum(1 for v in values.values() if v.value is not None),
        "can_edit": desk.reporter and state_editable,
        "can_review": desk.reviewer and sub is not None and sub.state == "submitted",
        "can_correct": desk.reviewer and sub is not None and sub.state == "approved",
        "can_reopen": desk.organizer and sub is not None and sub.state != "draft",
        "problems": pop_problems(request),
        "reason": request.POST.get("reason", "") if posted is not None else "",
        "events": ReviewEvent.objects.filter(submission=sub).select_related("actor") if sub else [],
    }
    ctx["inputs"] = ctx["can_edit"] or ctx["can_correct"]
    ctx["can_attach"] = desk.reviewer or ctx["can_edit"]
    return render(request, "reporting/grid.html", ctx, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def grid(request, slug: str, department: str):
    """The grid: the reporter saves (and may submit), the reviewer corrects after approval."""
    desk = access.desk(request.user, slug, department)
    if request.method == "GET":
        return _grid_page(request, desk)
    sub = services.submission_of(desk.contest, department)
    correcting = sub is not None and sub.state == "approved"
    access.require(desk.reviewer if correcting else desk.reporter)
    posted = _posted_cells(request, desk)
    try:
        if correcting:
            n = services.correct_values(
                request.user, desk.contest, desk.grid, posted, request.POST.get("reason", "")
            )
            messages.success(request, _("已更正 %(n)d 个数值,更正原因已记录。") % {"n": n})
        else:
            n = services.save_values(request.user, desk.contest, desk.grid, posted)
            messages.success(request, _("已保存 %(n)d 个改动的数值。") % {"n": n})
            if request.POST.get("then") == "submit":
                services.submit(request.user, desk.contest, desk.grid)
                messages.success(request, _("已提交审核。"))
    except ReportingError as exc:
        if any(p.key for p in exc.problems):
            for p in exc.problems:
                if p.key is None:
                    messages.error(request, f"{p.zh} / {p.en}")
            messages.error(request, _("有数值不符合要求,未保存任何数值;请按标红的单元格修改。"))
            return _grid_page(request, desk, posted, exc.by_cell(), status=400)
        _show(request, exc)
    except ReviewError as exc:
        _show(request, exc)
    return _back(desk)


@login_required
@require_GET
def template(request, slug: str, department: str):
    desk = access.desk(request.user, slug, department)
    values = services.current_values(services.submission_of(desk.contest, department))
    slug = desk.contest.slug
    return download(files.template(desk.grid, values), XLSX, f"{slug}-{department}-填报表.xlsx",
                    fallback=f"{slug}-grid.xlsx")


@login_required
@require_POST
def upload(request, slug: str, department: str):
    desk = access.desk(request.user, slug, department)
    access.require(desk.reporter)
    import_upload(
        request,
        lambda up: files.import_grid(
            request.user, desk.contest, desk.grid, up.data, up.name, up.sheet
        ),
        _("已导入,%(n)s 个数值有改动。"),
        _("文件有误,未导入任何数据。请按下列提示修改后重新上传。"),
    )
    return _back(desk)


@login_required
@require_POST
def submit(request, slug: str, department: str):
    desk = access.desk(request.user, slug, department)
    access.require(desk.reporter)
    try:
        services.submit(request.user, desk.contest, desk.grid)
        messages.success(request, _("已提交审核。"))
    except (ReportingError, ReviewError) as exc:
        _show(request, exc)
    return _back(desk)


@login_required
@require_POST
def decide(request, slug: str, department: str):
    """The reviewer approves or returns (with a reason) a submitted grid."""
    desk = access.desk(request.user, slug, department)
    access.require(desk.reviewer)
    reason = request.POST.get("reason", "")
    try:
        sub = services.reported(desk.contest, department)
        if request.POST.get("decision") == "approve":
            services.approve(request.user, sub, reason)
            messages.success(request, _("已审核通过,数值计入结果。"))
        elif request.POST.get("decision") == "return":
            services.send_back(request.user, sub, reason)
            messages.success(request, _("已退回填报人。"))
        else:
            raise ReviewError("decision", "请选择通过或退回", "choose approve or return", 400)
    except ReviewError as exc:
        _show(request, exc)
    return _back(desk)


@login_required
@require_POST
def reopen(request, slug: str, department: str):
    desk = access.desk(request.user, slug, department)
    access.require(desk.organizer)
    try:
        services.reopen(
            request.user,
            services.reported(desk.contest, department),
            request.POST.get("reason", ""),
        )
        messages.success(request, _("已重新打开,部门可修改后再次提交。"))
    except ReviewError as exc:
        _show(request, exc)
    return _back(desk)


def _deadline(text: str) -> datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise ReportingError(
            [
                services.Problem(
                    "deadline",
                    f"“{text[:40]}”不是日期时间",
                    f"'{text[:40]}' is not a date and time",
                )
            ]
        ) from None
    return timezone.make_aware(at) if timezone.is_naive(at) else at


@login_required
@require_POST
def deadline(request, slug: str, department: str):
    desk = access.desk(request.user, slug, department)
    access.require(desk.organizer)
    try:
        services.set_deadline(
            request.user, desk.contest, department, _deadline(request.POST.get("deadline"))
        )
        messages.success(request, _("截止时间已保存。"))
    except ReportingError as exc:
        _show(request, exc)
    return redirect("reporting:index", slug=slug)


class EvidenceForm(forms.Form):
    entrant = forms.IntegerField(min_value=1, max_value=BIGGEST)
    item = forms.CharField(required=False, max_length=100)
    files = EvidenceFilesField()


@login_required
@require_POST
def attach(request, slug: str, department: str):
    """佐证材料 for an entrant's row or one cell: the reporter while filling, the reviewer any time."""
    desk = access.desk(request.user, slug, department)
    sub = services.submission_of(desk.contest, department)
    access.require(desk.reviewer or (desk.reporter and (sub is None or editable(sub))))
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return _back(desk)
    try:
        rows = services.attach(
            request.user,
            desk.contest,
            desk.grid,
            form.cleaned_data["entrant"],
            form.cleaned_data["item"],
            form.cleaned_data["files"],
        )
        messages.success(request, _("已上传 %(n)d 个佐证材料。") % {"n": len(rows)})
    except ReportingError as exc:
        _show(request, exc)
    except EvidenceRefused as exc:
        messages.error(request, f"{exc.zh} / {exc.en}")
    return _back(desk)


@login_required
@require_GET
def history(request, slug: str, department: str):
    """Every value ever entered in the grid, newest first, and the review history."""
    desk = access.desk(request.user, slug, department)
    sub = services.submission_of(desk.contest, department)
    rows = (
        Value.objects.filter(submission=sub).select_related("entrant", "entered_by").order_by("-pk")
        if sub
        else []
    )
    events = ReviewEvent.objects.filter(submission=sub).select_related("actor") if sub else []
    return render(
        request,
        "reporting/history.html",
        {"contest": desk.contest, "desk": desk, "sub": sub, "rows": rows, "events": events},
    )
