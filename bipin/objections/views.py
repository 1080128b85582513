"""公示异议 pages: filing (a unit's and the public's), the list, one objection and
its steps, and the organizer's settings per release.

Thin views: fetch through bipin.objections.access (404/403), call one domain
function, show its refusal in both languages, redirect after a change.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bipin.accounts import throttle
from bipin.contests.params import whole_number
from bipin.evidence.access import visible
from bipin.objections import access, services, targets
from bipin.objections.filers import mask_name, mask_phone
from bipin.objections.forms import AnswerForm, FileForm, NoteForm, PolicyForm, PublicForm
from bipin.objections.models import ANSWERED, OPEN, Outcome, Status
from bipin.rectification.views import attempt
from bipin.results.services import current_release

PAGE_SIZE = 50


def _refused(form, exc: services.JudgingError) -> None:
    """A domain refusal shown at its field, so the rest of the form keeps what was typed."""
    for p in exc.problems:
        form.add_error(p.field if p.field in form.fields else None, f"{p.zh} / {p.en}")


def _filed(request, objection) -> None:
    messages.success(request, _("异议已收到,编号 #%(n)s。组织者答复后可在此查看。") % {
        "n": objection.pk})


@login_required
@require_GET
def objections(request, slug: str):
    """The organizer's whole list (by status), a unit's own, an assignee's work."""
    v = access.viewer(request.user, slug)
    found = access.objections(v)
    status = request.GET.get("status", "")
    counts = {s: found.filter(status=s).count() for s in Status.values}
    if status in Status.values:
        found = found.filter(status=status)
    page = Paginator(found.select_related("entrant", "assignee", "filed_by"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    release = current_release(v.contest)
    return render(request, "objections/list.html", {
        "contest": v.contest, "v": v, "page": page, "counts": counts, "status": status,
        "statuses": Status.choices, "release": release,
        "may_file": v.entrant is not None and release is not None and release.notice_open()})


@login_required
@require_http_methods(["GET", "POST"])
def file(request, slug: str):
    """A unit's objection to its own released result, during the notice."""
    v, release = access.filing(request.user, slug)
    if release is None or not release.notice_open():
        return render(request, "objections/closed.html", {"contest": v.contest, "release": release})
    choices = targets.choices(release, v.entrant)
    form = FileForm(request.POST or None, request.FILES or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            objection = services.file_objection(request.user, release, v.entrant, about=d["about"],
                                                reasons=d["reasons"], files=d["evidence"])
        except services.JudgingError as exc:
            _refused(form, exc)
        else:
            _filed(request, objection)
            return redirect("objections:detail", slug=slug, objection_id=objection.pk)
    return render(request, "objections/file.html", {
        "contest": v.contest, "release": release, "entrant": v.entrant, "form": form},
        status=400 if form.errors else 200)


def _throttle_key(slug: str) -> str:
    return f"objections:public:{slug}"


@require_http_methods(["GET", "POST"])
def public(request, slug: str):
    """The public's form, when the release's policy allows it: no login, throttled by
    address, and showing nothing anyone filed before."""
    contest, release = access.public_filing(slug)
    entrants = list(contest.entrants.select_related("group"))
    chosen = whole_number(request.POST.get("entrant") or request.GET.get("entrant", ""))
    entrant = next((e for e in entrants if e.pk == chosen), None)
    context = {"contest": contest, "release": release, "entrants": entrants, "entrant": entrant,
               "open": release.notice_open()}
    if entrant is None or not context["open"]:
        if request.method == "POST":
            messages.error(request, _("请先选择参评单位。"))
        return render(request, "objections/public.html", context)
    form = PublicForm(request.POST or None, request.FILES or None,
                      choices=targets.choices(release, entrant, public=True))
    if request.method == "POST":
        address = throttle.client_address(request)
        seconds = throttle.wait(_throttle_key(slug), address, page=throttle.PAGE)
        if seconds:
            messages.error(request, _("提交过于频繁,请 %(s)s 秒后再试。") % {"s": seconds})
            return render(request, "objections/public.html", {**context, "form": form}, status=429)
        # Every attempt counts, so the form cannot be used to probe or flood.
        throttle.failed(_throttle_key(slug), address, page=throttle.PAGE)
        if form.is_valid():
            d = form.cleaned_data
            try:
                objection = services.file_objection(
                    None, release, entrant, about=d["about"], reasons=d["reasons"],
                    files=d["evidence"], public_name=d["public_name"],
                    public_phone=d["public_phone"])
            except services.JudgingError as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("异议已收到,编号 #%(n)s。组织者将按您留下的电话联系您。")
                                 % {"n": objection.pk})
                return redirect("objections:public", slug=slug)
    return render(request, "objections/public.html", {**context, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_GET
def detail(request, slug: str, objection_id: int):
    v, o = access.objection_for(request.user, slug, objection_id)
    organizer = v.is_organizer
    # Those who must call a member of the public back see the number; no one else.
    show_phone = organizer or o.assignee_id == request.user.pk
    filer = (f"{o.public_name} {o.public_phone}" if show_phone
             else f"{mask_name(o.public_name)} {mask_phone(o.public_phone)}")
    return render(request, "objections/detail.html", {
        "contest": v.contest, "v": v, "o": o,
        "notes": o.notes.select_related("author"),
        "evidence": visible(request.user, v.contest, o.evidence.all()),
        "filer": filer if o.is_public else "",
        "may_note": access.may_note(v, o) and o.status != Status.CLOSED,
        "may_assign": organizer and o.status in OPEN,
        "may_answer": organizer and o.status in OPEN,
        "may_correct": organizer and o.status != Status.CLOSED and not o.correction_id
        and o.outcome != Outcome.NOT_UPHELD,
        "may_close": organizer and o.status == Status.ANSWERED,
        "people": access.assignable(v.contest) if organizer else [],
        "snapshots": (v.contest.snapshots.filter(number__gt=o.release.snapshot.number)
                      .defer("evaluation", "inputs") if organizer else []),
        "answer_form": AnswerForm(), "note_form": NoteForm()})


def _back(slug: str, objection_id: int):
    return redirect("objections:detail", slug=slug, objection_id=objection_id)


@login_required
@require_POST
def assign(request, slug: str, objection_id: int):
    v, o = access.organizing(request.user, slug, objection_id)
    person = access.assignable(v.contest).filter(
        pk=whole_number(request.POST.get("assignee", ""))).first()
    attempt(request, lambda: services.assign(request.user, o, person), _("已交办。"))
    return _back(slug, objection_id)


@login_required
@require_POST
def note(request, slug: str, objection_id: int):
    v, o = access.noting(request.user, slug, objection_id)
    attempt(request, lambda: services.add_note(request.user, o, request.POST.get("note", "")),
            _("调查记录已保存。"))
    return _back(slug, objection_id)


@login_required
@require_POST
def answer(request, slug: str, objection_id: int):
    v, o = access.organizing(request.user, slug, objection_id)
    attempt(request, lambda: services.answer(request.user, o, request.POST.get("outcome", ""),
                                             request.POST.get("answer", "")), _("已答复。"))
    return _back(slug, objection_id)


@login_required
@require_POST
def correct(request, slug: str, objection_id: int):
    v, o = access.organizing(request.user, slug, objection_id)
    number = whole_number(request.POST.get("snapshot", ""), minimum=1)
    snapshot = v.contest.snapshots.filter(number=number).first() if number else None

    def change():
        if snapshot is None:
            raise services.JudgingError([services.Problem(
                "snapshot", "请选择更正后的快照", "choose the corrected snapshot")])
        services.record_correction(request.user, o, snapshot, request.POST.get("correction_reason", ""))

    attempt(request, change, _("更正已记录。"))
    return _back(slug, objection_id)


@login_required
@require_POST
def close(request, slug: str, objection_id: int):
    v, o = access.organizing(request.user, slug, objection_id)
    attempt(request, lambda: services.close(request.user, o), _("已办结。"))
    return _back(slug, objection_id)


@login_required
@require_http_methods(["GET", "POST"])
def policy(request, slug: str):
    """Who may file against the current release, and whether answers are published."""
    v, release = access.releases_for_organizer(request.user, slug)
    current = access.policy_of(release)
    form = PolicyForm(request.POST or None, initial={
        "public_may_file": current.public_may_file, "publish_answers": current.publish_answers})
    if request.method == "POST" and form.is_valid():
        services.set_policy(request.user, release, **form.cleaned_data)
        messages.success(request, _("异议设置已保存。"))
        return redirect("objections:policy", slug=slug)
    found = release.objections.all()
    return render(request, "objections/policy.html", {
        "contest": v.contest, "release": release, "form": form, "today": timezone.localdate(),
        "received": found.count(), "answered": found.filter(status__in=ANSWERED).count()})
