"""Domain functions of the 整改台账 and 回头看.

Each runs in one transaction and writes its audit record in it; a task's
state changes only through :func:`_move`, which also writes the history row.
Refusals are the judging API's :class:`JudgingError` (field, Chinese,
English, HTTP status), as in bipin.inspections, so pages show them alike.
Who may call which function is decided in bipin.rectification.access; these
functions keep the ledger's own rules (a closed task takes no answer, a
withdrawn finding takes no 回头看, …).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bipin.audit.chain import record
from bipin.inspections.models import Finding, Round
from bipin.judging.services import JudgingError, Problem, _refuse, check_length
from bipin.rectification.models import (
    DEFAULT_DAYS,
    OWING,
    Extension,
    Recheck,
    State,
    Task,
    Term,
    Transition,
)

__all__ = [
    "JudgingError",
    "Problem",
    "answer",
    "cancel_task",
    "close",
    "correct_recheck",
    "decide_extension",
    "open_task",
    "overdue_q",
    "record_recheck",
    "request_extension",
    "return_task",
    "set_deadline",
    "set_term",
    "term_days",
    "verify",
]

# What the entrant may still change: before it is submitted, or after it came back.
ANSWERABLE = (State.OPEN, State.IN_PROGRESS, State.RETURNED)
LONG_TEXTS = ("measures", "completion")
# A 回头看 of a submitted task settles it: rectified verifies, otherwise it goes back.
RECHECK_MOVES = {
    Recheck.Outcome.RECTIFIED: State.VERIFIED,
    Recheck.Outcome.NOT_RECTIFIED: State.RETURNED,
    Recheck.Outcome.RECURRED: State.RETURNED,
}


def today() -> datetime.date:
    return timezone.localdate()


def overdue_q(on: datetime.date | None = None) -> Q:
    """Tasks whose deadline has passed while the entrant still owes the work."""
    return Q(state__in=OWING, deadline__lt=on or today())


def _state_name(state: str) -> str:
    return str(State(state).label)


def _task_data(task: Task) -> dict:
    return {
        "finding": task.finding.ref,
        "entrant": task.entrant.name,
        "state": task.state,
        "deadline": task.deadline.isoformat(),
    }


def _text(value, model, column: str, name_zh: str, *, required: bool = False) -> str:
    """``value`` stripped, refused when required and blank or longer than its column."""
    text = (value or "").strip()
    if required and not text:
        raise _refuse(column, f"请填写{name_zh}", f"{column}: required")
    if column in LONG_TEXTS:  # text columns have no max_length; the ledger's cells do
        if len(text) > Task.TEXT_MAX_LENGTH:
            raise _refuse(
                column,
                f"{name_zh}不能超过 {Task.TEXT_MAX_LENGTH} 字",
                f"{column}: at most {Task.TEXT_MAX_LENGTH} characters",
            )
    else:
        check_length(model, column, text, column, name_zh)
    return text


def _record(action: str, actor, task: Task, saved: list, reason: str = "", **data) -> None:
    """The audit record of a change to ``task`` (or a row hanging on it)."""
    record(
        action,
        contest=task.contest,
        actor=actor,
        target=f"task:{task.pk}",
        data={**_task_data(task), **data},
        reason=reason,
        saved=saved,
    )


def _locked(task: Task) -> Task:
    return (
        Task.objects.select_for_update()
        .select_related("contest", "entrant", "finding__round", "finding__team")
        .get(pk=task.pk)
    )


def _move(
    actor,
    task: Task,
    to: str,
    reason: str = "",
    *,
    action: str,
    fields: Iterable[str] = (),
    data: dict | None = None,
) -> Transition:
    """Change ``task``'s state to ``to`` with its history row and audit record."""
    step = Transition.objects.create(
        task=task, from_state=task.state, to_state=to, actor=actor, reason=reason
    )
    task.state = to
    task.save(update_fields=["state", "updated_at", *fields])
    _record(action, actor, task, [task, step], reason, **{"from": step.from_state, **(data or {})})
    return step


def _refuse_state(task: Task, doing_zh: str, doing_en: str) -> JudgingError:
    return _refuse(
        "state",
        f"整改任务当前为“{_state_name(task.state)}”,不能{doing_zh}",
        f"the task is {task.state}; it cannot be {doing_en}",
        409,
    )


# --- terms and opening ------------------------------------------------------


def term_days(round_: Round) -> int:
    term = Term.objects.filter(round=round_).first()
    return term.days if term else DEFAULT_DAYS


@transaction.atomic
def set_term(actor, round_: Round, days: int) -> Term:
    """整改期限 for findings confirmed from now on in ``round_`` (open tasks keep their date)."""
    if not isinstance(days, int) or not 1 <= days <= 366:
        raise _refuse("days", "整改期限须为 1–366 天", "the term must be 1 to 366 days")
    term, _ = Term.objects.update_or_create(round=round_, defaults={"days": days})
    record(
        "rectification.term",
        contest=round_.contest,
        actor=actor,
        target=f"round:{round_.pk}",
        data={"round": round_.name, "days": days},
        saved=[term],
    )
    return term


def open_task(actor, finding: Finding) -> Task:
    """The finding's task: opened when it is first upheld, with the round's term."""
    task = Task.objects.filter(finding=finding).first()
    if task is not None:
        return task
    confirmed = timezone.localdate(finding.confirmed_at) if finding.confirmed_at else today()
    task = Task.objects.create(
        contest=finding.contest,
        finding=finding,
        entrant=finding.entrant,
        deadline=confirmed + datetime.timedelta(days=term_days(finding.round)),
    )
    step = Transition.objects.create(task=task, from_state="", to_state=State.OPEN, actor=actor)
    _record("rectification.open", actor, task, [task, step])
    return task


def cancel_task(actor, finding: Finding) -> Task | None:
    """A withdrawn finding's task is cancelled; it stays in the ledger with the reason."""
    task = Task.objects.filter(finding=finding).first()
    if task is None or task.state == State.CANCELLED:
        return task
    task = _locked(task)
    reason = finding.withdraw_reason or "问题已撤销"
    _move(actor, task, State.CANCELLED, reason, action="rectification.cancel")
    return task


# --- the entrant's answer -----------------------------------------------------


def _store_files(actor, contest, files: list) -> list:
    """Evidence files through bipin.evidence (all or none)."""
    if not files:
        return []
    from bipin.evidence import services as evidence

    try:
        return evidence.store_many(actor, contest, files)
    except evidence.EvidenceRefused as exc:
        raise _refuse("evidence", exc.zh, exc.en) from None


@transaction.atomic
def answer(
    actor,
    task: Task,
    *,
    measures: str,
    responsible_unit: str,
    responsible_person: str,
    completion: str,
    files: Iterable = (),
    submit: bool = False,
) -> Task:
    """The entrant's 整改措施, 责任单位/责任人, 完成情况 and evidence; ``submit`` hands it in."""
    task = _locked(task)
    if task.state not in ANSWERABLE:
        raise _refuse_state(task, "修改或提交", "changed or submitted")
    values = {
        "measures": _text(measures, Task, "measures", "整改措施", required=submit),
        "responsible_unit": _text(
            responsible_unit, Task, "responsible_unit", "责任单位", required=submit
        ),
        "responsible_person": _text(
            responsible_person, Task, "responsible_person", "责任人", required=submit
        ),
        "completion": _text(completion, Task, "completion", "完成情况", required=submit),
    }
    stored = _store_files(actor, task.contest, list(files))
    for name, value in values.items():
        setattr(task, name, value)
    if stored:
        task.evidence.add(*stored)
    data = {**values, "evidence": [f.sha256 for f in stored]}
    if submit:
        _move(actor, task, State.SUBMITTED, action="rectification.submit", fields=values, data=data)
    elif task.state in (State.OPEN, State.RETURNED):
        _move(
            actor, task, State.IN_PROGRESS, action="rectification.answer", fields=values, data=data
        )
    else:
        task.save(update_fields=["updated_at", *values])
        _record("rectification.answer", actor, task, [task], **data)
    return task


# --- verification -------------------------------------------------------------


def _settle(actor, task: Task, to: str, text: str, *, name_zh: str, required: bool) -> Task:
    """A submitted task verified or returned, with the verifier's words as its verdict."""
    task = _locked(task)
    if task.state != State.SUBMITTED:
        raise _refuse_state(task, "核查通过" if to == State.VERIFIED else "退回", to)
    task.verdict = _text(text, Task, "verdict", name_zh, required=required)
    _move(
        actor,
        task,
        to,
        task.verdict,
        action=f"rectification.{'verify' if to == State.VERIFIED else 'return'}",
        fields=["verdict"],
    )
    return task


@transaction.atomic
def verify(actor, task: Task, note: str = "") -> Task:
    """核查通过: the submitted rectification is accepted."""
    return _settle(actor, task, State.VERIFIED, note, name_zh="核查意见", required=False)


@transaction.atomic
def return_task(actor, task: Task, reason: str) -> Task:
    """退回: the rectification is not enough; the entrant works on it again."""
    return _settle(actor, task, State.RETURNED, reason, name_zh="退回原因", required=True)


@transaction.atomic
def close(actor, task: Task, reason: str = "") -> Task:
    """销号: the organizer closes a verified task; nothing is owed any more."""
    task = _locked(task)
    if task.state != State.VERIFIED:
        raise _refuse_state(task, "销号(须先核查通过)", "closed (verify it first)")
    _move(
        actor,
        task,
        State.CLOSED,
        _text(reason, Transition, "reason", "销号说明"),
        action="rectification.close",
    )
    return task


# --- deadlines ----------------------------------------------------------------


def _check_open(task: Task) -> None:
    if task.state in (State.CLOSED, State.CANCELLED):
        raise _refuse_state(task, "调整时限", "given another deadline")


@transaction.atomic
def set_deadline(actor, task: Task, deadline: datetime.date, reason: str) -> Task:
    """The organizer sets a task's deadline (e.g. the date on the paper ledger), with a reason."""
    task = _locked(task)
    _check_open(task)
    reason = _text(reason, Transition, "reason", "调整原因", required=True)
    old = task.deadline
    task.deadline = deadline
    task.save(update_fields=["deadline", "updated_at"])
    _record("rectification.deadline", actor, task, [task], reason, old_deadline=old.isoformat())
    return task


@transaction.atomic
def request_extension(
    actor, task: Task, new_deadline: datetime.date | None, reason: str
) -> Extension:
    """延期申请: the entrant asks for ``new_deadline``; one request waits at a time."""
    task = _locked(task)
    if task.state not in ANSWERABLE:
        raise _refuse_state(task, "申请延期", "extended")
    reason = _text(reason, Extension, "reason", "延期理由", required=True)
    if new_deadline is None:
        raise _refuse("new_deadline", "请填写申请延至的日期", "new_deadline: give a date")
    if new_deadline <= task.deadline:
        raise _refuse(
            "new_deadline",
            f"申请延至的日期须晚于现时限 {task.deadline.isoformat()}",
            f"new_deadline must be after the current deadline {task.deadline.isoformat()}",
        )
    if task.extensions.filter(decision=Extension.Decision.PENDING).exists():
        raise _refuse(
            "extension", "已有一份延期申请待审批", "an extension request is already pending", 409
        )
    ext = Extension.objects.create(
        task=task,
        reason=reason,
        old_deadline=task.deadline,
        new_deadline=new_deadline,
        requested_by=actor,
    )
    _record(
        "rectification.extension.request",
        actor,
        task,
        [ext],
        reason,
        new_deadline=new_deadline.isoformat(),
    )
    return ext


@transaction.atomic
def decide_extension(actor, ext: Extension, grant: bool, reason: str) -> Extension:
    """The organizer grants (the deadline moves) or refuses (a reason is required)."""
    ext = Extension.objects.select_for_update().select_related("task").get(pk=ext.pk)
    if ext.decision != Extension.Decision.PENDING:
        raise _refuse("extension", "该延期申请已审批", "this request is already decided", 409)
    task = _locked(ext.task)
    reason = _text(reason, Extension, "decision_reason", "审批意见", required=not grant)
    if grant:
        _check_open(task)
    ext.decision = Extension.Decision.GRANTED if grant else Extension.Decision.REFUSED
    ext.decided_by, ext.decided_at, ext.decision_reason = actor, timezone.now(), reason
    ext.save(update_fields=["decision", "decided_by", "decided_at", "decision_reason"])
    saved: list = [ext]
    if grant:
        task.deadline = ext.new_deadline
        task.save(update_fields=["deadline", "updated_at"])
        saved.append(task)
    _record(
        "rectification.extension." + ext.decision,
        actor,
        task,
        saved,
        reason,
        old_deadline=ext.old_deadline.isoformat(),
        new_deadline=ext.new_deadline.isoformat(),
    )
    return ext


# --- 回头看 -------------------------------------------------------------------


@transaction.atomic
def record_recheck(
    actor, round_: Round, finding: Finding, outcome: str, note: str = "", files: Iterable = ()
) -> Recheck:
    """One 回头看 verdict on an upheld finding; a submitted task is settled by it."""
    if round_.kind != Round.Kind.RECHECK:
        raise _refuse(
            "round", "只有回头看轮次可以记录回头看结果", "only a 回头看 round records rechecks"
        )
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.status == Finding.Status.WITHDRAWN:
        raise _refuse(
            "finding",
            "该问题已撤销,不能回头看",
            "the finding was withdrawn; it cannot be rechecked",
            409,
        )
    if finding.status != Finding.Status.CONFIRMED:
        raise _refuse(
            "finding", "该问题尚未确认,不能回头看", "the finding is not confirmed yet", 409
        )
    if outcome not in Recheck.Outcome.values:
        names = "、".join(str(o.label) for o in Recheck.Outcome)
        raise _refuse(
            "outcome",
            f"请选择回头看结果({names})",
            f"outcome must be one of {Recheck.Outcome.values}",
        )
    if Recheck.objects.filter(round=round_, finding=finding).exists():
        raise _refuse(
            "finding",
            "本轮回头看已记录该问题的结果",
            "this round already rechecked the finding",
            409,
        )
    note = (note or "").strip()
    if len(note) > Recheck.NOTE_MAX_LENGTH:
        raise _refuse(
            "note",
            f"说明不能超过 {Recheck.NOTE_MAX_LENGTH} 字",
            f"note: at most {Recheck.NOTE_MAX_LENGTH} characters",
        )
    check = Recheck.objects.create(
        round=round_, finding=finding, outcome=outcome, note=note, recorded_by=actor
    )
    stored = _store_files(actor, finding.contest, list(files))
    if stored:
        check.evidence.add(*stored)
    record(
        "rectification.recheck",
        contest=finding.contest,
        actor=actor,
        target=check.ref,
        data={
            "finding": finding.ref,
            "round": round_.name,
            "outcome": outcome,
            "note": note,
            "evidence": [f.sha256 for f in stored],
        },
        saved=[check],
    )
    task = Task.objects.filter(finding=finding).first()
    if task is not None and task.state == State.SUBMITTED:
        task = _locked(task)
        label = f"回头看:{Recheck.Outcome(outcome).label}" + (f"({note[:200]})" if note else "")
        task.verdict = label[:300]
        _move(
            actor,
            task,
            RECHECK_MOVES[outcome],
            task.verdict,
            action="rectification.recheck.settle",
            fields=["verdict"],
            data={"recheck": check.ref},
        )
    return check


@transaction.atomic
def correct_recheck(actor, check: Recheck, outcome: str, reason: str) -> Recheck:
    """The organizer corrects a mistaken 回头看 outcome, with a reason; the old one stays shown.

    The task's state is left as it is: a task the mistaken outcome settled is
    moved, if need be, by the ordinary steps (return, verify), each recorded.
    """
    check = Recheck.objects.select_for_update().select_related("finding__contest").get(pk=check.pk)
    reason = _text(reason, Recheck, "correction_reason", "更正原因", required=True)
    if outcome not in Recheck.Outcome.values:
        raise _refuse(
            "outcome", "请选择更正后的结果", f"outcome must be one of {Recheck.Outcome.values}"
        )
    if outcome == check.outcome:
        raise _refuse("outcome", "更正后的结果与原结果相同", "the outcome is unchanged", 409)
    check.corrected_from, check.outcome = check.outcome, outcome
    check.corrected_by, check.corrected_at, check.correction_reason = actor, timezone.now(), reason
    check.save(
        update_fields=[
            "outcome",
            "corrected_from",
            "corrected_by",
            "corrected_at",
            "correction_reason",
        ]
    )
    record(
        "rectification.recheck.correct",
        contest=check.finding.contest,
        actor=actor,
        target=check.ref,
        data={"finding": check.finding.ref, "from": check.corrected_from, "outcome": outcome},
        reason=reason,
        saved=[check],
    )
    return check
