"""The organizer's set-up of 实地核查: rounds, teams, members and visits."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bipin.contests.models import Membership, Role
from bipin.contests.params import whole_number
from bipin.inspections import access, setup
from bipin.inspections.models import Round, Team, TeamMember, Visit
from bipin.judging.models import Recusal
from bipin.judging.services import JudgingError, Problem


def show_problems(request, exc: JudgingError) -> None:
    for p in exc.problems:
        messages.error(request, f"{p.zh} / {p.en}")


def _date(raw: str, field: str, name_zh: str) -> datetime.date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise JudgingError(
            [
                Problem(
                    field,
                    f"{name_zh}须为日期,如 2026-03-01",
                    f"{field} must be a date such as 2026-03-01",
                )
            ]
        ) from None


def _round_fields(post) -> dict:
    days = whole_number(post.get("appeal_days", ""), maximum=365)
    if days is None:
        raise JudgingError(
            [
                Problem(
                    "appeal_days",
                    "申辩期限须为 0 到 365 的整数(天)",
                    "appeal_days must be a whole number of days, 0..365",
                )
            ]
        )
    return {
        "name": post.get("name", ""),
        "kind": post.get("kind", ""),
        "starts_on": _date(post.get("starts_on"), "starts_on", "开始日期"),
        "ends_on": _date(post.get("ends_on"), "ends_on", "结束日期"),
        "appeal_days": days,
    }


@login_required
@require_http_methods(["GET", "POST"])
def rounds(request, slug: str):
    contest = access.organizer_contest(request.user, slug)
    if request.method == "POST":
        try:
            r = setup.create_round(request.user, contest, **_round_fields(request.POST))
            messages.success(request, _("已创建核查轮次。"))
            return redirect("inspections:round", slug=slug, round_id=r.pk)
        except JudgingError as exc:
            show_problems(request, exc)
        return redirect("inspections:rounds", slug=slug)
    found = Round.objects.filter(contest=contest).prefetch_related(
        "teams__members__user", "teams__visits__entrant"
    )
    return render(
        request,
        "inspections/rounds.html",
        {"contest": contest, "rounds": found, "kinds": Round.Kind.choices},
    )


def _chosen(queryset, raw, field: str, zh: str, en: str):
    found = queryset.filter(pk=whole_number(raw)).first()
    if found is None:
        raise JudgingError([Problem(field, zh, en)])
    return found


def _sites(raw: str) -> list[str]:
    return [p for p in raw.replace(",", "\n").replace(",", "\n").replace("、", "\n").splitlines()]


def _do(request, contest, r: Round, action: str) -> None:
    post, user = request.POST, request.user
    if action == "edit":
        setup.update_round(user, r, **_round_fields(post))
        return
    if action == "team":
        setup.add_team(user, r, post.get("name", ""))
        return
    team = _chosen(
        Team.objects.filter(round=r), post.get("team"), "team", "请选择核查组", "choose a team"
    )
    if action == "member":
        m = _chosen(
            Membership.objects.filter(contest=contest, role=Role.INSPECTOR).select_related("user"),
            post.get("member"),
            "member",
            "请选择核查员",
            "choose an inspector",
        )
        setup.add_member(user, team, m.user, is_leader=post.get("is_leader") == "1")
    elif action == "remove_member":
        setup.remove_member(
            user,
            _chosen(
                TeamMember.objects.filter(team=team),
                post.get("member"),
                "member",
                "请选择组员",
                "choose a member",
            ),
        )
    elif action == "visit":
        entrant = _chosen(
            contest.entrants.all(),
            post.get("entrant"),
            "entrant",
            "请选择参评单位",
            "choose an entrant",
        )
        setup.add_visit(user, team, entrant, _sites(post.get("sites", "")))
    elif action == "remove_visit":
        setup.remove_visit(
            user,
            _chosen(
                Visit.objects.filter(team=team).select_related("team__round"),
                post.get("visit"),
                "visit",
                "请选择核查单位",
                "choose a visit",
            ),
        )
    else:
        raise JudgingError([Problem("action", "未知操作", "unknown action")])


@login_required
@require_http_methods(["GET", "POST"])
def round_detail(request, slug: str, round_id: int):
    contest = access.organizer_contest(request.user, slug)
    r = access.round_in(contest, round_id)
    if request.method == "POST":
        try:
            _do(request, contest, r, request.POST.get("action", ""))
            messages.success(request, _("已保存。"))
        except JudgingError as exc:
            show_problems(request, exc)
        return redirect("inspections:round", slug=slug, round_id=r.pk)
    teams = Team.objects.filter(round=r).prefetch_related("members__user", "visits__entrant")
    return render(
        request,
        "inspections/round.html",
        {
            "contest": contest,
            "round": r,
            "teams": teams,
            "kinds": Round.Kind.choices,
            "inspectors": Membership.objects.filter(contest=contest, role=Role.INSPECTOR)
            .select_related("user")
            .order_by("user__username"),
            "entrants": contest.entrants.select_related("group"),
            "recusals": Recusal.objects.filter(contest=contest).select_related("user", "entrant"),
        },
    )
