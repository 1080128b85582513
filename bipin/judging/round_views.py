"""轮次与晋级: the organizer's page of a staged contest's current stage and its cut."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bipin.contests.access import organizer_contest
from bipin.contests.params import whole_number
from bipin.judging import cuts
from bipin.judging.models import Cut
from bipin.judging.refs import naming
from bipin.judging.services import JudgingError
from bipin.judging.views import show_problems


@login_required
@require_http_methods(["GET", "POST"])
def rounds(request, slug: str):
    """The current stage: sheets still owed, then the core's standings and the cut to confirm."""
    contest = organizer_contest(request.user, slug)
    if request.method == "POST" and request.POST.get("action") == "undo":
        try:
            cut = cuts.undo_cut(request.user, contest, stage=request.POST.get("stage", ""),
                                reason=request.POST.get("reason", ""))
            messages.success(request, _("已撤销“%(stage)s”的晋级:重新评本轮,可退回评分表更正后再晋级。") % {
                "stage": cut.stage})
        except JudgingError as exc:
            show_problems(request, exc)
        return redirect("judging:rounds", slug=slug)
    if request.method == "POST":
        try:
            cut = cuts.apply_cut(request.user, contest, stage=request.POST.get("stage", ""),
                                 version=whole_number(request.POST.get("version")))
            messages.success(request, _("“%(stage)s”已完成晋级:%(n)d 个参评对象进入“%(next)s”。") % {
                "stage": cut.stage, "n": len(cut.advancing), "next": cut.next_stage})
        except JudgingError as exc:
            show_problems(request, exc)
        return redirect("judging:rounds", slug=slug)
    state = None
    try:
        state = cuts.closing(contest)
    except JudgingError as exc:
        show_problems(request, exc)
    names = naming(contest)
    entrants = {e.pk: e for e in contest.entrants.select_related("group")}

    def label(pk) -> str:
        return names.name(entrants[int(pk)]) if int(pk) in entrants else str(pk)

    rows = []
    if state is not None and state.standings is not None:
        rows = [(s, label(s.entrant.id)) for s in state.standings.standings]
    # A stage cut per flight is ranked table by table: its standings show each table apart.
    per_table = bool(state and state.next_stage and state.next_stage.per == "flight")
    done = [(c, [label(pk) for pk in c.advancing]) for c in Cut.objects.filter(contest=contest).order_by("pk")]
    # The latest cut can be taken back until its next stage begins (cuts.undo_cut).
    undoable = cuts.undoable_cut(contest)
    return render(request, "judging/rounds.html", {
        "contest": contest, "state": state, "rows": rows, "per_table": per_table, "cuts": done, "undoable": undoable,
        "reason_limit": cuts.REASON_LIMIT, "stages": cuts.declared_stages(contest)})
