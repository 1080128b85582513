"""The supervision record book: office list, entry, review, export, the entrant's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bipin.contests.params import whole_number
from bipin.contests.uploads import import_upload, pop_problems
from bipin.downloads import download
from bipin.evidence import access as evidence_access
from bipin.supervision import access, exports, imports, services
from bipin.supervision.forms import CorrectionForm, RecordForm, SubmitForm
from bipin.supervision.models import Record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _problems(request, form, exc: services.Refused) -> None:
    for p in exc.problems:
        text = f"{p.zh} / {p.en}"
        if p.field in form.fields:
            form.add_error(p.field, text)
        else:
            messages.error(request, text)


def _filtered(request, records):
    """The list's filters: entrant (id), item, status; unknown values filter nothing out silently."""
    chosen = {
        "entrant": whole_number(request.GET.get("entrant", "")),
        "item": request.GET.get("item", ""),
        "status": request.GET.get("status", ""),
    }
    if chosen["entrant"] is not None:
        records = records.filter(entrant_id=chosen["entrant"])
    if chosen["item"]:
        records = records.filter(item=chosen["item"])
    if chosen["status"]:
        records = records.filter(status=chosen["status"])
    return records, chosen


def _rows(records):
    # The lists show only records the viewer may read, and so their files (attachments.py).
    return records.select_related("entrant", "entered_by", "reviewed_by").prefetch_related(
        "corrections", "evidence"
    )


@login_required
@require_GET
def records(request, slug: str):
    contest, office = access.office_contest(request.user, slug)
    visible = office.visible()
    shown, chosen = _filtered(request, visible)
    drafts = shown.filter(status=Record.Status.DRAFT, item__in=office.enters)
    return render(
        request,
        "supervision/records.html",
        {
            "contest": contest,
            "office": office,
            "records": _rows(shown),
            "chosen": chosen,
            "tallies": services.tallies(contest, shown),
            "drafts": set(drafts.values_list("pk", flat=True)),
            "entrants": contest.entrants.all(),
            "items": list(office.leaves),
            "statuses": Record.Status.choices,
            "superseded": set(services.superseded_ids(visible)),
            "problems": pop_problems(request),
        },
    )


def _entry(request, slug, contest, office, form, context, save, done: str):
    """The entry form's GET and POST: ``save()`` returns the record to show next."""
    if request.method == "POST":
        if form.is_valid():
            try:
                rec = save()
            except services.Refused as exc:
                _problems(request, form, exc)
            else:
                messages.success(request, done)
                return redirect("supervision:record", slug=slug, pk=rec.pk)
        status = 400
    else:
        status = 200
    return render(
        request,
        "supervision/entry.html",
        {"contest": contest, "office": office, "form": form, **context},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request, slug: str):
    contest, office = access.clerk_contest(request.user, slug)
    form = RecordForm(
        request.POST or None, request.FILES or None, contest=contest, items=office.enters
    )
    return _entry(
        request,
        slug,
        contest,
        office,
        form,
        {"title": _("新增监督记录")},
        lambda: services.add_record(request.user, contest, form.entry(), files=form.uploads),
        _("已保存为草稿,提交后由审核人审核。"),
    )


@login_required
@require_GET
def record(request, slug: str, pk: int):
    contest, office, rec = access.record_to_read(request.user, slug, pk)
    superseded_by = rec.corrections.filter(status=Record.Status.APPROVED).first()
    history = services.history(rec)
    return render(
        request,
        "supervision/record.html",
        {
            "contest": contest,
            "office": office,
            "record": rec,
            "superseded_by": superseded_by,
            "history": [h for h in history if office.may_read(h)],
            "may_enter": office.may_enter(rec.item),
            "may_review": office.may_review(rec.item),
            "counts": rec.status == Record.Status.APPROVED and superseded_by is None,
            "files": evidence_access.visible(request.user, contest, rec.evidence.all()),
        },
    )


def _on_record(request, slug, pk, form_class, context, save, done):
    """Edit or correct a record: the form starts from the record; ``save(rec, form)`` writes."""
    contest, office, rec = access.record_to_enter(request.user, slug, pk)
    form = form_class(
        request.POST or None,
        request.FILES or None,
        contest=contest,
        items=office.enters,
        initial=RecordForm.initial_from(rec),
    )
    context = {**context, "record": rec}
    return _entry(request, slug, contest, office, form, context, lambda: save(rec, form), done)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug: str, pk: int):
    def save(rec, form):
        return services.edit_record(request.user, rec, form.entry(), form.uploads)

    title = {"title": _("修改监督记录")}
    return _on_record(request, slug, pk, RecordForm, title, save, _("已保存为草稿。"))


@login_required
@require_http_methods(["GET", "POST"])
def correct(request, slug: str, pk: int):
    def save(rec, form):
        reason = form.cleaned_data["correction_reason"]
        return services.correct_record(request.user, rec, form.entry(), reason, form.uploads)

    context = {"title": _("更正监督记录"), "correcting": True}
    done = _("更正已保存为草稿;审核通过前原记录继续计分。")
    return _on_record(request, slug, pk, CorrectionForm, context, save, done)


@login_required
@require_POST
def submit(request, slug: str):
    contest, office = access.clerk_contest(request.user, slug)
    form = SubmitForm(request.POST, drafts=office.visible().filter(item__in=office.enters))
    if not form.is_valid():
        messages.error(request, _("请选择要提交的记录 / choose the records to submit"))
        return redirect("supervision:records", slug=slug)
    try:
        done = services.submit_records(request.user, form.cleaned_data["records"])
    except services.Refused as exc:
        for p in exc.problems:
            messages.error(request, str(p))
    else:
        messages.success(request, _("已提交 %(n)s 条记录。") % {"n": len(done)})
    return redirect("supervision:records", slug=slug)


@login_required
@require_GET
def review(request, slug: str):
    contest, office = access.reviewer_contest(request.user, slug)
    queue = Record.objects.filter(
        contest=contest, status=Record.Status.SUBMITTED, item__in=office.reviews
    )
    return render(
        request,
        "supervision/review.html",
        {
            "contest": contest,
            "office": office,
            "records": _rows(queue).select_related("supersedes").order_by("submitted_at", "pk"),
            "tallies": services.tallies(
                contest, Record.objects.filter(contest=contest, item__in=office.reviews)
            ),
        },
    )


def _review(request, slug: str, pk: int, decide, done: str):
    """Approve or return one record, then back to the queue with what happened."""
    _contest, _office, rec = access.record_to_review(request.user, slug, pk)
    try:
        decide(rec)
        messages.success(request, done % {"pk": rec.pk})
    except services.Refused as exc:
        for p in exc.problems:
            messages.error(request, str(p))
    return redirect("supervision:review", slug=slug)


@login_required
@require_POST
def approve(request, slug: str, pk: int):
    return _review(
        request,
        slug,
        pk,
        lambda rec: services.approve_record(request.user, rec),
        _("记录#%(pk)s已审核通过。"),
    )


@login_required
@require_POST
def send_back(request, slug: str, pk: int):
    reason = request.POST.get("reason", "")
    return _review(
        request,
        slug,
        pk,
        lambda rec: services.return_record(request.user, rec, reason),
        _("记录#%(pk)s已退回。"),
    )


@login_required
@require_GET
def export(request, slug: str):
    contest, office = access.organizer_contest(request.user, slug)
    shown, _chosen = _filtered(request, office.visible())
    book = exports.record_book(contest, _rows(shown).order_by("date", "pk"))
    return download(book, XLSX, f"{slug}-supervision.xlsx")


@login_required
@require_GET
def mine(request, slug: str):
    contest, office = access.entrant_contest(request.user, slug)
    own = services.counting(Record.objects.filter(contest=contest, entrant=office.entrant))
    return render(
        request,
        "supervision/mine.html",
        {
            "contest": contest,
            "office": office,
            "entrant": office.entrant,
            "records": _rows(own).order_by("-date", "-pk"),
            "tallies": services.tallies(contest, own),
        },
    )


@login_required
@require_POST
def import_file(request, slug: str):
    contest, office = access.clerk_contest(request.user, slug)
    import_upload(
        request,
        lambda upload: len(
            imports.import_records(
                request.user, contest, office, upload.data, upload.name, upload.sheet
            )
        ),
        _("已导入 %(n)s 条草稿,核对后提交审核。"),
        _("文件有误,未导入任何记录。 / The file has problems; nothing was imported."),
    )
    return redirect("supervision:records", slug=slug)
