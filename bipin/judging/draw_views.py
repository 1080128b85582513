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


@require_GET
def public_draws(request, slug: str):
    """公示: every draw's commitment, and once revealed its seed, inputs and order."""
    contest = access.public_contest(request.user, slug)
    labels = _labels(contest)
    rows = [(draw_services.published_record(d), [labels.get(i, i) for i in d.order])
            for d in Draw.objects.filter(contest=contest).select_related("group", "replaces").order_by("number")]
    return render(request, "judging/public_draws.html", {"contest": contest, "rows": rows})
