"""The page of a visit's site draws (抽取核查点): the organizer commits, reveals
and redraws; the visit's inspectors and the county follow it.

Before a draw is revealed nobody, the organizer included, sees its seed, and
only the organizer sees its candidates; afterwards everyone who may see the
visit sees seed, inputs and order and may download the record.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bipin.contests.models import Role
from bipin.contests.params import whole_number
from bipin.inspections import access, sitedraws
from bipin.inspections.models import SiteDraw, Visit
from bipin.inspections.views_setup import show_problems
from bipin.judging.services import JudgingError, Problem


def _count(raw: str) -> int:
    count = whole_number(raw or "")
    if count is None:
        raise JudgingError(
            [Problem("count", "抽取数量须为正整数", "count must be a whole number of at least 1")]
        )
    return count


def _commit(request, visit: Visit) -> None:
    post = request.POST
    draw = sitedraws.commit_site_draw(
        request.user,
        visit,
        (post.get("candidates") or "").splitlines(),
        _count(post.get("count")),
        reason=post.get("reason", ""),
    )
    messages.success(
        request,
        _("已生成第 %(n)d 次抽签的承诺值,请在揭晓前向参评单位和核查组公布。") % {"n": draw.number},
    )


@login_required
@require_http_methods(["GET", "POST"])
def site_draws(request, slug: str, visit_id: int):
    """GET: the visit's draws for whoever may see the visit. POST: the organizer commits."""
    if request.method == "POST":
        contest = access.organizer_contest(request.user, slug)
        visit = access.visit_in(contest, visit_id)
        try:
            _commit(request, visit)
        except JudgingError as exc:
            show_problems(request, exc)
        return redirect("inspections:site_draws", slug=slug, visit_id=visit.pk)
    contest = access.contest_for_findings(request.user, slug)
    visit, roles = access.visit_for(request.user, contest, visit_id)
    draws = list(visit.site_draws.select_related("replaces", "created_by").order_by("-number"))
    for d in draws:
        d.digest = sitedraws.candidates_digest(d.candidates)
    current = next((d for d in draws if d.status != SiteDraw.Status.REPLACED), None)
    return render(
        request,
        "inspections/site_draws.html",
        {
            "contest": contest,
            "visit": visit,
            "draws": draws,
            "current": current,
            "is_organizer": Role.ORGANIZER in roles,
            "last_candidates": "\n".join(draws[0].candidates) if draws else "",
        },
    )


@login_required
@require_POST
def reveal(request, slug: str, visit_id: int, number: int):
    """揭晓: the delegates' numbers, typed in order, decide the sites."""
    contest = access.organizer_contest(request.user, slug)
    visit = access.visit_in(contest, visit_id)
    draw = access.site_draw_in(visit, number)
    try:
        draw = sitedraws.reveal_site_draw(
            request.user, draw, sitedraws.clean_inputs(request.POST.get("inputs", ""))
        )
        messages.success(request, _("已揭晓,核查点:%(sites)s") % {"sites": "、".join(draw.sites)})
    except JudgingError as exc:
        show_problems(request, exc)
    return redirect("inspections:site_draws", slug=slug, visit_id=visit.pk)
