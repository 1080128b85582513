"""Pages of the event day: the judge's phone, the big screen, the console,
the chief judge's sheet list, paper entry and blind labels.

Live pages get their data from the JSON API (bipin.judging.api) by polling;
these views render the shell, check access and hand POSTs to the services.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bipin.accounts.links import LinkRefused, reissue_login_link
from bipin.accounts.qr import qr_svg
from bipin.contests.access import contest_for, organizer_contest
from bipin.contests.models import Role
from bipin.contests.params import whole_number
from bipin.judging import access, phrases, screen_links, services, timer
from bipin.judging.draws import stage_order
from bipin.judging.engine import scheme_for
from bipin.judging.models import Presentation, RevealMode, Seat, Sheet
from bipin.judging.refs import entrant_by_ref, entry_ref, naming
from bipin.judging.rounds import current_round, round_name
from bipin.results.presenters import aggregate_text

User = get_user_model()
MAX_MINUTES = 24 * 60  # a presentation's length on the timer


def show_problems(request, exc: services.JudgingError) -> None:
    """A refused change as bilingual error messages on the next page."""
    for p in exc.problems:
        messages.error(request, f"{p.zh} / {p.en}")


def _api_urls(slug: str) -> dict[str, str]:
    return {name: reverse(f"judging:api_{name}", args=[slug]) for name in ("tasks", "submit", "board",
                                                                         "console")}


@login_required
@require_GET
def score(request, slug: str):
    """The judge's phone page (评分): everything else happens in score.js."""
    contest = access.judge_contest(request.user, slug)
    return render(request, "judging/score.html", {
        "contest": contest, "api": _api_urls(slug), "seated": bool(access.seated_panels(request.user, contest)),
        "round": round_name(contest),
        "phrases": phrases.for_page(phrases.SCORE)})


@login_required
@require_GET
def screen(request, slug: str):
    contest = access.screen_contest(request.user, slug)
    return render(request, "judging/screen.html", {"contest": contest, "api": _api_urls(slug),
                                                   "round": round_name(contest),
                                                   "phrases": phrases.for_page(phrases.SCREEN)})


@login_required
@require_GET
def console(request, slug: str):
    return _console_page(request, access.console_contest(request.user, slug))


def _console_page(request, contest, new_screen_url: str = ""):
    stage = services.stage_of(contest)
    names = naming(contest, stage)
    panel = stage.panel
    following = timer.next_entrant(contest, panel, stage.entrant_id) if panel else None
    rule = scheme_for(panel).panel(panel.item) if panel else None
    return render(request, "judging/console.html", {
        # A staged contest: the stage being judged, which the lists below follow.
        "round": round_name(contest),
        "contest": contest, "stage": stage, "api": _api_urls(contest.slug), "modes": RevealMode.choices,
        "entrants": _choices(names, stage_order(contest, names)),
        "on_stage": names.name(stage.entrant) if stage.entrant else "",
        "next": names.name(following) if following else "",
        "next_basis": phrases.NEXT_BASIS[timer.order_basis(contest, names, following)],
        "rule": aggregate_text(rule.aggregate, rule.on) if rule else "",
        "trimmed": rule is not None and rule.aggregate == "trimmed",
        "screen_links": screen_links.active_links(contest), "new_screen_url": new_screen_url,
        "presentations": [(names.name(p.entrant), p) for p in Presentation.objects.filter(
            panel__contest=contest).select_related("entrant").order_by("started_at")],
        "relink": _relinkable(request.user, contest.slug), "phrases": phrases.for_page(phrases.CONSOLE),
        "runs_the_day": access.runs_the_day(request.user, contest)})


@require_GET
def screen_link(request, token: str):
    """大屏专用链接: the big screen for whoever holds the link, no log-in (read-only)."""
    contest = access.screen_link_contest(token)
    return render(request, "judging/screen.html", {
        "contest": contest, "api": {"board": reverse("judging:api_screen_link_board", args=[token])},
        "round": round_name(contest), "phrases": phrases.for_page(phrases.SCREEN)})


def _choices(names, entrants) -> list[tuple[str, str]]:
    """(opaque ref, what may show) for an entrant picker, in the order the page may list them."""
    return [(entry_ref(e), names.choice(e)) for e in names.ordered(entrants)]


@login_required
@require_POST
def console_action(request, slug: str):
    contest = organizer_contest(request.user, slug)
    action = request.POST.get("action", "")
    try:
        if action == "call":
            entrant = None
            if request.POST.get("entry"):  # none chosen: the next in the drawn order
                entrant = access.any_entry(contest, request.POST["entry"])
            minutes = whole_number(request.POST.get("minutes") or "0", maximum=MAX_MINUTES)
            if minutes is None:
                raise services.JudgingError([services.Problem(
                    "minutes", f"时长须为 0 到 {MAX_MINUTES} 的整数分钟",
                    f"the length must be whole minutes, 0 to {MAX_MINUTES}")])
            timer.call_entrant(request.user, contest, entrant, minutes * 60 or None)
        elif action in ("start", "pause", "resume", "stop"):
            timer.timer_action(request.user, contest, action)
        elif action == "reveal":
            services.set_reveal(request.user, contest, request.POST.get("mode", RevealMode.IMMEDIATE),
                                request.POST.get("results_shown") == "1")
        elif action == "release_key":
            services.release_key(request.user, contest)
        elif action == "screen_link":
            # Shown once, on this answer: only the token's hash is kept.
            _link, token = screen_links.create_screen_link(request.user, contest)
            messages.success(request, _("已生成大屏专用链接,请在投影电脑上打开。"))
            # SITE_URL, as in QR codes: the projector PC is another computer.
            return _console_page(request, contest,
                                 settings.SITE_URL + reverse("judging:screen_link", args=[token]))
        elif action == "revoke_screen_link":
            screen_links.revoke_screen_link(request.user, contest, whole_number(request.POST.get("link")))
            messages.success(request, _("已撤销该大屏链接。"))
        else:
            raise services.JudgingError([services.Problem("action", "未知操作", "unknown action")])
    except services.JudgingError as exc:
        show_problems(request, exc)
    except Http404:
        messages.error(request, access.NOT_FOUND)
    return redirect("judging:console", slug=slug)


@login_required
@require_POST
def new_link(request, slug: str, judge_id: int):
    """新登录链接: one tap ends the judge's old links and shows a fresh one with its QR code."""
    contest, judge = access.relinkable_judge(request.user, slug, judge_id)
    back = "judging:sheets" if request.POST.get("back") == "sheets" else "judging:console"
    try:
        token = reissue_login_link(request.user, judge, contest=contest)
    except LinkRefused as exc:
        messages.error(request, exc.message_en if get_language() == "en" else exc.message_zh)
        return redirect(back, slug=slug)
    url = settings.SITE_URL + reverse("accounts:link_login", args=[token])
    return render(request, "judging/new_link.html", {
        "contest": contest, "judge": judge, "url": url, "qr": qr_svg(url), "back": back,
        "hours": settings.LOGIN_LINK_HOURS})


@login_required
@require_GET
def sheets(request, slug: str):
    """评委组长: every sheet with its history; locked ones can be reopened."""
    contest = contest_for(request.user, slug, [Role.CHIEF_JUDGE, Role.ORGANIZER])
    names = naming(contest)
    found = (Sheet.objects.filter(panel__contest=contest).select_related("panel", "entrant", "judge",
                                                                         "entered_by", "reopened_by")
             .prefetch_related("marks"))
    is_chief = Role.CHIEF_JUDGE in access.roles_of(request.user, contest)
    return render(request, "judging/sheets.html", {"contest": contest, "is_chief": is_chief,
                                                   "sheets": _labelled(names, found),
                                                   "relink": _relinkable(request.user, slug)})


def _relinkable(user, slug: str) -> list:
    """The judges whose login this user may renew, for the 新登录链接 buttons; none for others."""
    try:
        return access.relinkable_judges(user, slug)[1]
    except (Http404, PermissionDenied):
        return []


def _labelled(names, sheets) -> list[tuple[Sheet, str]]:
    """(sheet, what may show for its entrant), by panel, entrant, judge and filing order."""
    rows = sorted(sheets, key=lambda s: (s.panel_id, names.sort_key(s.entrant), s.judge.get_username(), s.pk))
    return [(s, names.choice(s.entrant)) for s in rows]


@login_required
@require_POST
def reopen(request, slug: str, sheet_id: int):
    contest = access.chief_contest(request.user, slug)
    try:
        services.reopen_sheet(request.user, access.sheet_in(contest, sheet_id), request.POST.get("reason", ""))
        messages.success(request, _("已退回,评委可提交更正。"))
    except services.JudgingError as exc:
        show_problems(request, exc)
    return redirect("judging:sheets", slug=slug)


@login_required
@require_POST
def confirm(request, slug: str, sheet_id: int):
    contest = contest_for(request.user, slug, [Role.ORGANIZER, Role.CHIEF_JUDGE])
    try:
        services.confirm_sheet(request.user, access.sheet_in(contest, sheet_id))
        messages.success(request, _("已核对,该评分表生效。"))
    except services.JudgingError as exc:
        show_problems(request, exc)
    return redirect("judging:paper", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def paper(request, slug: str):
    """录入纸质评分表: a clerk types a judge's paper sheets one after another; a
    second person confirms. The judge stays chosen and the next entrant comes up."""
    contest = contest_for(request.user, slug, [Role.ORGANIZER, Role.CHIEF_JUDGE])
    stage = services.stage_of(contest)
    panel = stage.panel
    seats = {s.user_id: s.user for s in Seat.objects.filter(panel=panel).select_related("user")} if panel else {}
    source = request.POST if request.method == "POST" else request.GET
    judge = seats.get(whole_number(source.get("judge")))
    if request.method == "POST" and panel is not None:
        try:
            if judge is None:
                raise services.JudgingError([services.Problem("judge", "请选择评委", "choose a judge")])
            entrant = entrant_by_ref(contest, request.POST.get("entry", ""))
            if entrant is None:
                raise services.JudgingError([services.Problem("entry", "请选择参评对象", "choose an entry")])
            if entrant.pk in access.recused_ids(judge, contest):
                who = judge.get_full_name() or judge.get_username()
                raise services.JudgingError([services.Problem(
                    "entry", f"评委 {who} 已回避该参评对象,不能为其录入",
                    f"judge {judge.get_username()} is recused from this entry")])
            marks = {c["id"]: request.POST.get(f"mark-{c['id']}", "") for c in panel.criteria}
            services.submit_sheet(judge, panel, entrant, key=request.POST.get("key", ""), marks=marks,
                                  comment=request.POST.get("comment", ""), entered_by=request.user)
            messages.success(request, _("已录入,待另一人核对后生效。") if panel.double_entry else _("已录入。"))
            following = urlencode({"judge": judge.pk, "after": entry_ref(entrant)})
            return redirect(f"{reverse('judging:paper', args=[slug])}?{following}")
        except services.JudgingError as exc:
            show_problems(request, exc)
    names = naming(contest, stage)
    pending = (Sheet.objects.filter(panel__contest=contest, status=Sheet.Status.PENDING)
               .select_related("entrant", "judge", "entered_by").prefetch_related("marks"))
    order = names.ordered(stage_order(contest, names))
    typed = request.POST if request.method == "POST" else {}
    recused = access.recused_ids(judge, contest) if judge else set()
    chosen = request.POST.get("entry") if request.method == "POST" else _next_to_type(
        panel, judge, order, recused, request.GET.get("after", ""))
    return render(request, "judging/paper.html", {
        "contest": contest, "panel": panel, "pending": _labelled(names, pending), "judge": judge,
        "judges": sorted(seats.values(), key=lambda u: u.get_username()), "chosen": chosen,
        "entrants": [(entry_ref(e), names.choice(e), e.pk in recused) for e in order],
        # After a refusal the clerk's figures stay in the form; after a save it is empty.
        "criteria": [(c, typed.get(f"mark-{c['id']}", "")) for c in panel.criteria] if panel else [],
        "comment": typed.get("comment", ""), "new_key": services.new_key()})


def _next_to_type(panel, judge, order, recused: set[int], after: str) -> str:
    """The entry a clerk types next for ``judge``: the first after ``after`` in the
    stage order that the judge may score and has no sheet for yet."""
    if panel is None or judge is None:
        return ""
    have = set(Sheet.objects.filter(panel=panel, judge=judge, status__in=Sheet.ACTIVE,
                                    round=current_round(panel.contest_id).key)
               .values_list("entrant_id", flat=True))
    refs = [entry_ref(e) for e in order]
    start = refs.index(after) + 1 if after in refs else 0
    for e in order[start:] + order[:start]:
        if e.pk not in recused and e.pk not in have:
            return entry_ref(e)
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def labels(request, slug: str):
    """盲评编号: (re)assign random codes and print the sample labels."""
    contest = organizer_contest(request.user, slug)
    if request.method == "POST":
        try:
            n = services.assign_blind_codes(request.user, contest)
            messages.success(request, _("已为 %(n)d 个参评作品生成新的随机编号。") % {"n": n})
        except services.JudgingError as exc:
            show_problems(request, exc)
        return redirect("judging:labels", slug=slug)
    return render(request, "judging/labels.html", {"contest": contest,
                                                   "entrants": contest.entrants.order_by("code")})
