"""Domain functions of 公示异议; each writes its audit record in its transaction.

Refusals are the judging API's :class:`JudgingError` (field, Chinese,
English, HTTP status), as in the other year-round apps, so pages show them
alike. Who may call which function is decided in bipin.objections.access;
these functions keep the objection's own rules: filing only while the
notice runs, only for one's own unit, an answer needs its text, a
correction needs a newer snapshot of the same contest.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from bipin.audit.chain import record
from bipin.contests.models import Entrant, Membership, Role
from bipin.judging.services import JudgingError, Problem, _refuse, required_text
from bipin.objections import targets
from bipin.objections.access import assignable, policy_of
from bipin.objections.filers import PHONE, mask_name, mask_phone
from bipin.objections.models import OPEN, Note, Objection, Outcome, Policy, Status
from bipin.results.models import Release, Snapshot

__all__ = [
    "JudgingError",
    "Problem",
    "add_note",
    "answer",
    "assign",
    "close",
    "file_objection",
    "record_correction",
    "set_policy",
]


def _day(d: datetime.date | None) -> str:
    return d.isoformat() if d else "—"


def _check_window(release: Release, today: datetime.date) -> None:
    if not release.notice_open(today):
        start, end = _day(release.notice_start), _day(release.notice_end)
        if not release.notice_published:
            zh, en = "结果公示尚未发布,暂不受理异议", "the notice is not published; no objections yet"
        else:
            zh = f"只能在公示期内({start} 至 {end})提出异议"
            en = f"objections are taken only during the notice period ({start} to {end})"
        raise _refuse("reasons", zh, en, 409)


def _locked(objection: Objection) -> Objection:
    return (Objection.objects.select_for_update()
            .select_related("contest", "release__snapshot", "entrant").get(pk=objection.pk))


def _data(o: Objection) -> dict:
    """An objection as the audit log states it; a public filer only masked."""
    filer = ({"public": mask_name(o.public_name), "phone": mask_phone(o.public_phone)}
             if o.is_public else {"user": o.filed_by_id})
    return {"release": o.release_id, "entrant": o.entrant.name, "target": o.target,
            "about": o.target_label, "status": o.status, **filer}


@transaction.atomic
def set_policy(actor, release: Release, *, public_may_file: bool, publish_answers: bool) -> Policy:
    """Whether the public may file, and whether answers are published with the result."""
    policy, _ = Policy.objects.get_or_create(release=release)
    policy.public_may_file, policy.publish_answers = bool(public_may_file), bool(publish_answers)
    policy.updated_by = actor
    policy.save(update_fields=["public_may_file", "publish_answers", "updated_by", "updated_at"])
    record("objection.policy", contest=release.contest, actor=actor, target=release.title,
           data={"release": release.pk, "public_may_file": policy.public_may_file,
                 "publish_answers": policy.publish_answers}, saved=[policy])
    return policy


def _filer(filer, release: Release, entrant: Entrant, name: str, phone: str) -> tuple:
    """(user, name, phone): the unit's own entrant viewer, or (when allowed) a named member
    of the public."""
    if filer is not None and getattr(filer, "is_authenticated", False):
        if not Membership.objects.filter(contest=release.contest, user=filer,
                                         role=Role.ENTRANT_VIEWER, entrant=entrant).exists():
            raise _refuse("entrant", "只能对本单位的结果提出异议",
                          "an entrant may object only to its own unit's result", 404)
        return filer, "", ""
    if not policy_of(release).public_may_file:
        raise _refuse("entrant", "本次公示不受理公众异议", "this notice takes no public objections", 404)
    name = required_text(name, "public_name", "姓名", Objection._meta.get_field("public_name").max_length)
    phone = (phone or "").strip()
    if not PHONE.fullmatch(phone):
        raise _refuse("public_phone", "请填写有效的联系电话(如 13912345678 或 0359-1234567)",
                      "give a valid phone number (such as 13912345678)")
    return None, name, phone


def file_objection(filer, release: Release, entrant: Entrant, *, about: str, reasons: str,
                   files: Iterable = (), public_name: str = "", public_phone: str = "",
                   today: datetime.date | None = None) -> Objection:
    """File an objection to ``entrant``'s released result while the notice runs.

    ``filer`` is the unit's entrant viewer, or None (anonymous) for a member of
    the public, who gives a name and a phone. ``about`` is one of
    :func:`bipin.objections.targets.choices`; ``files`` are evidence uploads,
    kept through bipin.evidence with the objection or not at all.
    """
    _check_window(release, today or timezone.localdate())
    if entrant.contest_id != release.contest_id:
        raise _refuse("entrant", "没有这个参评单位", "no such entrant", 404)
    user, public_name, public_phone = _filer(filer, release, entrant, public_name, public_phone)
    choice = targets.pick(release, entrant, (about or "").strip(), public=user is None)
    if choice is None:
        raise _refuse("about", "请从列表中选择异议对象(总分、指标或核查问题)",
                      "choose what the objection is about from the list")
    reasons = required_text(reasons, "reasons", "异议理由", Objection.REASONS_MAX_LENGTH)
    files = list(files)
    with transaction.atomic():
        objection = Objection.objects.create(
            contest=release.contest, release=release, entrant=entrant,
            filed_by=user,
            public_name=public_name, public_phone=public_phone, target=choice.target,
            node=choice.node, finding_id=choice.finding_id,
            target_label=choice.label[:Objection._meta.get_field("target_label").max_length],
            reasons=reasons)
        stored = _store(user, objection, files)
        links = list(Objection.evidence.through.objects.filter(objection=objection))
        record("objection.file", contest=release.contest,
               actor=user, target=objection.ref,
               data={**_data(objection), "reasons": reasons, "files": [f.sha256 for f in stored]},
               saved=[objection, *links])
    return objection


def _store(actor, objection: Objection, files: list) -> list:
    if not files:
        return []
    from bipin.evidence import services as evidence

    try:
        stored = evidence.store_many(actor, objection.contest, files)
    except evidence.EvidenceRefused as exc:
        raise _refuse("evidence", exc.zh, exc.en) from None
    objection.evidence.add(*stored)
    return stored


@transaction.atomic
def assign(actor, objection: Objection, assignee) -> Objection:
    """Ask someone in the contest (not a unit) to investigate; again to reassign."""
    objection = _locked(objection)
    if objection.status not in OPEN:
        raise _refuse("assignee", "已答复的异议不能再交办", "an answered objection is not reassigned", 409)
    if assignee is None or not assignable(objection.contest).filter(pk=assignee.pk).exists():
        raise _refuse("assignee", "请选择本活动的组织者、评委组长、核查员等人员承办",
                      "assign it to someone of the contest (organizer, chief judge, inspector …)")
    was = objection.assignee_id
    objection.assignee, objection.assigned_at = assignee, timezone.now()
    objection.status = Status.ASSIGNED
    objection.save(update_fields=["assignee", "assigned_at", "status"])
    record("objection.assign", contest=objection.contest, actor=actor, target=objection.ref,
           data={"assignee": assignee.pk, "was": was}, saved=[objection])
    return objection


@transaction.atomic
def add_note(actor, objection: Objection, text: str) -> Note:
    """An investigation note by the assignee or the organizer, appended to the record."""
    text = required_text(text, "note", "调查记录", Note.TEXT_MAX_LENGTH)
    objection = _locked(objection)
    if objection.status == Status.CLOSED:
        raise _refuse("note", "该异议已办结", "this objection is closed", 409)
    note = Note.objects.create(objection=objection, text=text, author=actor)
    record("objection.note", contest=objection.contest, actor=actor, target=objection.ref,
           data={"note": note.pk, "text": text}, saved=[note])
    return note


@transaction.atomic
def answer(actor, objection: Objection, outcome: str, text: str) -> Objection:
    """The organizer's answer with its outcome: upheld, partly upheld or not upheld."""
    if outcome not in Outcome.values:
        raise _refuse("outcome", "请选择处理结果(成立、部分成立或不成立)",
                      "choose an outcome: upheld, partly upheld or not upheld")
    text = required_text(text, "answer", "答复内容", Objection.ANSWER_MAX_LENGTH)
    objection = _locked(objection)
    if objection.status not in OPEN:
        raise _refuse("answer", "该异议已答复", "this objection is already answered", 409)
    if objection.correction_id and outcome == Outcome.NOT_UPHELD:
        raise _refuse("outcome", "已记录更正的异议不能答复为不成立",
                      "an objection with a correction cannot be answered as not upheld")
    objection.outcome, objection.answer = outcome, text
    objection.answered_by, objection.answered_at = actor, timezone.now()
    objection.status = Status.ANSWERED
    objection.save(update_fields=["outcome", "answer", "answered_by", "answered_at", "status"])
    record("objection.answer", contest=objection.contest, actor=actor, target=objection.ref,
           data={"outcome": outcome, "answer": text}, saved=[objection])
    return objection


@transaction.atomic
def record_correction(actor, objection: Objection, snapshot: Snapshot, reason: str) -> Objection:
    """更正: the newer snapshot that puts the result right, and why; once per objection."""
    reason = required_text(reason, "correction_reason", "更正原因",
                   Objection._meta.get_field("correction_reason").max_length)
    objection = _locked(objection)
    released = objection.release.snapshot
    if snapshot.contest_id != objection.contest_id:
        raise _refuse("snapshot", "只能选择本活动的快照", "the snapshot is of another contest", 404)
    if snapshot.number <= released.number:
        raise _refuse("snapshot", f"更正须是公示结果({released.label})之后计算的快照",
                      f"a correction must be a snapshot computed after the released one "
                      f"(number {released.number})")
    if objection.status == Status.CLOSED:
        raise _refuse("snapshot", "该异议已办结", "this objection is closed", 409)
    if objection.correction_id:
        raise _refuse("snapshot", "该异议已记录更正", "this objection already has a correction", 409)
    if objection.outcome == Outcome.NOT_UPHELD:
        raise _refuse("snapshot", "异议不成立,不能记录更正",
                      "an objection answered as not upheld takes no correction", 409)
    objection.correction, objection.correction_reason = snapshot, reason
    objection.save(update_fields=["correction", "correction_reason"])
    record("objection.correct", contest=objection.contest, actor=actor, target=objection.ref,
           data={"snapshot": snapshot.number, "hash": snapshot.input_hash}, reason=reason,
           saved=[objection])
    return objection


@transaction.atomic
def close(actor, objection: Objection) -> Objection:
    """办结: an answered objection takes no more notes or corrections."""
    objection = _locked(objection)
    if objection.status != Status.ANSWERED:
        raise _refuse("status", "只有已答复的异议可以办结", "only an answered objection can be closed", 409)
    objection.status, objection.closed_at = Status.CLOSED, timezone.now()
    objection.save(update_fields=["status", "closed_at"])
    record("objection.close", contest=objection.contest, actor=actor, target=objection.ref,
           data={"outcome": objection.outcome}, saved=[objection])
    return objection
