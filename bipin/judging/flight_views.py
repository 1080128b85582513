"""分桌评审: the organizer's page of the tables of a stage judged in flights."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bipin.contests.access import organizer_contest
from bipin.contests.params import whole_number
from bipin.judging import flights
from bipin.judging.models import Panel, Seat
from bipin.judging.refs import entrant_by_ref, entry_ref, naming
from bipin.judging.rounds import current_round, declared_stages, stage_id
from bipin.judging.services import JudgingError, Problem
from bipin.judging.views import show_problems


def _number(raw, field: str) -> int:
    n = whole_number(raw or "", minimum=1, maximum=flights.MAX_TABLES)
    if n is None:
        raise JudgingError([Problem(field, f"桌号(桌数)须为 1 到 {flights.MAX_TABLES} 的整数",
                                    f"the table number (count) must be a whole number, 1 to {flights.MAX_TABLES}")])
    return n


def _do(request, contest) -> str:
    post = request.POST
    panel = Panel.objects.filter(contest=contest, pk=whole_number(post.get("panel") or "")).first()
    if panel is None:
        raise JudgingError([Problem("panel", "请选择评委组", "choose a panel")])
    action = post.get("action", "")
    if action == "split":
        made = flights.split(request.user, panel, _number(post.get("tables"), "tables"))
        return _("已随机分成 %(n)d 桌。") % {"n": len(made)}
    if action == "move_sample":
        entrant = entrant_by_ref(contest, post.get("entry", ""))
        if entrant is None:
            raise JudgingError([Problem("entry", "没有这个样品", "no such sample")])
        row = flights.move_sample(request.user, panel, entrant, _number(post.get("table"), "table"))
        return _("样品已调到%(table)s。") % {"table": row.flight.name}
    if action == "move_judge":
        seat = Seat.objects.filter(panel=panel, user_id=whole_number(post.get("judge") or "")).select_related(
            "user").first()
        if seat is None:
            raise JudgingError([Problem("judge", "请选择本评委组的评委", "choose a judge of this panel")])
        row = flights.move_judge(request.user, panel, seat.user, _number(post.get("table"), "table"))
        return _("评委已调到%(table)s。") % {"table": row.flight.name}
    raise JudgingError([Problem("action", "未知操作", "unknown action")])


@login_required
@require_http_methods(["GET", "POST"])
def flight_tables(request, slug: str):
    """Deal the stage's samples and judges across tables, and move one before scoring starts."""
    contest = organizer_contest(request.user, slug)
    if request.method == "POST":
        try:
            messages.success(request, _do(request, contest))
        except JudgingError as exc:
            show_problems(request, exc)
        return redirect("judging:flights", slug=slug)
    flighted = flights.flighted_stage(contest)
    key = current_round(contest).key
    names = naming(contest)
    entrants = {e.pk: e for e in contest.entrants.select_related("group")}
    users = {s.user_id: s.user for s in Seat.objects.filter(panel__contest=contest).select_related("user")}
    panels = []
    for panel in Panel.objects.filter(contest=contest, seats__isnull=False).distinct().order_by("pk"):
        tables = flights.tables(panel, key)
        shown = []
        for flight in tables.flights if tables else ():
            samples = names.ordered(entrants[pk] for pk in tables.samples[flight.pk])
            shown.append({"flight": flight, "samples": [(entry_ref(e), names.choice(e)) for e in samples],
                          "judges": sorted((users[pk] for pk in tables.judges[flight.pk]),
                                           key=lambda u: u.get_username())})
        panels.append({"panel": panel, "tables": shown, "seats": panel.seats.count()})
    stages = declared_stages(contest)
    return render(request, "judging/flights.html", {
        "contest": contest, "panels": panels, "flighted": flighted[0] if flighted else None,
        "now": flighted is not None and flighted[1] == key, "current": stage_id(key, stages) or "",
        "seed": next((t["flight"].seed for p in panels for t in p["tables"]), "")})
