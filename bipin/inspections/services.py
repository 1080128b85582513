"""Domain functions of 实地核查: rounds, teams, visits, findings and appeals.

Each runs in one transaction and writes its audit record in it. Refusals are
the judging API's :class:`JudgingError` (field, Chinese, English, HTTP
status), so the phone's API and the pages report them the same way.
A finding is recorded once per idempotency key: a resend returns the stored
finding, never a second one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from bipin.audit.chain import record
from bipin.contests.extensions import app_modules
from bipin.contests.models import Contest, Entrant, Membership, Role
from bipin.contests.services import current_scheme
from bipin.inspections.models import (
    Appeal,
    Finding,
    Round,
    SiteDraw,
    Team,
    TeamMember,
    Visit,
)
from bipin.judging.models import Recusal
from bipin.judging.services import KEY_RE, JudgingError, Problem, _refuse, check_length

__all__ = [
    "JudgingError",
    "Problem",
    "add_member",
    "add_team",
    "add_visit",
    "confirm_finding",
    "create_round",
    "decide_appeal",
    "file_appeal",
    "inspection_leaves",
    "record_finding",
    "remove_member",
    "remove_visit",
    "return_finding",
    "update_round",
    "withdraw_finding",
]

SITES_MAX = 50  # villages or households named for one visit
SITE_MAX_LENGTH = 100


# --- the scheme's inspection leaves ------------------------------------------


@dataclass(frozen=True)
class Leaf:
    """What an inspector may pick for an inspection leaf of one group."""

    id: str
    name: str
    catalogue: tuple[str, ...]
    severities: tuple[str, ...]  # the rule's severity table, in its order; () when none
    keep_location: bool


def inspection_leaves(contest: Contest) -> dict[str, list[Leaf]]:
    """Group name -> its inspection leaves in the scheme in force ({} without one)."""
    from bipin.results.engine import load_scheme

    version = current_scheme(contest)
    if version is None:
        return {}
    scheme = load_scheme(bytes(version.content), version.filename)
    out: dict[str, list[Leaf]] = {}
    for group in contest.groups.all():
        out[group.name] = [
            Leaf(
                id=n.id,
                name=n.name,
                catalogue=tuple(n.catalogue),
                severities=tuple(getattr(n.rule, "severity", None) or ()),
                keep_location=n.keep_location,
            )
            for n in scheme.leaves("inspection", group.name)
        ]
    return out


def _leaf_for(contest: Contest, entrant: Entrant, item: str) -> Leaf:
    leaves = inspection_leaves(contest).get(entrant.group.name, [])
    for leaf in leaves:
        if leaf.id == item:
            return leaf
    known_zh = "、".join(x.id for x in leaves) or "无"
    known_en = ", ".join(x.id for x in leaves) or "none"
    raise _refuse(
        "item",
        f"指标“{item}”不是{entrant.name}所在组别的实地核查指标(可选:{known_zh})",
        f"item {item!r} is not an inspection indicator of {entrant.name}'s group "
        f"(choose from: {known_en})",
    )


def _check_choice(field: str, name_zh: str, value: str, allowed: tuple[str, ...]) -> None:
    if not allowed:
        return
    if value not in allowed:
        given = f"“{value}”" if value else "空"
        raise _refuse(
            field,
            f"{name_zh}{given}不在方案列出的选项中(可选:{'、'.join(allowed)})",
            f"{field} {value!r} is not one the scheme lists (choose from: {', '.join(allowed)})",
        )


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


# --- findings --------------------------------------------------------------------


def finding_data(f: Finding) -> dict:
    """A finding as the audit log and the API state it."""
    return {
        "round": f.round.name,
        "team": f.team.name,
        "entrant": f.entrant.name,
        "item": f.item,
        "category": f.category,
        "severity": f.severity,
        "site": f.site,
        "description": f.description,
        "key": f.key,
        "status": f.status,
    }


def may_record_at(user, visit: Visit) -> bool:
    """A member of the visit's team, not recused from its entrant."""
    team = visit.team
    return (
        TeamMember.objects.filter(team=team, user=user).exists()
        and not Recusal.objects.filter(
            contest_id=team.round.contest_id, user=user, entrant_id=visit.entrant_id
        ).exists()
    )


def _by_key(contest: Contest, key: str, visit: Visit) -> Finding | None:
    stored = Finding.objects.filter(contest=contest, key=key).first()
    if stored is not None and (stored.team_id, stored.entrant_id) != (
        visit.team_id,
        visit.entrant_id,
    ):
        raise _refuse(
            "key", "提交标识已用于另一条问题记录", "key already used for another finding", 409
        )
    return stored


def record_finding(
    inspector,
    visit: Visit,
    *,
    key: str,
    item: str,
    category: str = "",
    severity: str = "",
    site: str = "",
    description: str = "",
    photos: Iterable = (),
) -> tuple[Finding, bool]:
    """Store one finding per idempotency key; (finding, created).

    ``photos`` are uploaded files, kept through bipin.evidence (re-encoded,
    location kept only when the leaf says so). A resend of a stored key
    returns the stored finding.
    """
    contest = visit.team.round.contest
    if not isinstance(key, str) or not KEY_RE.fullmatch(key):
        raise _refuse("key", "提交标识无效", "invalid idempotency key")
    stored = _by_key(contest, key, visit)
    if stored is not None:
        return stored, False
    if not may_record_at(inspector, visit):
        raise _refuse("visit", "没有这个核查任务", "no such visit", 404)
    category, severity, site = (
        (category or "").strip(),
        (severity or "").strip(),
        (site or "").strip(),
    )
    description = (description or "").strip()
    leaf = _leaf_for(contest, visit.entrant, (item or "").strip())
    _check_choice("category", "问题类别", category, leaf.catalogue)
    _check_choice("severity", "严重程度", severity, leaf.severities)
    check_length(Finding, "category", category, "category", "问题类别")
    check_length(Finding, "severity", severity, "severity", "严重程度")
    check_length(Finding, "site", site, "site", "村/户")
    if not description:
        raise _refuse("description", "请填写问题描述", "a description is required")
    if len(description) > Finding.DESCRIPTION_MAX_LENGTH:
        raise _refuse(
            "description",
            f"问题描述不能超过 {Finding.DESCRIPTION_MAX_LENGTH} 字",
            f"description: at most {Finding.DESCRIPTION_MAX_LENGTH} characters",
        )
    photos = list(photos)
    try:
        with transaction.atomic():
            finding = Finding.objects.create(
                contest=contest,
                round=visit.team.round,
                team=visit.team,
                entrant=visit.entrant,
                item=leaf.id,
                category=category,
                severity=severity,
                site=site,
                description=description,
                key=key,
                recorded_by=inspector,
            )
            stored_photos = _store_photos(inspector, finding, photos, leaf.keep_location)
            links = list(Finding.photos.through.objects.filter(finding=finding))
            record(
                "finding.record",
                contest=contest,
                actor=inspector,
                target=finding.ref,
                data={**finding_data(finding), "photos": [p.sha256 for p in stored_photos]},
                saved=[finding, *links],
            )
    except IntegrityError:
        # A concurrent copy of the same key won the insert: answer with it.
        stored = _by_key(contest, key, visit)
        if stored is not None:
            return stored, False
        raise
    return finding, True


def _store_photos(actor, finding: Finding, photos: list, keep_location: bool) -> list:
    """Photos through bipin.evidence (re-encoded, EXIF stripped, SHA-256), all or none."""
    if not photos:
        return []
    from bipin.evidence import services as evidence

    try:
        stored = evidence.store_many(actor, finding.contest, photos, keep_location=keep_location)
    except evidence.EvidenceRefused as exc:
        raise _refuse("photos", exc.zh, exc.en) from None
    finding.photos.add(*stored)
    return stored


def _hooks(name: str, actor, finding: Finding) -> None:
    """Tell every app with a ``finding_hooks`` module (the rectification ledger)."""
    for _, module in app_modules("finding_hooks"):
        hook = getattr(module, name, None)
        if hook is not None:
            hook(actor, finding)


def is_leader(user, team: Team) -> bool:
    return TeamMember.objects.filter(team=team, user=user, is_leader=True).exists()


def _locked(finding: Finding) -> Finding:
    return (
        Finding.objects.select_for_update()
        .select_related("round", "team", "entrant", "contest")
        .get(pk=finding.pk)
    )


@transaction.atomic
def confirm_finding(leader, finding: Finding) -> Finding:
    """组长确认: the finding goes to the entrant (反馈) and counts from now on."""
    finding = _locked(finding)
    if not is_leader(leader, finding.team):
        raise _refuse("finding", "只有本组组长可以确认", "only the team's leader can confirm", 403)
    if finding.status != Finding.Status.RECORDED:
        raise _refuse(
            "finding", "该问题已确认或已撤销", "this finding is already confirmed or withdrawn", 409
        )
    finding.status = Finding.Status.CONFIRMED
    finding.confirmed_by, finding.confirmed_at = leader, timezone.now()
    finding.return_reason = ""
    finding.save(update_fields=["status", "confirmed_by", "confirmed_at", "return_reason"])
    record(
        "finding.confirm",
        contest=finding.contest,
        actor=leader,
        target=finding.ref,
        data=finding_data(finding),
        saved=[finding],
    )
    _hooks("on_confirmed", leader, finding)
    return finding


def _reason(reason: str, model, column: str, name_zh: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise _refuse("reason", f"请填写{name_zh}", "a reason is required")
    check_length(model, column, reason, "reason", name_zh)
    return reason


@transaction.atomic
def return_finding(leader, finding: Finding, reason: str) -> Finding:
    """组长退回: back to the recorder, with why; it does not count."""
    reason = _reason(reason, Finding, "return_reason", "退回原因")
    finding = _locked(finding)
    if not is_leader(leader, finding.team):
        raise _refuse("finding", "只有本组组长可以退回", "only the team's leader can return", 403)
    if finding.status != Finding.Status.RECORDED:
        raise _refuse(
            "finding",
            "只有未确认的问题可以退回",
            "only an unconfirmed finding can be returned",
            409,
        )
    finding.return_reason = reason
    finding.save(update_fields=["return_reason"])
    record(
        "finding.return",
        contest=finding.contest,
        actor=leader,
        target=finding.ref,
        reason=reason,
        saved=[finding],
    )
    return finding


def may_withdraw(user, finding: Finding, roles: set[str]) -> bool:
    """The organizer withdraws any finding; the recorder or leader an unconfirmed one."""
    if Role.ORGANIZER in roles:
        return True
    return finding.status == Finding.Status.RECORDED and (
        finding.recorded_by_id == user.pk or is_leader(user, finding.team)
    )


@transaction.atomic
def withdraw_finding(actor, finding: Finding, reason: str, *, roles: set[str]) -> Finding:
    """撤销: the finding costs nothing from now on and stays in the history."""
    reason = _reason(reason, Finding, "withdraw_reason", "撤销原因")
    finding = _locked(finding)
    if finding.status == Finding.Status.WITHDRAWN:
        raise _refuse("finding", "该问题已撤销", "this finding is already withdrawn", 409)
    if not may_withdraw(actor, finding, roles):
        raise _refuse(
            "finding",
            "已确认的问题只有组织者可以撤销",
            "only the organizer can withdraw a confirmed finding",
            403,
        )
    was = finding.status
    finding.status = Finding.Status.WITHDRAWN
    finding.withdrawn_by, finding.withdrawn_at = actor, timezone.now()
    finding.withdraw_reason = reason
    finding.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdraw_reason"])
    record(
        "finding.withdraw",
        contest=finding.contest,
        actor=actor,
        target=finding.ref,
        data={"was": was, "entrant": finding.entrant.name, "item": finding.item},
        reason=reason,
        saved=[finding],
    )
    _hooks("on_withdrawn", actor, finding)
    return finding


# --- appeals (申辩) -----------------------------------------------------------------


@transaction.atomic
def file_appeal(viewer, finding: Finding, text: str, *, now=None) -> Appeal:
    """The entrant's 申辩, while the window after confirmation is open; one pending at a time."""
    finding = _locked(finding)
    if not Membership.objects.filter(
        contest=finding.contest, user=viewer, role=Role.ENTRANT_VIEWER, entrant=finding.entrant
    ).exists():
        raise _refuse("finding", "没有这个问题", "no such finding", 404)
    if finding.status != Finding.Status.CONFIRMED:
        raise _refuse(
            "finding", "只能对已反馈的问题申辩", "only a confirmed finding can be appealed", 409
        )
    deadline = finding.appeal_deadline
    now = now or timezone.now()
    if now > deadline:
        shown = timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")
        raise _refuse(
            "text",
            f"申辩期已于 {shown} 截止,不能再申辩",
            f"the appeal window closed at {shown}",
            409,
        )
    text = (text or "").strip()
    if not text:
        raise _refuse("text", "请填写申辩理由", "the appeal needs a text")
    if len(text) > Appeal.TEXT_MAX_LENGTH:
        raise _refuse(
            "text",
            f"申辩理由不能超过 {Appeal.TEXT_MAX_LENGTH} 字",
            f"text: at most {Appeal.TEXT_MAX_LENGTH} characters",
        )
    if finding.appeals.filter(decision=Appeal.Decision.PENDING).exists():
        raise _refuse(
            "text", "已有一份申辩待裁定", "an appeal is already waiting for a decision", 409
        )
    appeal = Appeal.objects.create(finding=finding, text=text, filed_by=viewer)
    record(
        "finding.appeal",
        contest=finding.contest,
        actor=viewer,
        target=finding.ref,
        data={"appeal": appeal.pk, "text": text},
        saved=[appeal],
    )
    return appeal


@transaction.atomic
def decide_appeal(organizer, appeal: Appeal, decision: str, reason: str) -> Appeal:
    """维持 (the finding keeps counting) or 撤销问题 (it is withdrawn), with a reason."""
    reason = _reason(reason, Appeal, "reason", "裁定理由")
    if decision not in (Appeal.Decision.UPHELD, Appeal.Decision.WITHDRAWN):
        raise _refuse("decision", "裁定须为维持或撤销问题", "decision must be upheld or withdrawn")
    appeal = Appeal.objects.select_for_update().select_related("finding").get(pk=appeal.pk)
    if appeal.decision != Appeal.Decision.PENDING:
        raise _refuse("decision", "该申辩已裁定", "this appeal is already decided", 409)
    appeal.decision, appeal.decided_by, appeal.decided_at = decision, organizer, timezone.now()
    appeal.reason = reason
    appeal.save(update_fields=["decision", "decided_by", "decided_at", "reason"])
    record(
        "finding.appeal.decide",
        contest=appeal.finding.contest,
        actor=organizer,
        target=appeal.finding.ref,
        data={"appeal": appeal.pk, "decision": decision},
        reason=reason,
        saved=[appeal],
    )
    if decision == Appeal.Decision.WITHDRAWN:
        withdraw_finding(
            organizer, appeal.finding, f"申辩成立:{reason}"[:300], roles={Role.ORGANIZER}
        )
    return appeal
