"""Domain functions of 实地核查 findings and appeals (rounds, teams and visits: setup.py).

Each runs in one transaction and writes its audit record in it. Refusals are
the judging API's :class:`JudgingError` (field, Chinese, English, HTTP
status), so the phone's API and the pages report them the same way.
A finding is recorded once per idempotency key: a resend returns the stored
finding, never a second one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from bipin.audit.chain import record
from bipin.contests.extensions import app_modules
from bipin.contests.models import Contest, Entrant, Membership, Role
from bipin.inspections.models import (
    Appeal,
    Finding,
    Team,
    TeamMember,
    Visit,
)
from bipin.judging.engine import contest_scheme
from bipin.judging.models import Recusal
from bipin.judging.services import KEY_RE, JudgingError, Problem, _refuse, check_length

__all__ = [
    "JudgingError",
    "Problem",
    "confirm_finding",
    "decide_appeal",
    "file_appeal",
    "inspection_leaves",
    "record_finding",
    "return_finding",
    "withdraw_finding",
]


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
    scheme = contest_scheme(contest)
    if scheme is None:
        return {}
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
