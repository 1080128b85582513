"""评星活动 pages for its people: the overview, the household list, a village's scoring,
the township's review, publication, objections and the summaries.

Thin views: fetch through bipin.campaigns.access (404/403), call one domain
function, show its refusal in both languages, redirect after a change.
"""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bipin.campaigns import access, background, exports, services, stars
from bipin.campaigns.answers import import_answers
from bipin.campaigns.forms import (
    AnswerForm,
    AssignForm,
    CampaignForm,
    DecideForm,
    PublishForm,
    SampleForm,
)
from bipin.campaigns.households import import_households
from bipin.campaigns.models import Assignment, Household, Objection, Score
from bipin.campaigns.status import progress
from bipin.contests.access import can_create_contests
from bipin.contests.forms import UploadForm
from bipin.contests.models import Membership
from bipin.contests.params import whole_number
from bipin.contests.uploads import PageProblems
from bipin.downloads import download
from bipin.io.problems import ImportFailed
from bipin.jobs import services as jobs
from bipin.judging.views import show_problems
from bipin.objections.views import _refused  # a refusal at its form field, as there

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Households per page of a village's list: a phone's screenful many times over, and
# searched on the phone without a round trip; the search box asks for the whole village.
VILLAGE_PAGE = 300


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not can_create_contests(request.user):
        raise PermissionDenied("may not create contests")
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            campaign = services.create_campaign(
                request.user, name=d["name"], slug=d["slug"], county=d["county"], checklist=d["items"],
                levels=d["levels"], objection_days=d["objection_days"], year=d["year"])
        except services.JudgingError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("评星活动已创建,请导入农户名单。"))
            return redirect("campaigns:households", slug=campaign.contest.slug)
    return render(request, "campaigns/create.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_GET
def home(request, slug: str):
    s = access.seat(request.user, slug)
    if s.village is not None and not s.is_organizer and s.township is None:
        return redirect("campaigns:village", slug=slug, village_id=s.village.pk)
    return render(request, "campaigns/home.html", {
        "contest": s.contest, "campaign": s.campaign, "s": s, "villages": progress(s.villages()),
        "checklist": services.checklist_of(s.campaign)})


@login_required
@require_http_methods(["GET", "POST"])
def households(request, slug: str):
    s = access.organizing(request.user, slug)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    problems = PageProblems()
    if request.method == "POST":
        try:
            upload = form.upload()
            if len(upload.data) > settings.BIPIN_BACKGROUND_IMPORT_BYTES:
                job = jobs.start(request.user, s.contest, background.IMPORT,
                                 _("导入农户 %(f)s") % {"f": upload.name},
                                 params={"filename": upload.name, "sheet": upload.sheet}, data=upload.data)
                return redirect("jobs:job", slug=slug, job_id=job.pk)
            count = import_households(request.user, s.campaign, upload.data, upload.name, sheet=upload.sheet)
        except ImportFailed as exc:
            problems = PageProblems.of(exc)
        else:
            messages.success(request, _("已导入 %(n)s 户。") % {"n": count})
            return redirect("campaigns:households", slug=slug)
    return render(request, "campaigns/households.html", {
        "contest": s.contest, "campaign": s.campaign, "form": form, "problems": problems,
        "count": Household.objects.filter(campaign=s.campaign).count(),
        "jobs": s.contest.jobs.filter(kind=background.IMPORT).defer("data")[:10]},
        status=400 if problems else 200)


@login_required
@require_http_methods(["GET", "POST"])
def scores(request, slug: str):
    """评分表导入: the organizer's for any village, a scorer's for their own.

    A large file of the organizer's goes to a background job; a scorer's, one village's
    (a few hundred KB), is imported at once: the job pages are the organizer's.
    """
    s, own = access.scoring_sheet(request.user, slug)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    problems = PageProblems()
    if request.method == "POST":
        try:
            upload = form.upload()
            if own is None and len(upload.data) > settings.BIPIN_BACKGROUND_IMPORT_BYTES:
                job = jobs.start(request.user, s.contest, background.SCORE,
                                 _("导入评分表 %(f)s") % {"f": upload.name},
                                 params={"filename": upload.name, "sheet": upload.sheet}, data=upload.data)
                return redirect("jobs:job", slug=slug, job_id=job.pk)
            count = import_answers(request.user, s.campaign, upload.data, upload.name, sheet=upload.sheet,
                                   village=own)
        except ImportFailed as exc:
            problems = PageProblems.of(exc)
        else:
            messages.success(request, _("已导入 %(n)s 户的评分。") % {"n": count})
            return redirect("campaigns:scores", slug=slug)
    return render(request, "campaigns/scores.html", {
        "contest": s.contest, "campaign": s.campaign, "form": form, "problems": problems, "own": own,
        "items": services.checklist_of(s.campaign).items,
        "villages": s.villages().select_related("parent").order_by("parent__name", "name"),
        "jobs": s.contest.jobs.filter(kind=background.SCORE).defer("data")[:10] if own is None else []},
        status=400 if problems else 200)


@login_required
@require_http_methods(["GET", "POST"])
def people(request, slug: str):
    s = access.organizing(request.user, slug)
    people = get_user_model().objects.filter(
        pk__in=Membership.objects.filter(contest=s.contest).values("user_id")).order_by("username")
    form = AssignForm(request.POST or None, people=people, campaign=s.campaign)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.assign_area(request.user, s.campaign, d["user"], d["role"], d["area"])
        except services.JudgingError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("已指定。"))
            return redirect("campaigns:people", slug=slug)
    assigned = (Assignment.objects.filter(membership__contest=s.contest)
                .select_related("membership__user", "area").order_by("area__name"))
    return render(request, "campaigns/people.html", {
        "contest": s.contest, "form": form, "assigned": assigned}, status=400 if form.errors else 200)


def _phrases() -> dict[str, str]:
    """The words the phone's script shows ({n} filled in by it), in the page's language."""
    return {"waiting": _("{n} 户待发送,联网后自动发送"),
            "offline": _("离线:{n} 户待发送,评分已保存在本机,联网后自动发送"),
            "log_in_again": _("登录已失效:请重新登录,本机保存的评分随后发送")}


def _rows(village, q: str, number):
    """One page of the village's households, each with its current score."""
    found = village.households.order_by("house_number", "pk")
    if q:
        found = found.filter(Q(head__icontains=q) | Q(house_number__icontains=q))
    page = Paginator(found, VILLAGE_PAGE).get_page(number)
    current = {sc.household_id: sc for sc in Score.objects.filter(
        household__in=[h.pk for h in page], superseded_at__isnull=True).only(
        "household_id", "answers", "total", "stars")}
    return page, [(h, current.get(h.pk)) for h in page]


@login_required
@require_GET
def village(request, slug: str, village_id: int):
    s, v = access.village_for(request.user, slug, village_id)
    q = request.GET.get("q", "").strip()[:50]
    checklist = services.checklist_of(s.campaign)
    page, rows = _rows(v, q, request.GET.get("page"))
    # Without the page's script, ?h= opens one household's form (with a key of its own).
    chosen = v.households.filter(pk=whole_number(request.GET.get("h"))).first() if request.GET.get("h") else None
    return render(request, "campaigns/village.html", {
        "contest": s.contest, "campaign": s.campaign, "s": s, "village": v, "q": q,
        "rows": rows, "page": page, "query": urlencode({"q": q}) if q else "", "items": checklist.items, "may_score": s.may_score(v), "levels": checklist.levels,
        "status": progress(s.villages().filter(pk=v.pk))[0], "chosen": chosen, "key": uuid.uuid4().hex,
        "phrases": _phrases()})


def _answers(request, items) -> tuple[dict, str]:
    """A phone's JSON ``{answers, key}``, or the plain form's item_<id> fields and key."""
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise services.JudgingError([services.Problem("answers", "提交格式不对", "send a JSON object")])
        return body.get("answers"), str(body.get("key", ""))
    answers = {}
    for item in items:
        raw = request.POST.get(f"item_{item.id}")
        if raw is not None and raw != "":
            answers[item.id] = {"yes": True, "no": False}.get(raw, raw) if item.kind == "yes_no" else raw
    return answers, request.POST.get("key", "")


@require_POST
def score(request, slug: str, household_id: int):
    wants_json = request.content_type == "application/json"
    if not request.user.is_authenticated:
        # The phone keeps the score until its scorer logs in again; a redirect would read as saved.
        if wants_json:
            return JsonResponse({"errors": [{"field": "", "zh": "请重新登录", "en": "log in again"}]}, status=401)
        return redirect_to_login(request.get_full_path())
    s, household = access.household_for(request.user, slug, household_id)
    try:
        answers, key = _answers(request, services.checklist_of(s.campaign).items)
        saved, created = services.score_household(request.user, household, answers, key)
    except services.JudgingError as exc:
        if wants_json:
            return JsonResponse({"errors": [p.as_dict() for p in exc.problems]}, status=exc.status)
        show_problems(request, exc)
        return redirect("campaigns:village", slug=slug, village_id=household.village_id)
    if wants_json:
        return JsonResponse({"household": household.pk, "total": str(saved.total), "stars": saved.stars,
                             "again": not created}, status=201 if created else 200)
    messages.success(request, _("%(h)s 已评为 %(n)s 星。") % {"h": household.head, "n": saved.stars})
    return redirect("campaigns:village", slug=slug, village_id=household.village_id)


@login_required
@require_GET
def codes(request, slug: str, village_id: int):
    s, v = access.codes(request.user, slug, village_id)
    return download(exports.codes_book(v), XLSX, f"{s.contest.name}-{v.parent.name}{v.name}-查询码.xlsx",
                    fallback=f"{slug}-village-{v.pk}-codes.xlsx")


@login_required
@require_GET
def answers_template(request, slug: str, village_id: int):
    s, v = access.codes(request.user, slug, village_id)
    data = exports.answers_book(v, services.checklist_of(s.campaign))
    return download(data, XLSX, f"{s.contest.name}-{v.parent.name}{v.name}-评分表.xlsx",
                    fallback=f"{slug}-village-{v.pk}-answers.xlsx")


@login_required
@require_GET
def review(request, slug: str, village_id: int):
    s, v = access.reviewing(request.user, slug, village_id)
    last = v.samples.first()
    drawn = []
    if last is not None:
        by_id = {h.pk: h for h in v.households.filter(pk__in=last.households)}
        current = {sc.household_id: sc for sc in Score.objects.filter(
            household_id__in=last.households, superseded_at__isnull=True).select_related("entered_by")}
        rescored = set(Score.objects.filter(household_id__in=last.households, superseded_at__isnull=False)
                       .values_list("household_id", flat=True))
        for pk, sc in current.items():
            sc.replaces = pk in rescored
        drawn = [(by_id[pk], current.get(pk)) for pk in last.households if pk in by_id]
    return render(request, "campaigns/review.html", {
        "contest": s.contest, "village": v, "status": progress(s.villages().filter(pk=v.pk))[0],
        "sample": last, "drawn": drawn, "items": services.checklist_of(s.campaign).items,
        "sample_form": SampleForm(), "decide_form": DecideForm(),
        "reviews": v.reviews.select_related("reviewed_by").order_by("-reviewed_at")})


@login_required
@require_POST
def sample(request, slug: str, village_id: int):
    s, v = access.reviewing(request.user, slug, village_id)
    form = SampleForm(request.POST)
    try:
        if not form.is_valid():
            raise services.JudgingError([services.Problem("size", "抽查户数须为 1 到 100", "sample 1 to 100")])
        services.draw_sample(request.user, v, form.cleaned_data["size"])
    except services.JudgingError as exc:
        show_problems(request, exc)
    return redirect("campaigns:review", slug=slug, village_id=v.pk)


@login_required
@require_POST
def decide(request, slug: str, village_id: int):
    s, v = access.reviewing(request.user, slug, village_id)
    form = DecideForm(request.POST)
    try:
        if not form.is_valid():
            raise services.JudgingError([services.Problem("outcome", "请选择通过或退回", "choose approve or return")])
        r = services.review_village(request.user, v, form.cleaned_data["outcome"], form.cleaned_data["reason"])
    except services.JudgingError as exc:
        show_problems(request, exc)
    else:
        messages.success(request, _("%(v)s:%(o)s。") % {"v": v.name, "o": r.get_outcome_display()})
    return redirect("campaigns:review", slug=slug, village_id=v.pk)


@login_required
@require_POST
def publish(request, slug: str, village_id: int):
    s, v = access.publishing(request.user, slug, village_id)
    form = PublishForm(request.POST)
    try:
        starts = form.cleaned_data["starts_on"] if form.is_valid() else None
        p = services.publish_village(request.user, v, starts)
    except services.JudgingError as exc:
        show_problems(request, exc)
    else:
        messages.success(request, _("%(v)s 的评星名单已公示,异议截止 %(d)s。") % {
            "v": v.name, "d": p.ends_on.isoformat()})
    return redirect("campaigns:home", slug=slug)


@login_required
@require_GET
def objections(request, slug: str):
    s = access.organizing(request.user, slug)
    found = (Objection.objects.filter(household__campaign=s.campaign)
             .select_related("household__village", "publication").order_by("answered_at", "-filed_at"))
    return render(request, "campaigns/objections.html", {
        "contest": s.contest, "objections": found, "form": AnswerForm()})


@login_required
@require_POST
def answer(request, slug: str, objection_id: int):
    s = access.organizing(request.user, slug)
    objection = Objection.objects.filter(pk=objection_id, household__campaign=s.campaign).first()
    if objection is None:
        raise Http404("没有这条异议 / no such objection")
    try:
        services.answer_objection(request.user, objection, request.POST.get("answer", ""))
    except services.JudgingError as exc:
        show_problems(request, exc)
    else:
        messages.success(request, _("已答复。"))
    return redirect("campaigns:objections", slug=slug)


@login_required
@require_GET
def summary(request, slug: str):
    s = access.seat(request.user, slug)
    table = stars.stars_table(s.campaign, s.villages())
    return render(request, "campaigns/summary.html", {
        "contest": s.contest, "table": table, "chart": stars.chart(table)})


@login_required
@require_GET
def export(request, slug: str):
    s = access.seat(request.user, slug)
    data = stars.workbook(stars.stars_table(s.campaign, s.villages()))
    return download(data, XLSX, f"{s.contest.name}-评星汇总.xlsx", fallback=f"{slug}-stars.xlsx")

