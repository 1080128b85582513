"""Domain functions of 评审委员会; each writes its audit record in its transaction.

Refusals are the judging API's :class:`JudgingError` (field, Chinese,
English, HTTP status), as in the other apps, so pages show them alike. Who
may call which function is decided in bipin.committees.access; these keep
the committee's own rules: one chair, conflicts never assigned, a review
locked once its entry is decided, a decision computed by the rule and
changed only by reopening it with a reason.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from bipin.audit.chain import record
from bipin.committees import rotation, rules
from bipin.committees.access import appointable
from bipin.committees.models import (
    Assignment,
    Committee,
    Decision,
    Entry,
    Member,
    Outcome,
    Position,
    Review,
    Rule,
    Vote,
)
from bipin.committees.progress import undecided
from bipin.committees.rubric import check_rubric, check_scores, read_points
from bipin.contests.params import max_length
from bipin.judging.services import JudgingError, Problem, _refuse

__all__ = [
    "JudgingError",
    "Problem",
    "add_entry",
    "appoint",
    "assign_by_hand",
    "change_position",
    "create_committee",
    "decide",
    "declare_conflicts",
    "relieve",
    "reopen",
    "standing_decision",
    "submit_review",
]

MAX_REVIEWERS = 20


def _text(value: str, field: str, name_zh: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise _refuse(field, f"请填写{name_zh}", f"{field} is required")
    if len(value) > limit:
        raise _refuse(field, f"{name_zh}不能超过 {limit} 字", f"{field}: at most {limit} characters")
    return value


def _date(value, field: str, name_zh: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except (TypeError, ValueError):
        raise _refuse(field, f"请按 2026-05-01 的格式填写{name_zh}",
                      f"{field}: give a date such as 2026-05-01") from None


def _rubric_total(criteria: list[dict]) -> Decimal:
    return sum((Decimal(c["max"]) for c in criteria), Decimal(0))


def _pass_mark(rule: str, raw, criteria: list[dict]) -> Decimal | None:
    if rule != Rule.MEAN:
        return None  # the other rules read no pass mark; none is kept
    value, top = read_points(raw if raw is not None else ""), _rubric_total(criteria)
    if value is None or not 0 < value <= top or value != value.quantize(Decimal("0.01")):
        raise _refuse("pass_mark", f"平均分规则须填写合格线:大于 0、不超过满分 {top},最多两位小数",
                      f"the mean rule needs a pass mark above 0 and at most the full {top} points, "
                      f"with at most two decimals")
    return value


@transaction.atomic
def create_committee(actor, contest, *, name: str, term_start, term_end, rule: str,
                     reviewers_per_entry, rubric: list[dict], pass_mark=None) -> Committee:
    """设立评审委员会 for a term, with its rule, reviewers per entry and rubric."""
    name = _text(name, "name", "委员会名称", max_length(Committee, "name"))
    start = _date(term_start, "term_start", "任期开始日期")
    end = _date(term_end, "term_end", "任期结束日期")
    if end < start:
        raise _refuse("term_end", "任期结束日期不能早于开始日期", "the term cannot end before it starts")
    if rule not in Rule.values:
        raise _refuse("rule", "请选择决议规则(平均分、多数表决或主任委员决定)",
                      "choose a decision rule: mean, majority or chair")
    per_entry = reviewers_per_entry if isinstance(reviewers_per_entry, int) else None
    if per_entry is None or not 1 <= per_entry <= MAX_REVIEWERS:
        raise _refuse("reviewers_per_entry", f"每项评审人数须为 1 到 {MAX_REVIEWERS} 的整数",
                      f"reviewers per entry must be a whole number from 1 to {MAX_REVIEWERS}")
    criteria = check_rubric(rubric)
    mark = _pass_mark(rule, pass_mark, criteria)
    if Committee.objects.filter(contest=contest, name=name).exists():
        raise _refuse("name", f"已有名为“{name}”的评审委员会", f"a committee named '{name}' exists", 409)
    committee = Committee.objects.create(
        contest=contest, name=name, term_start=start, term_end=end, rule=rule, pass_mark=mark,
        reviewers_per_entry=per_entry, rubric=criteria, created_by=actor)
    record("committee.create", contest=contest, actor=actor, target=committee.ref,
           data={"name": name, "term": [start.isoformat(), end.isoformat()], "rule": rule,
                 "pass_mark": mark, "reviewers_per_entry": per_entry, "rubric": criteria},
           saved=[committee])
    return committee


@transaction.atomic
def appoint(actor, committee: Committee, user, position: str) -> Member:
    """Appoint one of the contest's people as chair, deputy or member."""
    if position not in Position.values:
        raise _refuse("position", "请选择职务(主任委员、副主任委员或委员)",
                      "choose a position: chair, deputy or member")
    if user is None or not appointable(committee.contest).filter(pk=user.pk).exists():
        raise _refuse("member", "只能从本活动的人员中任命委员",
                      "members are appointed from the people of the contest")
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if committee.members.filter(user=user).exists():
        raise _refuse("member", "此人已是本委员会委员", "this person is already on the committee", 409)
    if position == Position.CHAIR and committee.members.filter(position=Position.CHAIR).exists():
        raise _refuse("position", "本委员会已有主任委员,只能有一位",
                      "the committee already has its one chair", 409)
    member = Member.objects.create(committee=committee, user=user, position=position)
    record("committee.appoint", contest=committee.contest, actor=actor, target=committee.ref,
           data={"member": member.pk, "user": user.pk, "name": member.name, "position": position},
           saved=[member])
    return member


def _locked_member(member: Member) -> Member:
    return Member.objects.select_for_update().select_related("committee__contest", "user").get(
        pk=member.pk)


def _serving(member: Member, field: str) -> None:
    if not member.serving:
        raise _refuse(field, f"{member.name}已被免去委员职务", f"{member.user.get_username()} "
                      f"no longer sits on the committee", 409)


@transaction.atomic
def change_position(actor, member: Member, position: str) -> Member:
    """调整职务. Making a member chair makes the chair until then a member, in one step:
    the committee always has at most one chair."""
    if position not in Position.values:
        raise _refuse("position", "请选择职务(主任委员、副主任委员或委员)",
                      "choose a position: chair, deputy or member")
    # The committee row first: two changes at once queue here, not on the one-chair rule.
    Committee.objects.select_for_update().only("pk").get(pk=member.committee_id)
    member = _locked_member(member)
    _serving(member, "position")
    was, saved, former = member.position, [member], None
    if was == position:
        return member
    if position == Position.CHAIR:
        former = member.committee.members.filter(position=Position.CHAIR).first()
        if former is not None:
            former.position = Position.MEMBER
            former.save(update_fields=["position"])
            saved.append(former)
    member.position = position
    member.save(update_fields=["position"])
    record("committee.position", contest=member.committee.contest, actor=actor,
           target=member.committee.ref,
           data={"member": member.pk, "name": member.name, "from": was, "to": position,
                 "former_chair": former.name if former else None}, saved=saved)
    return member


@transaction.atomic
def relieve(actor, member: Member, reason: str) -> Member:
    """免去 a member during the term, with a reason. Their reviews stay; entries assigned to
    them and not reviewed wait for the chair to assign another member (the entry page says
    whose review is missing). The chair is relieved only after another is made chair."""
    reason = _text(reason, "relieve_reason", "免职原因", max_length(Member, "relieve_reason"))
    member = _locked_member(member)
    _serving(member, "relieve_reason")
    if member.position == Position.CHAIR:
        raise _refuse("relieve_reason", "请先将另一位委员调整为主任委员,再免去现任主任委员",
                      "make another member chair before relieving the chair", 409)
    member.relieved_at, member.relieve_reason = timezone.now(), reason
    member.save(update_fields=["relieved_at", "relieve_reason"])
    waiting = [a.entry.title for a in member.assignments.select_related("entry")
               if not Review.objects.filter(assignment=a).exists()
               and standing_decision(a.entry) is None]
    record("committee.relieve", contest=member.committee.contest, actor=actor,
           target=member.committee.ref,
           data={"member": member.pk, "name": member.name, "unreviewed": waiting},
           reason=reason, saved=[member])
    return member


@transaction.atomic
def declare_conflicts(actor, member: Member, text: str) -> Member:
    """A member's conflicts, once: parties or organisations, one a line ("无" for none)."""
    if not (text or "").strip():
        raise _refuse("conflicts", "请填写利益冲突申报(没有请填“无”)",
                      "declare the conflicts (write 无 for none)")
    text = _text(text, "conflicts", "利益冲突申报", Member.CONFLICTS_MAX_LENGTH)
    member = Member.objects.select_for_update().select_related("committee__contest", "user").get(
        pk=member.pk)
    if member.conflicts_declared_at is not None:
        raise _refuse("conflicts", "利益冲突已申报,每位委员申报一次,适用于所有评审事项",
                      "conflicts are declared once and apply to every entry", 409)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # "无" (none) declares that there is nothing to declare; it is no party's name.
    member.conflicts = "" if lines in (["无"], ["没有"]) else "\n".join(lines)
    busy = [a.entry.title for a in undecided(member.assignments.select_related("entry"))
            if member.conflicts_with(a.entry.party)]
    if busy:
        raise _refuse("conflicts", f"申报的单位与已分配给您的待决事项“{busy[0]}”冲突,请联系组织者",
                      f"a declared party is the party of an undecided entry assigned to this "
                      f"member ('{busy[0]}'); ask the organizer", 409)
    member.conflicts_declared_at = timezone.now()
    member.save(update_fields=["conflicts", "conflicts_declared_at"])
    record("committee.conflicts", contest=member.committee.contest, actor=actor,
           target=member.committee.ref,
           data={"member": member.pk, "conflicts": member.conflict_list}, saved=[member])
    return member


def _conflicted(member: Member, entry_party: str) -> JudgingError:
    return _refuse("member", f"{member.name}已申报与“{entry_party}”存在利益冲突,不能评审此事项",
                   f"{member.user.get_username()} declared a conflict with '{entry_party}' "
                   f"and cannot review this entry", 409)


def add_entry(actor, committee: Committee, *, title: str, party: str, received_on,
              description: str = "", by_hand: bool = False) -> Entry:
    """Register an entry; unless ``by_hand``, assign it round robin to the rule's number of
    members, skipping the conflicted. Refused, with nothing saved, when too few may review."""
    title = _text(title, "title", "事项名称", max_length(Entry, "title"))
    party = _text(party, "party", "申报单位", max_length(Entry, "party"))
    description = _text(description, "description", "事项说明", Entry.DESCRIPTION_MAX_LENGTH,
                        required=False)
    received = _date(received_on, "received_on", "收到日期")
    if not committee.term_start <= received <= committee.term_end:
        raise _refuse("received_on", f"收到日期须在委员会任期内({committee.term_start} 至 "
                      f"{committee.term_end})", f"the received date must fall within the term "
                      f"({committee.term_start} to {committee.term_end})")
    with transaction.atomic():
        committee = Committee.objects.select_for_update().select_related("contest").get(
            pk=committee.pk)
        chosen = [] if by_hand else _round_robin(committee, party)
        entry = Entry.objects.create(committee=committee, title=title, party=party,
                                     description=description, received_on=received, added_by=actor)
        assignments = [Assignment.objects.create(entry=entry, member=m, how=Assignment.How.ROUND_ROBIN,
                                                 assigned_by=actor) for m in chosen]
        saved = [entry, *assignments]
        if chosen:
            committee.rotation_after = chosen[-1].pk
            committee.save(update_fields=["rotation_after"])
            saved.append(committee)
        record("committee.entry", contest=committee.contest, actor=actor, target=entry.ref,
               data={"committee": committee.pk, "title": title, "party": party,
                     "received_on": received.isoformat(), "by_hand": by_hand,
                     "assigned": [m.name for m in chosen]},
               saved=saved)
    return entry


def _round_robin(committee: Committee, party: str) -> list[Member]:
    members = list(committee.members.filter(relieved_at__isnull=True).select_related("user")
                   .order_by("pk"))
    needed = committee.reviewers_per_entry
    chosen = rotation.next_reviewers(members, committee.rotation_after, needed, key=lambda m: m.pk,
                                     eligible=lambda m: not m.conflicts_with(party))
    if chosen is None:
        free = sum(1 for m in members if not m.conflicts_with(party))
        raise _refuse("party", f"每项须 {needed} 位委员评审,但只有 {free} 位委员与“{party}”"
                      f"无利益冲突;请先任命更多委员",
                      f"each entry needs {needed} reviewers but only {free} members have no "
                      f"conflict with '{party}'; appoint more members first", 409)
    return chosen


def _locked_entry(entry: Entry) -> Entry:
    return Entry.objects.select_for_update().select_related("committee__contest").get(pk=entry.pk)


def standing_decision(entry: Entry) -> Decision | None:
    """The entry's decision in force: none yet, or none since it was reopened."""
    return entry.decisions.filter(reopened_at__isnull=True).first()


def _undecided(entry: Entry, field: str) -> None:
    if standing_decision(entry) is not None:
        raise _refuse(field, "该事项已作出决议,不能再更改;如需重新审议,请组织者说明原因后重新审议",
                      "the entry is decided and locked; the organizer may reopen it with a reason",
                      409)


@transaction.atomic
def assign_by_hand(actor, entry: Entry, member: Member | None) -> Assignment:
    """The chair or the organizer asks one more member to review the entry."""
    entry = _locked_entry(entry)
    _undecided(entry, "member")
    if member is None or member.committee_id != entry.committee_id:
        raise _refuse("member", "请选择本委员会的委员", "choose a member of this committee")
    # As declared now, not as the caller read it before the declaration.
    member = Member.objects.select_related("user").get(pk=member.pk)
    _serving(member, "member")
    if member.conflicts_with(entry.party):
        raise _conflicted(member, entry.party)
    if entry.assignments.filter(member=member).exists():
        raise _refuse("member", f"{member.name}已在评审此事项", f"{member.user.get_username()} "
                      f"is already assigned to this entry", 409)
    assignment = Assignment.objects.create(entry=entry, member=member, how=Assignment.How.BY_HAND,
                                           assigned_by=actor)
    record("committee.assign", contest=entry.committee.contest, actor=actor, target=entry.ref,
           data={"member": member.pk, "name": member.name}, saved=[assignment])
    return assignment


@transaction.atomic
def submit_review(actor, assignment: Assignment, *, scores: dict[str, object], vote: str,
                  comment: str) -> Review:
    """An assigned member's review, or its revision while the entry is undecided."""
    entry = _locked_entry(assignment.entry)
    _undecided(entry, "comment")
    _serving(Member.objects.select_related("user").get(pk=assignment.member_id), "comment")
    checked, total = check_scores(entry.committee.rubric, scores)
    if vote not in Vote.values:
        raise _refuse("vote", "请选择表决意见(同意、不同意或弃权)", "choose a vote: approve, reject or abstain")
    comment = _text(comment, "comment", "评审意见", Review.COMMENT_MAX_LENGTH)
    review = Review.objects.filter(assignment=assignment).first()
    if review is None:
        review = Review.objects.create(assignment=assignment, scores=checked, total=total, vote=vote,
                                       comment=comment)
        action = "committee.review"
    else:
        review.scores, review.total, review.vote, review.comment = checked, total, vote, comment
        review.revised_at = timezone.now()
        review.save(update_fields=["scores", "total", "vote", "comment", "revised_at"])
        action = "committee.revise"
    record(action, contest=entry.committee.contest, actor=actor, target=entry.ref,
           data={"member": assignment.member_id, "scores": checked, "total": total, "vote": vote,
                 "comment": comment}, saved=[review])
    return review


def _reviewed(entry: Entry) -> tuple[list[dict], list[rules.Ballot], list[str]]:
    """(the reviews as the decision keeps them, the ballots, names of members with none)."""
    kept, ballots, missing = [], [], []
    for a in entry.assignments.select_related("member__user", "review").order_by("pk"):
        review = getattr(a, "review", None)
        if review is None:
            missing.append(a.member.name)
            continue
        kept.append({"member": a.member.name, "position": a.member.position, "scores": review.scores,
                     "total": str(review.total), "vote": review.vote, "comment": review.comment})
        ballots.append(rules.Ballot(a.member.name, review.total, review.vote, review.comment))
    return kept, ballots, missing


@transaction.atomic
def decide(actor, entry: Entry, *, outcome: str = "", missing_reason: str = "") -> Decision:
    """决议 by the committee's rule: computed from the reviews under ``mean`` and ``majority``;
    ``outcome`` is the chair's choice under ``chair``. With reviews missing, only with a reason."""
    entry = _locked_entry(entry)
    _undecided(entry, "outcome")
    committee = entry.committee
    kept, ballots, missing = _reviewed(entry)
    if not ballots:
        raise _refuse("outcome", "还没有任何评审意见,不能作出决议",
                      "no review is in yet; the entry cannot be decided", 409)
    reason = _text(missing_reason, "missing_reason", "缺评说明", Decision.REASON_MAX_LENGTH,
                   required=False)
    if missing and not reason:
        raise _refuse("missing_reason", f"尚有 {len(missing)} 位委员未提交评审意见({'、'.join(missing)});"
                      f"如确需先作决议,请填写缺评说明",
                      f"{len(missing)} assigned review(s) are missing; give a reason to decide "
                      f"without them", 409)
    if committee.rule == Rule.CHAIR and outcome not in Outcome.values:
        raise _refuse("outcome", "请选择决议结果(通过或不通过)", "choose the outcome: approved or rejected")
    tally = rules.decide(committee.rule, ballots, pass_mark=committee.pass_mark,
                         chosen=outcome if committee.rule == Rule.CHAIR else None)
    decision = Decision.objects.create(
        entry=entry, outcome=tally.outcome, rule=committee.rule, mean_total=tally.mean_total,
        votes_for=tally.votes_for, votes_against=tally.votes_against,
        votes_abstain=tally.votes_abstain, reviews=kept, dissent=tally.dissent, missing=missing,
        missing_reason=reason if missing else "", decided_by=actor, decided_at=timezone.now())
    record("committee.decide", contest=committee.contest, actor=actor, target=entry.ref,
           data={"decision": decision.pk, "outcome": tally.outcome, "rule": committee.rule,
                 "mean_total": tally.mean_total, "votes": [tally.votes_for, tally.votes_against,
                                                           tally.votes_abstain],
                 "dissent": [d["member"] for d in tally.dissent], "missing": missing},
           reason=decision.missing_reason, saved=[decision])
    return decision


@transaction.atomic
def reopen(actor, entry: Entry, reason: str) -> Decision:
    """重新审议: the organizer sets the decision aside, with a reason; reviews unlock."""
    reason = _text(reason, "reopen_reason", "重新审议原因", Decision.REASON_MAX_LENGTH)
    entry = _locked_entry(entry)
    decision = standing_decision(entry)
    if decision is None:
        raise _refuse("reopen_reason", "该事项尚未作出决议", "the entry is not decided", 409)
    decision.reopened_by, decision.reopened_at, decision.reopen_reason = actor, timezone.now(), reason
    decision.save(update_fields=["reopened_by", "reopened_at", "reopen_reason"])
    record("committee.reopen", contest=entry.committee.contest, actor=actor, target=entry.ref,
           data={"decision": decision.pk, "outcome": decision.outcome}, reason=reason,
           saved=[decision])
    return decision
