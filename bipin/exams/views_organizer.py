"""The organizer's exam pages: bank, papers, sittings, candidates, big screen,
item analysis. Each fetches through :mod:`bipin.exams.access`, writes through
:mod:`bipin.exams.services` and redirects after a POST."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bipin.accounts.links import LinkRefused, create_login_link, link_refusals
from bipin.accounts.origins import belongs_to
from bipin.accounts.qr import qr_svg
from bipin.contests.access import organizer_contest
from bipin.contests.params import whole_number
from bipin.contests.uploads import import_upload, pop_problems
from bipin.downloads import download
from bipin.exams import services
from bipin.exams.access import organizer_candidate, organizer_sitting
from bipin.exams.analysis import analysis_xlsx, sitting_analysis
from bipin.exams.forms import CandidateForm, PaperForm, SittingForm, UploadForm
from bipin.io.question_bank import summarise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _papers(contest):
    return contest.papers.annotate(n=Count("items"), total=Sum("items__points"))


@login_required
@require_GET
def overview(request, slug: str):
    contest = organizer_contest(request.user, slug)
    questions = list(contest.questions.all())
    return render(
        request,
        "exams/overview.html",
        {
            "contest": contest,
            "tab": "overview",
            "summary": summarise([q.as_bank() for q in questions]) if questions else None,
            "papers": _papers(contest),
            "sittings": contest.sittings.select_related("paper").annotate(
                n=Count("candidates"),
                done=Count("candidates", filter=Q(candidates__finished_at__isnull=False)),
            ),
        },
    )


@login_required
@require_GET
def bank(request, slug: str):
    contest = organizer_contest(request.user, slug)
    return render(
        request,
        "exams/bank.html",
        {
            "contest": contest,
            "tab": "bank",
            "questions": contest.questions.all(),
            "upload": UploadForm(),
            "problems": pop_problems(request),
        },
    )



@login_required
@require_POST
def bank_import(request, slug: str):
    contest = organizer_contest(request.user, slug)
    import_upload(
        request,
        lambda up: services.import_bank(request.user, contest, up.data, up.name, sheet=up.sheet),
        _("已导入 %(n)s 道题。"),
        _("文件有误,未导入任何题目。请按下列提示修改后重新上传。"),
    )
    return redirect("exams:bank", slug=slug)


@login_required
@require_GET
def bank_export(request, slug: str):
    contest = organizer_contest(request.user, slug)
    return download(services.export_bank(contest), XLSX, f"{contest.slug}-question-bank.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def paper_create(request, slug: str):
    contest = organizer_contest(request.user, slug)
    form = PaperForm(request.POST or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["mode"] == "fixed":
                services.create_fixed_paper(
                    request.user,
                    contest,
                    data["name"],
                    list(data["questions"]),
                    shuffle_questions=data["shuffle_questions"],
                    shuffle_options=data["shuffle_options"],
                )
            else:
                services.assemble_paper(
                    request.user,
                    contest,
                    data["name"],
                    data["rule"],
                    total_points=data["total_points"],
                    shuffle_questions=data["shuffle_questions"],
                    shuffle_options=data["shuffle_options"],
                )
        except services.ExamError as exc:
            form.add_error(None, f"{exc.message_zh} / {exc.message_en}")
        else:
            messages.success(request, _("已创建试卷“%(name)s”。") % {"name": data["name"]})
            return redirect("exams:overview", slug=slug)
    return render(
        request, "exams/form.html", {"contest": contest, "form": form, "title": _("新建试卷")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def sitting_create(request, slug: str):
    contest = organizer_contest(request.user, slug)
    form = SittingForm(
        request.POST or None, contest=contest, leaf_ids=services.exam_leaf_ids(contest)
    )
    if request.method == "POST" and form.is_valid():
        try:
            sitting = services.create_sitting(request.user, contest, **form.cleaned_data)
        except services.ExamError as exc:
            form.add_error(None, f"{exc.message_zh} / {exc.message_en}")
        else:
            return redirect("exams:sitting", slug=slug, sitting_id=sitting.pk)
    return render(
        request, "exams/form.html", {"contest": contest, "form": form, "title": _("新建测试场次")}
    )


def _progress(sitting):
    """Per candidate: status and how many items answered — never the answers."""
    total = sitting.paper.items.count()
    candidates = sitting.candidates.select_related("entrant", "user").annotate(
        answered=Count("answers", filter=~Q(answers__response=[]))
    )
    return total, candidates


@login_required
@require_GET
def sitting(request, slug: str, sitting_id: int):
    sitting = organizer_sitting(request.user, slug, sitting_id)
    services.expire_overdue(sitting)
    total, candidates = _progress(sitting)
    candidates = list(candidates)
    refusals = link_refusals(sitting.contest, [c.user for c in candidates])
    for c in candidates:
        c.link_refusal = refusals[c.user_id]
    return render(
        request,
        "exams/sitting.html",
        {
            "contest": sitting.contest,
            "tab": "sitting",
            "sitting": sitting,
            "total": total,
            "candidates": candidates,
            "form": CandidateForm(contest=sitting.contest, sitting=sitting),
            "upload": UploadForm(),
            "problems": pop_problems(request),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def candidate_add(request, slug: str, sitting_id: int):
    sitting = organizer_sitting(request.user, slug, sitting_id)
    form = CandidateForm(request.POST, contest=sitting.contest, sitting=sitting)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("exams:sitting", slug=slug, sitting_id=sitting_id)
    data = form.cleaned_data
    candidate = services.add_candidate_by_username(
        request.user, sitting, data["username"], data["entrant"], data["full_name"]
    )
    if not belongs_to(sitting.contest, candidate.user):
        messages.warning(
            request,
            _(
                "账号 %(username)s 已存在,不是本活动创建的:已加入考生名单,"
                "但不能为其打印登录二维码,请本人用自己的账号登录。"
            )
            % {"username": data["username"]},
        )
    return redirect("exams:sitting", slug=slug, sitting_id=sitting_id)


@login_required
@require_POST
def candidates_import(request, slug: str, sitting_id: int):
    sitting = organizer_sitting(request.user, slug, sitting_id)
    foreign: list[str] = []

    def run(up):
        summary = services.import_candidates(
            request.user, sitting, up.data, up.name, sheet=up.sheet
        )
        foreign.extend(summary.foreign)
        return summary.count

    import_upload(
        request,
        run,
        _("已导入 %(n)s 名考生。"),
        _("文件有误,未导入任何考生。请按下列提示修改后重新上传。"),
    )
    if foreign:
        messages.warning(
            request,
            _(
                "其中 %(n)d 个是已有账号(%(names)s),不能为其打印登录二维码,"
                "请本人用自己的账号登录。"
            )
            % {"n": len(foreign), "names": "、".join(foreign)},
        )
    return redirect("exams:sitting", slug=slug, sitting_id=sitting_id)


@login_required
@require_POST
def candidate_links(request, slug: str, sitting_id: int):
    """Print one-time login QR codes that take each chosen candidate to the test."""
    sitting = organizer_sitting(request.user, slug, sitting_id)
    chosen = {whole_number(i) for i in request.POST.getlist("candidate")} - {None}
    cards, refused = [], []
    for candidate in sitting.candidates.select_related("user", "entrant").filter(pk__in=chosen):
        try:
            token = create_login_link(request.user, candidate.user, contest=sitting.contest)
        except LinkRefused as exc:
            refused.append(exc)
            continue
        url = settings.SITE_URL + reverse("exams:enter", args=[slug, sitting.pk, token])
        cards.append({"candidate": candidate, "url": url, "qr": qr_svg(url)})
    return render(
        request,
        "exams/links_print.html",
        {"contest": sitting.contest, "sitting": sitting, "cards": cards, "refused": refused},
    )


@login_required
@require_GET
def sheet(request, slug: str, sitting_id: int, candidate_id: int):
    """A submitted answer sheet with the key, points and marks, for checking a dispute."""
    candidate = organizer_candidate(request.user, slug, sitting_id, candidate_id)
    if not candidate.is_finished:
        raise Http404("the attempt is still running")
    answers = {
        a.item_id: a
        for a in candidate.answers.prefetch_related("marks__marker").select_related("item")
    }
    rows = [
        {"number": n, "item": item, "answer": answers.get(item.pk)}
        for n, (item, _order) in enumerate(services.items_for(candidate), start=1)
    ]
    return render(
        request,
        "exams/sheet.html",
        {
            "contest": candidate.sitting.contest,
            "sitting": candidate.sitting,
            "tab": "sitting",
            "candidate": candidate,
            "rows": rows,
        },
    )


@login_required
@require_GET
def screen(request, slug: str, sitting_id: int):
    sitting = organizer_sitting(request.user, slug, sitting_id)
    if not sitting.on_stage:
        raise Http404("no big screen for an online sitting")
    services.expire_overdue(sitting)
    total, candidates = _progress(sitting)
    candidates = list(candidates)
    return render(
        request,
        "exams/screen.html",
        {
            "contest": sitting.contest,
            "sitting": sitting,
            "total": total,
            "candidates": candidates,
            "submitted": sum(1 for c in candidates if c.is_finished),
            "now": timezone.now(),
        },
    )


@login_required
@require_GET
def analysis(request, slug: str, sitting_id: int):
    sitting = organizer_sitting(request.user, slug, sitting_id)
    services.expire_overdue(sitting)
    return render(
        request,
        "exams/analysis.html",
        {
            "contest": sitting.contest,
            "sitting": sitting,
            "tab": "analysis",
            "result": sitting_analysis(sitting),
        },
    )


@login_required
@require_GET
def analysis_export(request, slug: str, sitting_id: int):
    sitting = organizer_sitting(request.user, slug, sitting_id)
    services.expire_overdue(sitting)
    return download(analysis_xlsx(sitting, sitting_analysis(sitting)), XLSX,
                    f"{slug}-exam-{sitting.pk}-analysis.xlsx")
