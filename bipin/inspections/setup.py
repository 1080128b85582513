"""Domain functions that set up 实地核查: rounds, teams, members and visits.

Each runs in one transaction and writes its audit record in it; refusals are
the judging API's :class:`JudgingError`, as in services.py. A member recused
from an entrant (judging.Recusal, the judges' rule) is never sent there.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from bipin.audit.chain import record
from bipin.contests.models import Contest, Entrant, Membership, Role
from bipin.inspections.models import Finding, Round, SiteDraw, Team, TeamMember, Visit
from bipin.judging.models import Recusal
from bipin.judging.services import JudgingError, _refuse, check_length

SITES_MAX = 50  # villages or households named for one visit
SITE_MAX_LENGTH = 100

# --- rounds, teams, visits ----------------------------------------------------


def _clean_round(name: str, kind: str, starts_on, ends_on, appeal_days) -> dict:
    name = (name or "").strip()
    if not name:
        raise _refuse("name", "请填写轮次名称", "a round needs a name")
    check_length(Round, "name", name, "name", "轮次名称")
    if kind not in Round.Kind.values:
        raise _refuse("kind", "类型须为实地核查或回头看", "kind must be inspection or recheck")
    if not isinstance(appeal_days, int) or appeal_days < 0 or appeal_days > 365:
        raise _refuse("appeal_days", "申辩期限须为 0 到 365 天", "appeal_days must be 0..365")
    if starts_on and ends_on and ends_on < starts_on:
        raise _refuse("ends_on", "结束日期不能早于开始日期", "ends_on is before starts_on")
    return {
        "name": name,
        "kind": kind,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "appeal_days": appeal_days,
    }


def _round_data(r: Round) -> dict:
    return {
        "name": r.name,
        "kind": r.kind,
        "starts_on": r.starts_on,
        "ends_on": r.ends_on,
        "appeal_days": r.appeal_days,
    }


@transaction.atomic
def create_round(
    actor,
    contest: Contest,
    *,
    name: str,
    kind: str = Round.Kind.INSPECTION,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    appeal_days: int = 5,
) -> Round:
    fields = _clean_round(name, kind, starts_on, ends_on, appeal_days)
    if Round.objects.filter(contest=contest, name=fields["name"]).exists():
        raise _refuse("name", "已有同名轮次", "a round of this name exists", 409)
    r = Round.objects.create(contest=contest, created_by=actor, **fields)
    record(
        "inspection.round.create",
        contest=contest,
        actor=actor,
        target=f"round:{r.pk}",
        data=_round_data(r),
        saved=[r],
    )
    return r


@transaction.atomic
def update_round(actor, r: Round, *, name, kind, starts_on, ends_on, appeal_days) -> Round:
    fields = _clean_round(name, kind, starts_on, ends_on, appeal_days)
    if Round.objects.filter(contest=r.contest_id, name=fields["name"]).exclude(pk=r.pk).exists():
        raise _refuse("name", "已有同名轮次", "a round of this name exists", 409)
    for k, v in fields.items():
        setattr(r, k, v)
    r.save(update_fields=list(fields))
    record(
        "inspection.round.update",
        contest=r.contest,
        actor=actor,
        target=f"round:{r.pk}",
        data=_round_data(r),
        saved=[r],
    )
    return r


@transaction.atomic
def add_team(actor, r: Round, name: str) -> Team:
    name = (name or "").strip()
    if not name:
        raise _refuse("name", "请填写核查组名称", "a team needs a name")
    check_length(Team, "name", name, "name", "核查组名称")
    if Team.objects.filter(round=r, name=name).exists():
        raise _refuse("name", "本轮已有同名核查组", "this round has a team of this name", 409)
    team = Team.objects.create(round=r, name=name)
    record(
        "inspection.team.create",
        contest=r.contest,
        actor=actor,
        target=f"team:{team.pk}",
        data={"round": r.name, "name": name},
        saved=[team],
    )
    return team


def _recused(contest_id: int, user_ids: Iterable[int], entrant_ids: Iterable[int]):
    return Recusal.objects.filter(
        contest_id=contest_id, user_id__in=list(user_ids), entrant_id__in=list(entrant_ids)
    ).select_related("user", "entrant")


def _recusal_refusal(recusal: Recusal) -> JudgingError:
    who = recusal.user.get_full_name() or recusal.user.get_username()
    return _refuse(
        "user",
        f"{who}须回避{recusal.entrant.name}(回避原因:{recusal.reason}),不能派往该单位核查",
        f"{recusal.user.get_username()} is recused from {recusal.entrant.name} "
        f"({recusal.reason}) and cannot be sent there",
        409,
    )


@transaction.atomic
def add_member(actor, team: Team, user, *, is_leader: bool = False) -> TeamMember:
    contest = team.round.contest
    if not Membership.objects.filter(contest=contest, user=user, role=Role.INSPECTOR).exists():
        raise _refuse("user", "只有核查员可以加入核查组", "only an inspector can join a team")
    visiting = team.visits.values_list("entrant_id", flat=True)
    conflict = _recused(contest.pk, [user.pk], visiting).first()
    if conflict is not None:
        raise _recusal_refusal(conflict)
    member, created = TeamMember.objects.get_or_create(
        team=team, user=user, defaults={"is_leader": is_leader}
    )
    if not created and member.is_leader != is_leader:
        member.is_leader = is_leader
        member.save(update_fields=["is_leader"])
    record(
        "inspection.team.member",
        contest=contest,
        actor=actor,
        target=user.get_username(),
        data={"team": team.name, "round": team.round.name, "leader": is_leader},
        saved=[member],
    )
    return member


@transaction.atomic
def remove_member(actor, member: TeamMember) -> None:
    team = member.team
    record(
        "inspection.team.remove",
        contest=team.round.contest,
        actor=actor,
        target=member.user.get_username(),
        data={"team": team.name, "round": team.round.name},
        deleted=[member],
    )
    member.delete()


def clean_sites(
    sites: Iterable[str],
    *,
    field: str = "sites",
    name_zh: str = "核查点",
    most: int = SITES_MAX,
) -> list[str]:
    """Village or household names, trimmed, blanks skipped; a repeat or an over-long one refused."""
    out: list[str] = []
    for raw in sites:
        site = str(raw).strip()
        if not site:
            continue
        if len(site) > SITE_MAX_LENGTH:
            raise _refuse(
                field,
                f"{name_zh}“{site[:20]}…”超过 {SITE_MAX_LENGTH} 字",
                f"{field}: {site[:20]!r}… is longer than {SITE_MAX_LENGTH} characters",
            )
        if site in out:
            raise _refuse(field, f"{name_zh}“{site}”重复", f"{field}: {site!r} is given twice")
        out.append(site)
    if len(out) > most:
        raise _refuse(field, f"{name_zh}最多 {most} 个", f"{field}: at most {most}")
    return out


@transaction.atomic
def add_visit(actor, team: Team, entrant: Entrant, sites: Iterable[str] = ()) -> Visit:
    contest = team.round.contest
    if entrant.contest_id != contest.pk:
        raise _refuse("entrant", "没有这个参评单位", "no such entrant", 404)
    members = team.members.values_list("user_id", flat=True)
    conflict = _recused(contest.pk, members, [entrant.pk]).first()
    if conflict is not None:
        raise _recusal_refusal(conflict)
    clean = clean_sites(sites)
    visit, created = Visit.objects.get_or_create(
        team=team, entrant=entrant, defaults={"sites": clean}
    )
    if not created and visit.site_draws.exclude(status=SiteDraw.Status.REPLACED).exists():
        # The drawn sites are the draw's result: typed ones would overwrite it unseen.
        raise _refuse(
            "sites",
            f"{entrant.name}的核查点由抽签确定,不能直接修改;如需改变请重抽并填写原因",
            f"{entrant.name}'s sites are drawn and cannot be edited; redraw with a reason",
            409,
        )
    if not created:
        visit.sites = clean
        visit.save(update_fields=["sites"])
    record(
        "inspection.visit",
        contest=contest,
        actor=actor,
        target=f"visit:{visit.pk}",
        data={"team": team.name, "round": team.round.name, "entrant": entrant.name, "sites": clean},
        saved=[visit],
    )
    return visit


@transaction.atomic
def remove_visit(actor, visit: Visit) -> None:
    if Finding.objects.filter(team=visit.team, entrant=visit.entrant).exists():
        raise _refuse(
            "visit",
            "该单位已有本组记录的问题,不能取消核查安排",
            "the team has recorded findings there; the visit cannot be removed",
            409,
        )
    if visit.site_draws.exists():
        raise _refuse(
            "visit",
            "该单位已抽取核查点,抽签记录须保留,不能取消核查安排",
            "the visit's sites were drawn; the draw stays on record and the visit cannot be removed",
            409,
        )
    record(
        "inspection.visit.remove",
        contest=visit.team.round.contest,
        actor=actor,
        target=f"visit:{visit.pk}",
        data={"team": visit.team.name, "entrant": visit.entrant.name},
        deleted=[visit],
    )
    visit.delete()
