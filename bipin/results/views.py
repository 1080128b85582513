"""Results pages: the organizer's desk, rankings, report cards, the public notice.

Every view fetches through :mod:`bipin.results.access` (where the embargo is
enforced), changes state only through :mod:`bipin.results.services` and
redirects after a POST. Figures come from the stored snapshot, never from a
recomputation, so a page shows exactly what was computed and released.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bipin.contests.access import organizer_contest, roles_of
from bipin.contests.extensions import app_modules
from bipin.contests.forms import errors_in_words
from bipin.contests.models import Role
from bipin.contests.params import whole_number
from bipin.contests.uploads import PageProblems
from bipin.downloads import download
from bipin.io import ImportFailed
from bipin.io.report_data import is_staged
from bipin.io.snapshot_record import RecordError
from bipin.jobs import services as jobs
from bipin.results import access, background, engine, robustness, services
from bipin.results.comments import judge_comments
from bipin.results.forms import CorrectValueForm, NoticeForm, ReleaseForm, UploadForm, WithdrawForm
from bipin.results.imports import template_csv
from bipin.results.listing import light_snapshot, listing_of, page_numbers, page_of, ranking_page
from bipin.results.models import ImportBatch, Snapshot, Supersession
from bipin.results.presenters import (
    card_context,
    diff_context,
    staged_card_context,
    staged_context,
)
from bipin.results.verification import record_file, verify_text

# A batch's page lists its rows for correcting one; a file of thousands is withdrawn whole.
# A batch of a campaign holds millions of rows; its page shows them a page at a time.
ROWS_PER_PAGE = 200
BATCHES_PER_PAGE = 50


def _number(request) -> int | None:
    """The ?snapshot= number; without one, the latest snapshot."""
    raw = request.GET.get("snapshot", "")
    if raw == "":
        return None
    number = whole_number(raw, minimum=1)
    if number is None:
        raise Http404("没有这个快照 / no such snapshot")
    return number


@login_required
@require_GET
def desk(request, slug: str):
    return _desk_page(request, organizer_contest(request.user, slug))


def _desk_page(request, contest, notice_form: NoticeForm | None = None):
    """The results desk; ``notice_form`` is a refused notice form, shown as typed."""
    release = services.current_release(contest)
    # The list needs labels only; each snapshot's stored JSON can be megabytes.
    snapshots = list(contest.snapshots.select_related("computed_by").defer("evaluation", "inputs")[:20])
    return render(request, "results/desk.html", {
        "contest": contest, "snapshots": snapshots, "release": release,
        "newest": snapshots[0] if snapshots else None,
        "latest": snapshots[0] if snapshots else None,
        "release_form": ReleaseForm(), "notice_form": notice_form or NoticeForm(initial={
            "published": release.notice_published, "start": release.notice_start,
            "end": release.notice_end, "contact": release.notice_contact} if release else None),
        "batches": contest.observation_batches.filter(status=ImportBatch.Status.ACTIVE).count()})


@login_required
@require_POST
def compute(request, slug: str):
    contest = organizer_contest(request.user, slug)
    if background.computes_in_background(contest):
        job = jobs.start_once(request.user, contest, background.COMPUTE, _("计算成绩"))
        return redirect("jobs:job", slug=slug, job_id=job.pk)
    try:
        snapshot, created = services.compute_snapshot(request.user, contest)
    except engine.NoScheme:
        messages.error(request, _("尚无有效的考评方案,无法计算。"))
        return redirect("results:desk", slug=slug)
    except ValueError as exc:  # the engine names the bad observation
        messages.error(request, _("计算失败:%(e)s") % {"e": getattr(exc, "message_zh", exc)})
        return redirect("results:desk", slug=slug)
    if not created:
        messages.info(request, _("输入未变化,沿用快照 %(s)s。") % {"s": snapshot.label})
        return redirect("results:ranking", slug=slug)
    messages.success(request, _("已生成快照 %(s)s。") % {"s": snapshot.label})
    if snapshot.number > 1:  # show first what moved since the last computation
        return redirect("results:diff", slug=slug, number=snapshot.number)
    return redirect("results:ranking", slug=slug)


@login_required
@require_POST
def cards(request, slug: str):
    """Every report card of the latest snapshot (or ?snapshot=) as PDFs in a ZIP, made by a job."""
    contest, snapshot = access.snapshot_for_organizer(request.user, slug, _number(request), light=True)
    job = jobs.start_once(request.user, contest, background.CARDS,
                          _("成绩单 PDF 打包(%(s)s)") % {"s": snapshot.label},
                          params={"snapshot": snapshot.number})
    return redirect("jobs:job", slug=slug, job_id=job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def imports(request, slug: str):
    contest = organizer_contest(request.user, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    problems = PageProblems()
    if request.method == "POST":
        try:
            upload = form.upload()
            if len(upload.data) > settings.BIPIN_BACKGROUND_IMPORT_BYTES:
                job = jobs.start(
                    request.user, contest, background.IMPORT, _("导入 %(f)s") % {"f": upload.name},
                    params={"filename": upload.name, "sheet": upload.sheet,
                            "correction": form.cleaned_data["correction"],
                            "reason": form.cleaned_data["reason"]}, data=upload.data)
                return redirect("jobs:job", slug=slug, job_id=job.pk)
            batch = services.import_observations(
                request.user, contest, upload.data, upload.name, sheet=upload.sheet,
                correction=form.cleaned_data["correction"], reason=form.cleaned_data["reason"])
        except ImportFailed as exc:
            problems = PageProblems.of(exc)
        else:
            messages.success(request, _("已导入“%(f)s”,共 %(n)s 行。") % {"f": batch.filename,
                                                                       "n": batch.row_count})
            return redirect("results:imports", slug=slug)
    q = request.GET.get("q", "").strip()
    batches = contest.observation_batches.select_related("uploaded_by", "withdrawn_by")
    if q:
        batches = batches.filter(Q(filename__icontains=q) | Q(reason__icontains=q))
    page = page_of(batches, request.GET, BATCHES_PER_PAGE)
    corrections = (Supersession.objects.filter(new__batch__contest=contest)
                   .select_related("old__batch", "old__entrant", "new__batch__uploaded_by")[:200])
    recent_jobs = contest.jobs.filter(kind=background.IMPORT).defer("data")[:10]
    return render(request, "results/imports.html", {
        "contest": contest, "form": form, "problems": problems, "batches": page.object_list,
        "page": page, "pages": page_numbers(page), "q": q, "jobs": recent_jobs,
        "corrections": corrections, "withdraw_form": WithdrawForm()},
        status=400 if problems else 200)


@login_required
@require_GET
def import_template(request, slug: str):
    contest = organizer_contest(request.user, slug)
    return download(template_csv(contest), "text/csv", f"{contest.name}-考评数据模板.csv",
                    fallback=f"{slug}-template.csv")


@login_required
@require_POST
def withdraw(request, slug: str, batch_id: int):
    batch = access.batch_for_organizer(request.user, slug, batch_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("撤回须填写原因。"))
    elif batch.status == ImportBatch.Status.WITHDRAWN:
        messages.error(request, _("该批数据已撤回。"))
    elif batch.status == ImportBatch.Status.PENDING:
        messages.error(request, _("该批数据正在后台导入,请在导入任务页取消。"))
    else:
        services.withdraw_batch(request.user, batch, form.cleaned_data["reason"])
        messages.success(request, _("已撤回“%(f)s”。重新计算后生效。") % {"f": batch.filename})
    return redirect("results:imports", slug=slug)


@login_required
@require_GET
def batch(request, slug: str, batch_id: int):
    batch = access.batch_for_organizer(request.user, slug, batch_id)
    q = request.GET.get("q", "").strip()
    rows = batch.rows.select_related("entrant").order_by("row_number")
    if q:
        rows = rows.filter(Q(entrant__name__icontains=q) | Q(entrant__code__iexact=q)
                           | Q(item__icontains=q) | Q(judge__icontains=q))
    page = page_of(rows, request.GET, ROWS_PER_PAGE)
    replaced = dict(Supersession.objects.filter(old__in=page.object_list,
                                                new__batch__status=ImportBatch.Status.ACTIVE)
                    .values_list("old_id", "new__value"))
    return render(request, "results/batch.html", {
        "contest": batch.contest, "batch": batch, "rows": page.object_list, "replaced": replaced,
        "page": page, "pages": page_numbers(page), "q": q,
        "active": batch.status == ImportBatch.Status.ACTIVE})


@login_required
@require_http_methods(["GET", "POST"])
def correct(request, slug: str, row_id: int):
    row = access.row_for_organizer(request.user, slug, row_id)
    form = CorrectValueForm(request.POST or None, initial={"value": _shown(row.value)})
    problems = PageProblems()
    if request.method == "POST" and form.is_valid():
        try:
            done = services.correct_value(request.user, row, form.cleaned_data["value"],
                                          form.cleaned_data["reason"])
        except ImportFailed as exc:
            problems = PageProblems([{"zh": p.message_zh, "en": p.message_en} for p in exc.problems])
        else:
            messages.success(request, _("已更正:%(entrant)s · %(item)s 由 %(old)s 改为 %(new)s。") % {
                "entrant": row.entrant.name, "item": row.item, "old": _shown(row.value),
                "new": _shown(done.rows.get().value)})
            return redirect("results:imports", slug=slug)
    return render(request, "results/correct.html", {
        "contest": row.batch.contest, "row": row, "form": form, "problems": problems},
        status=400 if problems or form.errors else 200)


def _shown(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


@login_required
@require_GET
def ranking(request, slug: str):
    """One page of the ranking (?page=, ?sort=, ?q=); a staged contest's stages whole."""
    contest, snapshot = access.snapshot_for_organizer(request.user, slug, _number(request), light=True)
    if listing_of(snapshot).staged:
        return render(request, "results/staged_ranking.html", {
            "contest": contest, "snapshot": snapshot, **versions(contest),
            **staged_context(snapshot, reveal_judges=True)})
    figures = ranking_page(snapshot, request.GET, reveal_judges=True)
    return render(request, "results/ranking.html", {
        "contest": contest, "snapshot": snapshot, **versions(contest), **figures,
        **robustness.context(snapshot, shown=figures["shown"])})


@login_required
@require_GET
def card(request, slug: str, entrant_id: int):
    contest, entrant, snapshot, released = access.report_card_for(
        request.user, slug, entrant_id, _number(request))
    snapshot.contest = contest  # already loaded: the card and its provenance need it
    staged = is_staged(snapshot.evaluation)
    context = (staged_card_context if staged else card_context)(
        snapshot, entrant, reveal_judges=Role.ORGANIZER in roles_of(request.user, contest),
        viewer=request.user)
    if context is None:
        raise Http404("entrant not in this snapshot")
    return render(request, "results/staged_card.html" if staged else "results/card.html", {
        "contest": contest, "entrant": entrant, "snapshot": snapshot, "released": released,
        "comments": judge_comments(entrant), **context})


@login_required
@require_GET
def card_pdf(request, slug: str, entrant_id: int):
    """The card as a PDF, under the same rule as the page: a county downloads its own."""
    from bipin.results.exports import render_card_pdf

    contest, entrant, snapshot, _released = access.report_card_for(
        request.user, slug, entrant_id, _number(request))
    try:
        return download(*render_card_pdf(
            contest, snapshot, entrant, reveal_judges=Role.ORGANIZER in roles_of(request.user, contest)))
    except KeyError:
        raise Http404("entrant not in this snapshot") from None


@login_required
@require_GET
def mine(request, slug: str):
    contest, entrant, release = access.viewer_contest(request.user, slug)
    if release is not None and entrant is not None:
        return redirect("results:card", slug=slug, entrant_id=entrant.pk)
    return render(request, "results/not_released.html", {"contest": contest, "entrant": entrant})


@login_required
@require_POST
def release(request, slug: str):
    """Release after a confirmation page that says what the public will see instead."""
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择要发布的快照。"))
        return redirect("results:desk", slug=slug)
    contest, snapshot = access.snapshot_for_organizer(request.user, slug,
                                                      form.cleaned_data["snapshot"])
    if request.POST.get("confirm") != "1":
        return render(request, "results/release_confirm.html", {
            "contest": contest, "snapshot": snapshot, "title": form.cleaned_data["title"],
            **versions(contest)})
    done = services.release_results(request.user, snapshot, form.cleaned_data["title"])
    messages.success(request, _("已发布“%(t)s”。参评单位现在可以查看本单位成绩单。") % {"t": done.title})
    return redirect("results:desk", slug=slug)


def versions(contest) -> dict:
    """The release the public and entrants see, and the newest snapshot computed.

    Only their numbers are shown, so only their numbers are read: a large
    snapshot's stored JSON is hundreds of megabytes, and on SQLite even a column
    stored after it costs a walk through it.
    """
    release = services.current_release(contest)
    if release is not None:
        release.snapshot = Snapshot.objects.only("number").get(pk=release.snapshot_id)
    return {"release": release, "newest": contest.snapshots.only("number").order_by("-number").first()}


@login_required
@require_POST
def notice_settings(request, slug: str):
    current = access.release_for_organizer(request.user, slug)
    form = NoticeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        services.publish_notice(request.user, current, start=d["start"], end=d["end"],
                                contact=d["contact"], published=d["published"])
        messages.success(request, _("公示设置已保存。"))
        return redirect("results:desk", slug=slug)
    messages.error(request, _("公示设置有误:%(e)s") % {"e": errors_in_words(form)})
    return _desk_page(request, current.contest, form)


def notice_parts(release) -> list[dict]:
    """What other apps add to the notice (objections' counts and answers): each app's
    ``notice.part(release)`` names its template and what it shows, or None."""
    parts = (module.part(release) for _, module in app_modules("notice") if hasattr(module, "part"))
    return [p for p in parts if p]


@require_GET
def notice(request, slug: str):
    """The public ranking, a page at a time (?page=, ?q=), and one entrant's row by its
    code (?code=); the rows are the same for everyone, so a lookup reveals nothing more."""
    contest, current, preview = access.notice_for(request.user, slug)
    snapshot = current.snapshot = light_snapshot(current.snapshot_id)
    figures = (staged_context(snapshot) if listing_of(snapshot).staged
               else ranking_page(snapshot, request.GET, public=True))
    return render(request, "results/notice.html", {
        "contest": contest, "release": current, "snapshot": snapshot, "preview": preview,
        "parts": notice_parts(current), **figures})


@login_required
@require_GET
def export(request, slug: str, fmt: str):
    from bipin.results.exports import render_export

    contest, snapshot = access.snapshot_for_organizer(request.user, slug, _number(request))
    data, content_type, name = render_export(contest, snapshot, fmt)
    return download(data, content_type, name, fallback=f"{slug}-results-{snapshot.number}.{fmt}")


@login_required
@require_GET
def diff(request, slug: str, number: int):
    contest, snapshot = access.snapshot_for_organizer(request.user, slug, number)
    return render(request, "results/diff.html", {"contest": contest, "snapshot": snapshot,
                                                 **diff_context(snapshot)})


def _record(request, slug: str):
    """The notice's release and its verification record file, visible as the notice is."""

    contest, current, _preview = access.notice_for(request.user, slug)
    try:
        return contest, current, record_file(current)
    except LookupError:
        raise Http404("no scheme to verify with") from None
    except RecordError as exc:  # a staged contest: the notice says so in words
        raise Http404(str(exc)) from None


@require_GET
def notice_record(request, slug: str):
    """核验数据: the released snapshot's inputs (people masked) and figures, as JSON."""
    contest, current, data = _record(request, slug)
    name = f"{contest.slug}-{current.snapshot.number}-bipin-snapshot-v1.json"
    return download(data, "application/json", name)


@require_GET
def notice_verify(request, slug: str):
    """The browser recomputes the record's sums and ranks; the page says what it checks."""
    contest, current, data = _record(request, slug)
    return render(request, "results/verify.html", {
        "contest": contest, "release": current, "snapshot": current.snapshot,
        "sha256": hashlib.sha256(data).hexdigest(), "verify_text": verify_text()})
