"""Lot drawing pages: the organizer's draws, the ceremony screen, the public page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bipin.contests.access import organizer_contest
from bipin.contests.params import whole_number
from bipin.judging import access
from bipin.judging import draws as draw_services
from bipin.judging.models import Draw
from bipin.judging.refs import naming
from bipin.judging.services import JudgingError
from bipin.judging.views import show_problems


def _labels(contest) -> dict[str, str]:
    """Draw id -> what the hall may see (codes only while 盲评 is in force)."""
    names = naming(contest)
    return {draw_services.draw_id(e): names.label(e) for e in contest.entrants.all()}


@login_required
@require_http_methods(["GET", "POST"])
def draws(request, slug: str):
    """Commit a new draw (per group or all), or redraw one with a reason."""
    contest = organizer_contest(request.user, slug)
    if request.method == "POST":
        group_id = request.POST.get("group") or None
        group = get_object_or_404(contest.groups, pk=whole_number(group_id)) if group_id else None
        replaces = None
        if request.POST.get("replaces"):
            replaces = get_object_or_404(Draw, contest=contest,
                                         number=whole_number(request.POST["replaces"]))
            group = replaces.group
        try:
            draw = draw_services.commit_draw(request.user, contest, group, replaces=replaces,
                                             reason=request.POST.get("reason", ""))
            messages.success(request, _("已生成第 %(n)d 次抽签的承诺值,请在仪式前公布。") % {"n": draw.number})
        except JudgingError as exc:
            show_problems(request, exc)
        return redirect("judging:draws", slug=slug)
    return render(request, "judging/draws.html", {
        "contest": contest, "groups": contest.groups.all(),
        "draws": Draw.objects.filter(contest=contest).select_related("group", "replaces").order_by("-number")})


@login_required
@require_http_methods(["GET", "POST"])
def ceremony(request, slug: str, number: int):
    """The big screen at the ceremony: commitment, then the delegates' inputs, then the order."""
    contest = organizer_contest(request.user, slug)
    draw = get_object_or_404(Draw.objects.select_related("group"), contest=contest, number=number)
    if request.method == "POST":
        try:
            draw_services.reveal_draw(request.user, draw, draw_services.clean_inputs(request.POST.get("inputs", "")))
        except JudgingError as exc:
            show_problems(request, exc)
        return redirect("judging:ceremony", slug=slug, number=number)
    labels = _labels(contest)
    return render(request, "judging/ceremony.html", {
        "contest": contest, "draw": draw, "order": [labels.get(i, i) for i in draw.order]})


def verify_text() -> dict[str, str]:
    """What verify_draw.js says, in the page's language (%(name)s filled in by the script)."""
    return {
        "algorithm_ok": _("算法 %(a)s"),
        "algorithm_bad": _("算法 %(a)s 未知(应为 %(expected)s)"),
        "not_revealed": _("尚未揭晓:只能核对承诺值是否已公布。"),
        "not_lists": _("记录格式错误:inputs、entrants、order 须为数组。"),
        "not_a_record": _("记录格式错误:须为 JSON 对象。"),
        "not_json": _("无法读取:不是有效的 JSON。"),
        "repeated": _("记录格式错误:参评对象编号重复。"),
        "commitment_ok": _("承诺值:SHA-256(种子) = %(h)s,与仪式前公布的一致"),
        "commitment_bad": _("承诺值不符:SHA-256(种子) = %(h)s,公布的是 %(c)s"),
        "keys": _("已为 %(n)s 个参评对象计算排序键 SHA-256(种子 + 换行 + %(c)s + 换行 + 编号)"),
        "order_ok": _("顺序:按排序键从小到大为 %(order)s,与公布的一致"),
        "order_bad": _("顺序不符:第 %(pos)s 位公布为 %(got)s,重算为 %(want)s(重算顺序:%(order)s)"),
        "verdict_ok": _("✓ 本浏览器已核验:抽签结果与算法一致"),
        "verdict_bad": _("✗ 核验未通过"),
        "verdict_open": _("尚未揭晓"),
        "show_keys": _("查看每个参评对象的排序键"),
    }


@require_GET
def public_draws(request, slug: str):
    """公示: every draw's commitment, and once revealed its seed, inputs and order."""
    contest = access.public_contest(request.user, slug)
    labels = _labels(contest)
    rows = [(draw_services.published_record(d), [labels.get(i, i) for i in d.order])
            for d in Draw.objects.filter(contest=contest).select_related("group", "replaces").order_by("number")]
    return render(request, "judging/public_draws.html", {
        "contest": contest, "rows": rows, "records": [rec for rec, _order in rows],
        "verify_text": verify_text()})
