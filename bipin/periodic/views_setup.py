"""The organizer's pages: the hierarchy, its people, forms and the progress board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bipin.contests.access import organizer_contest
from bipin.contests.forms import UploadForm
from bipin.contests.uploads import import_upload, pop_problems
from bipin.judging.engine import contest_scheme
from bipin.periodic import setup, units
from bipin.periodic.access import organizer_field, organizer_form, organizer_person, organizer_unit
from bipin.periodic.errors import PeriodicError, Problem
from bipin.periodic.forms import FieldForm, FormForm, MapForm, PeriodsForm, PersonForm, UnitForm
from bipin.periodic.models import Unit, UnitPerson
from bipin.periodic.rollup import county_periods, state_label
from bipin.scoring import Source


def _refused(request, exc: PeriodicError) -> None:
    for p in exc.problems:
        messages.error(request, f"{p.zh} / {p.en}")


def _tree(contest) -> list[tuple[Unit, int]]:
    """Units in hierarchy order with their depth, for an indented list."""
    children: dict[int | None, list[Unit]] = {}
    for u in Unit.objects.filter(contest=contest).select_related("entrant"):
        children.setdefault(u.parent_id, []).append(u)
    out, stack = [], [(u, 0) for u in reversed(children.get(None, []))]
    while stack:
        unit, depth = stack.pop()
        out.append((unit, depth))
        stack.extend((c, depth + 1) for c in reversed(children.get(unit.pk, [])))
    return out


@login_required
@require_http_methods(["GET", "POST"])
def unit_list(request, slug: str):
    contest = organizer_contest(request.user, slug)
    form = UnitForm(request.POST or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        try:
            units.add_unit(request.user, contest, **form.cleaned_data)
        except PeriodicError as exc:
            _refused(request, exc)
        else:
            messages.success(
                request, _("已添加单位“%(name)s”。") % {"name": form.cleaned_data["name"]}
            )
            return redirect("periodic:units", slug=slug)
    people: dict[int, list[UnitPerson]] = {}
    for p in UnitPerson.objects.filter(unit__contest=contest).select_related("user"):
        people.setdefault(p.unit_id, []).append(p)
    rows = [(u, depth, people.get(u.pk, [])) for u, depth in _tree(contest)]
    return render(
        request,
        "periodic/units.html",
        {
            "contest": contest,
            "tab": "units",
            "rows": rows,
            "form": form,
            "upload": UploadForm(),
            "person_form": PersonForm(),
            "problems": pop_problems(request),
        },
    )


@login_required
@require_POST
def unit_import(request, slug: str):
    contest = organizer_contest(request.user, slug)
    import_upload(
        request,
        lambda up: units.import_units(request.user, contest, up.data, up.name, sheet=up.sheet),
        _("已导入 %(n)s 个单位。"),
        _("文件有误,未导入任何单位。请按下列提示修改后重新上传。"),
    )
    return redirect("periodic:units", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, slug: str, unit_id: int):
    unit = organizer_unit(request.user, slug, unit_id)
    initial = {
        "name": unit.name,
        "level": unit.level,
        "parent": unit.parent_id,
        "entrant": unit.entrant_id,
    }
    form = UnitForm(request.POST or None, contest=unit.contest, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            units.update_unit(request.user, unit, **form.cleaned_data)
        except PeriodicError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("periodic:units", slug=slug)
    return render(
        request,
        "periodic/unit_edit.html",
        {"contest": unit.contest, "tab": "units", "unit": unit, "form": form},
    )


@login_required
@require_POST
def unit_delete(request, slug: str, unit_id: int):
    unit = organizer_unit(request.user, slug, unit_id)
    try:
        units.delete_unit(request.user, unit)
    except PeriodicError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已删除单位“%(name)s”。") % {"name": unit.name})
    return redirect("periodic:units", slug=slug)


@login_required
@require_POST
def unit_person(request, slug: str, unit_id: int):
    unit = organizer_unit(request.user, slug, unit_id)
    form = PersonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写用户名和职责。"))
        return redirect("periodic:units", slug=slug)
    user = get_user_model().objects.filter(username=form.cleaned_data["username"].strip()).first()
    try:
        if user is None:
            raise PeriodicError([Problem("username", "没有这个用户名", "no such username")])
        units.assign(request.user, unit, user, form.cleaned_data["duty"])
    except PeriodicError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已指定。"))
    return redirect("periodic:units", slug=slug)


@login_required
@require_POST
def person_remove(request, slug: str, person_id: int):
    person = organizer_person(request.user, slug, person_id)
    units.unassign(request.user, person)
    messages.success(request, _("已取消。"))
    return redirect("periodic:units", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def form_create(request, slug: str):
    contest = organizer_contest(request.user, slug)
    form = FormForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = setup.create_form(request.user, contest, **form.cleaned_data)
        except PeriodicError as exc:
            _refused(request, exc)
        else:
            return redirect("periodic:form", slug=slug, form_id=created.pk)
    levels = sorted(set(Unit.objects.filter(contest=contest).values_list("level", flat=True)))
    return render(
        request,
        "periodic/form_create.html",
        {"contest": contest, "tab": "forms", "form": form, "levels": levels},
    )


@login_required
@require_GET
def form_detail(request, slug: str, form_id: int):
    sheet = organizer_form(request.user, slug, form_id)
    scheme = contest_scheme(sheet.contest)
    # A derived leaf is computed: a field feeds one of its inputs, never the leaf itself.
    leaves = list(
        dict.fromkeys(
            name
            for n in (scheme.leaves(Source.DATA) if scheme else [])
            for name in (n.formula.inputs if n.formula is not None else (n.id,))
        )
    )
    board = _board(sheet)
    return render(
        request,
        "periodic/form.html",
        {
            "contest": sheet.contest,
            "tab": "forms",
            "sheet": sheet,
            "fields": sheet.fields.select_related("numerator", "denominator"),
            "periods": board["periods"],
            "board": board["rows"],
            "leaves": leaves,
            "field_form": FieldForm(),
            "periods_form": PeriodsForm(),
            "map_form": MapForm(),
        },
    )


def _board(sheet) -> dict:
    """Per reporting unit, each period's state; overdue where a deadline passed unapproved."""
    periods = list(sheet.periods.all())
    cells: dict[int, dict[int, dict]] = {}
    names = {u.key: u.name for u in Unit.objects.filter(contest=sheet.contest)}
    order: list = []
    for cp in county_periods(sheet, periods):
        for u in cp.units:
            if u.pk not in cells:
                cells[u.pk] = {}
                order.append((cp.county, u))
            report = cp.reports.get(u.pk)
            css, words = state_label(report, names)
            late = cp.period.overdue() and css in ("none", "draft", "returned")
            cells[u.pk][cp.period.pk] = {
                "css": css,
                "words": words,
                "late": late,
                "period": cp.period,
            }
    rows = [(county, u, [cells[u.pk][p.pk] for p in periods]) for county, u in order]
    return {"periods": periods, "rows": rows}


def _apply(request, form, run, done, invalid: str) -> None:
    """Run ``run(cleaned_data)`` for a valid page form; say what happened either way."""
    if not form.is_valid():
        messages.error(request, invalid)
        return
    try:
        result = run(form.cleaned_data)
    except PeriodicError as exc:
        _refused(request, exc)
    else:
        messages.success(request, done(result))


@login_required
@require_POST
def field_add(request, slug: str, form_id: int):
    sheet = organizer_form(request.user, slug, form_id)
    _apply(
        request,
        FieldForm(request.POST),
        lambda data: setup.add_field(request.user, sheet, **data),
        lambda field: _("已添加字段“%(f)s”。") % {"f": field.label},
        _("请填写代号、名称和类型。"),
    )
    return redirect("periodic:form", slug=slug, form_id=form_id)


@login_required
@require_POST
def periods_add(request, slug: str, form_id: int):
    sheet = organizer_form(request.user, slug, form_id)
    _apply(
        request,
        PeriodsForm(request.POST),
        lambda data: setup.add_periods(request.user, sheet, **data),
        lambda added: _("已开放 %(n)s 期。") % {"n": len(added)},
        _("请填写开始、结束期别和截止天数(0–366)。"),
    )
    return redirect("periodic:form", slug=slug, form_id=form_id)


@login_required
@require_POST
def field_map(request, slug: str, form_id: int, field_id: int):
    field = organizer_field(request.user, slug, form_id, field_id)
    _apply(
        request,
        MapForm(request.POST),
        lambda data: setup.map_field(request.user, field, **data),
        lambda _field: _("已保存“%(f)s”对应的指标。") % {"f": field.label},
        _("各期合并方式须为 sum、last 或 mean。"),
    )
    return redirect("periodic:form", slug=slug, form_id=form_id)
