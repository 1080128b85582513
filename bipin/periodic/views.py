"""Reporters' and reviewers' pages: my reports, one report, and its transitions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bipin.contests.access import roles_of
from bipin.contests.models import Role
from bipin.evidence.access import visible
from bipin.periodic import reports
from bipin.periodic.access import periodic_contest, report_place, require, visible_units
from bipin.periodic.errors import PeriodicError
from bipin.periodic.forms import AttachForm
from bipin.periodic.models import Correction, Form, Report, Unit
from bipin.periodic.rollup import state_label, unit_value
from bipin.reporting import review


@login_required
@require_GET
def index(request, slug: str):
    contest = periodic_contest(request.user, slug)
    organizer = Role.ORGANIZER in roles_of(request.user, contest)
    fills, readable = visible_units(request.user, contest)
    rows = []
    names = {u.key: u.name for u in Unit.objects.filter(contest=contest)}
    forms = list(Form.objects.filter(contest=contest).prefetch_related("periods"))
    if not organizer:
        units = list(Unit.objects.filter(pk__in=readable).order_by("order", "pk"))
        found = {
            (r.period_id, r.unit_id): r
            for r in Report.objects.filter(unit__in=units, period__form__in=forms)
        }
        for form in forms:
            for period in form.periods.all():
                for u in units:
                    if u.level != form.level:
                        continue
                    report = found.get((period.pk, u.pk))
                    css, words = state_label(report, names)
                    rows.append(
                        {
                            "form": form,
                            "period": period,
                            "unit": u,
                            "css": css,
                            "words": words,
                            "fill": u.pk in fills,
                            "late": period.overdue() and css in ("none", "draft", "returned"),
                        }
                    )
    return render(
        request,
        "periodic/index.html",
        {"contest": contest, "tab": "index", "organizer": organizer, "forms": forms, "rows": rows},
    )


def _page(request, place, problems=None, typed=None, status=200):
    report = place.report
    values = {v.field_id: v for v in report.values.all()} if report else {}
    numbers = {pk: v.number for pk, v in values.items()}
    typed = typed or {}
    rows = []
    for f in place.form.fields.select_related("numerator", "denominator"):
        v = values.get(f.pk)
        shown = typed.get(
            f.code,
            ""
            if v is None
            else (v.text or ("" if v.number is None else f"{v.number.normalize():f}")),
        )
        computed = unit_value(f, numbers) if f.computed else None
        rows.append(
            {
                "field": f,
                "shown": shown,
                "computed": computed,
                "problem": (problems or {}).get(f.code),
            }
        )
    names = {u.key: u.name for u in place.chain}
    css, words = state_label(report, names)
    pending = review.pending_level(report, report.levels) if report and report.levels else None
    locking = review.locking_level(report, report.levels) if report and report.levels else None
    mine = {u.key for u in place.levels}
    return render(
        request,
        "periodic/report.html",
        {
            "contest": place.contest,
            "tab": "index",
            "organizer": place.organizer,
            "place": place,
            "report": report,
            "rows": rows,
            "css": css,
            "words": words,
            "editable": place.fill and (report is None or review.editable(report)),
            "was_approved": bool(report) and report.review_events.filter(action="approve").exists(),
            "can_approve": pending in mine,
            "can_undo": locking in mine,
            "can_reopen": place.organizer and report is not None and report.state != "draft",
            "events": report.review_events.select_related("actor") if report else [],
            "corrections": Correction.objects.filter(value__report=report).select_related(
                "value__field", "by"
            )
            if report
            else [],
            "names": names,
            "files": visible(request.user, place.contest, report.evidence.all()) if report else [],
            "attach_form": AttachForm(),
            "problems": problems,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report(request, slug: str, form_id: int, period_id: int, unit_id: int):
    place = report_place(request.user, slug, form_id, period_id, unit_id)
    if request.method == "GET":
        return _page(request, place)
    require(place.fill)
    typed = {key[2:]: value for key, value in request.POST.items() if key.startswith("v-")}
    try:
        reports.save_values(
            request.user, place.period, place.unit, typed, reason=request.POST.get("reason", "")
        )
    except PeriodicError as exc:
        place = report_place(request.user, slug, form_id, period_id, unit_id)
        by_field = {p.field: f"{p.zh} / {p.en}" for p in exc.problems}
        messages.error(request, _("未保存:请按提示修改。") + " " + " ".join(by_field.values()))
        return _page(request, place, by_field, typed, status=exc.status)
    messages.success(request, _("已保存。"))
    return redirect(request.path)


def _back(request, place):
    return redirect(
        "periodic:report",
        slug=place.contest.slug,
        form_id=place.form.pk,
        period_id=place.period.pk,
        unit_id=place.unit.pk,
    )


def _run(request, place, action, done: str):
    try:
        action()
    except PeriodicError as exc:
        for p in exc.problems:
            messages.error(request, f"{p.zh} / {p.en}")
    else:
        messages.success(request, done)
    return _back(request, place)


def _level(place, which: str):
    """The chain unit this reviewer acts at: the one awaiting (approve, return) or locking (undo)."""
    report = place.report
    if report is None or not report.levels:
        return None
    key = (
        review.pending_level(report, report.levels)
        if which == "pending"
        else review.locking_level(report, report.levels)
    )
    return next((u for u in place.levels if u.key == key), None)


# What a reviewer's button does: the level it acts at, the domain function, the message.
REVIEW_ACTIONS = {
    "approve": ("pending", reports.approve, _lazy("已审核通过。")),
    "return": ("pending", reports.send_back, _lazy("已退回。")),
    "undo": ("locking", reports.undo, _lazy("已撤销本级审核。")),
}


def _review(request, slug, form_id, period_id, unit_id, action: str):
    place = report_place(request.user, slug, form_id, period_id, unit_id)
    require(place.may_review)
    which, run, done = REVIEW_ACTIONS[action]
    level = _level(place, which)
    if level is None:
        messages.error(request, _("该报表现在不在您这一级审核。") + " / not at your level now")
        return _back(request, place)
    reason = request.POST.get("reason", "")
    return _run(request, place, lambda: run(request.user, place.report, level, reason), str(done))


@login_required
@require_POST
def attach(request, slug: str, form_id: int, period_id: int, unit_id: int):
    place = report_place(request.user, slug, form_id, period_id, unit_id)
    require(place.fill)
    form = AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return _back(request, place)
    return _run(
        request,
        place,
        lambda: reports.attach(request.user, place.period, place.unit, form.cleaned_data["files"]),
        _("已上传佐证材料。"),
    )


@login_required
@require_POST
def submit(request, slug: str, form_id: int, period_id: int, unit_id: int):
    place = report_place(request.user, slug, form_id, period_id, unit_id)
    require(place.fill)
    if place.report is None:
        messages.error(request, _("请先填写并保存数值。") + " / fill in and save the values first")
        return _back(request, place)
    return _run(
        request, place, lambda: reports.submit(request.user, place.report), _("已提交审核。")
    )


@login_required
@require_POST
def approve(request, slug: str, form_id: int, period_id: int, unit_id: int):
    return _review(request, slug, form_id, period_id, unit_id, "approve")


@login_required
@require_POST
def send_back(request, slug: str, form_id: int, period_id: int, unit_id: int):
    return _review(request, slug, form_id, period_id, unit_id, "return")


@login_required
@require_POST
def undo(request, slug: str, form_id: int, period_id: int, unit_id: int):
    return _review(request, slug, form_id, period_id, unit_id, "undo")


@login_required
@require_POST
def reopen(request, slug: str, form_id: int, period_id: int, unit_id: int):
    place = report_place(request.user, slug, form_id, period_id, unit_id)
    require(place.organizer)
    if place.report is None:
        messages.error(request, _("该报表尚未开始填报。") + " / not started")
        return _back(request, place)
    return _run(
        request,
        place,
        lambda: reports.reopen(request.user, place.report, request.POST.get("reason", "")),
        _("已重新打开。"),
    )
