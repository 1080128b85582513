"""A confirmed finding opens a task; the county answers it, the inspector verifies it,
the organizer closes it — and every step is a history row and an audit record."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from bipin.audit.models import Record
from bipin.inspections import services as inspections
from bipin.rectification import services
from bipin.rectification.models import State, Task, Transition

ANSWER = {
    "measures": "更换老化管道 300 米",
    "responsible_unit": "南川县水利局",
    "responsible_person": "张三",
    "completion": "已完成更换并试压",
}

pytestmark = pytest.mark.django_db


def states(task) -> list[tuple[str, str, str]]:
    return list(
        Transition.objects.filter(task=task)
        .order_by("pk")
        .values_list("from_state", "to_state", "reason")
    )


def actions(contest) -> list[str]:
    return list(
        Record.objects.filter(
            chain__key=f"contest:{contest.pk}", action__startswith="rectification."
        )
        .order_by("seq")
        .values_list("action", flat=True)
    )


@time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC), tick=False)
def test_a_confirmed_finding_opens_one_task_due_in_the_rounds_term(ledger):
    task = ledger.task()
    assert (task.state, task.entrant, task.deadline) == (
        State.OPEN,
        ledger.entrants["南川县"],
        datetime.date(2026, 3, 31),
    )
    assert states(task) == [("", "open", "")]
    assert actions(ledger.contest) == ["rectification.open"]


def test_an_unconfirmed_finding_opens_none(ledger):
    ledger.finding(confirm=False)
    assert not Task.objects.exists()


@time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC), tick=False)
def test_the_organizer_sets_the_rounds_term(ledger):
    services.set_term(ledger.organizer, ledger.round, 10)
    assert ledger.task().deadline == datetime.date(2026, 3, 11)
    with pytest.raises(services.JudgingError) as err:
        services.set_term(ledger.organizer, ledger.round, 0)
    assert err.value.problems[0].zh == "整改期限须为 1–366 天"


def test_the_whole_way_from_open_to_closed(ledger):
    task = ledger.task()
    services.answer(ledger.entrant, task, **ANSWER)
    services.answer(ledger.entrant, task, **ANSWER, submit=True)
    services.verify(ledger.inspector, task, "现场查看已更换")
    services.close(ledger.organizer, task)
    task.refresh_from_db()
    assert task.state == State.CLOSED and task.measures == ANSWER["measures"]
    assert task.verdict == "现场查看已更换"
    assert states(task) == [
        ("", "open", ""),
        ("open", "in_progress", ""),
        ("in_progress", "submitted", ""),
        ("submitted", "verified", "现场查看已更换"),
        ("verified", "closed", ""),
    ]
    assert actions(ledger.contest) == [
        "rectification.open",
        "rectification.answer",
        "rectification.submit",
        "rectification.verify",
        "rectification.close",
    ]


def test_submitting_needs_every_answer_field_and_names_the_missing_one(ledger):
    task = ledger.task()
    with pytest.raises(services.JudgingError) as err:
        services.answer(ledger.entrant, task, **{**ANSWER, "responsible_person": " "}, submit=True)
    p = err.value.problems[0]
    assert (p.field, p.zh, p.en) == (
        "responsible_person",
        "请填写责任人",
        "responsible_person: required",
    )
    task.refresh_from_db()
    assert (task.state, task.measures) == (State.OPEN, "")
    assert states(task) == [("", "open", "")]


def test_an_over_long_answer_is_refused_whole(ledger):
    task = ledger.task()
    with pytest.raises(services.JudgingError) as err:
        services.answer(ledger.entrant, task, **{**ANSWER, "measures": "措" * 2001})
    assert err.value.problems[0].zh == "整改措施不能超过 2000 字"
    task.refresh_from_db()
    assert task.measures == "" and task.state == State.OPEN


def test_a_returned_task_goes_back_to_work_and_may_be_submitted_again(ledger):
    task = ledger.task()
    services.answer(ledger.entrant, task, **ANSWER, submit=True)
    with pytest.raises(services.JudgingError) as err:
        services.return_task(ledger.inspector, task, "")
    assert err.value.problems[0].zh == "请填写退回原因"
    services.return_task(ledger.inspector, task, "照片看不出更换位置")
    task.refresh_from_db()
    assert (task.state, task.verdict) == (State.RETURNED, "照片看不出更换位置")
    services.answer(ledger.entrant, task, **{**ANSWER, "completion": "补充了位置照片"})
    services.answer(ledger.entrant, task, **{**ANSWER, "completion": "补充了位置照片"}, submit=True)
    assert [s[1] for s in states(task)] == [
        "open",
        "submitted",
        "returned",
        "in_progress",
        "submitted",
    ]


@pytest.mark.parametrize("doing", ["answer", "submit", "verify", "return", "close"])
def test_a_closed_task_takes_nothing_more(ledger, doing):
    task = ledger.task()
    services.answer(ledger.entrant, task, **ANSWER, submit=True)
    services.verify(ledger.inspector, task)
    services.close(ledger.organizer, task)
    calls = {
        "answer": lambda: services.answer(ledger.entrant, task, **ANSWER),
        "submit": lambda: services.answer(ledger.entrant, task, **ANSWER, submit=True),
        "verify": lambda: services.verify(ledger.inspector, task),
        "return": lambda: services.return_task(ledger.inspector, task, "再看看"),
        "close": lambda: services.close(ledger.organizer, task),
    }
    with pytest.raises(services.JudgingError) as err:
        calls[doing]()
    assert err.value.problems[0].zh.startswith("整改任务当前为“已销号”,不能")
    assert err.value.status == 409
    assert len(states(task)) == 4


def test_only_a_verified_task_is_closed(ledger):
    task = ledger.task()
    with pytest.raises(services.JudgingError) as err:
        services.close(ledger.organizer, task)
    assert err.value.problems[0].zh == "整改任务当前为“待整改”,不能销号(须先核查通过)"


def test_a_withdrawn_finding_cancels_its_task_which_stays_in_the_ledger(ledger):
    task = ledger.task()
    inspections.withdraw_finding(
        ledger.organizer, task.finding, "申辩成立:管网已于核查前更换", roles={"organizer"}
    )
    task.refresh_from_db()
    assert task.state == State.CANCELLED
    assert states(task)[-1] == ("open", "cancelled", "申辩成立:管网已于核查前更换")
    assert actions(ledger.contest)[-1] == "rectification.cancel"
    with pytest.raises(services.JudgingError):
        services.answer(ledger.entrant, task, **ANSWER)


def test_the_organizer_moves_a_deadline_with_a_reason(ledger):
    task = ledger.task()
    with pytest.raises(services.JudgingError) as err:
        services.set_deadline(ledger.organizer, task, datetime.date(2026, 1, 15), "")
    assert err.value.problems[0].zh == "请填写调整原因"
    services.set_deadline(ledger.organizer, task, datetime.date(2026, 1, 15), "按纸质台账时限")
    task.refresh_from_db()
    assert task.deadline == datetime.date(2026, 1, 15)
    last = Record.objects.filter(action="rectification.deadline").get()
    assert last.reason == "按纸质台账时限" and last.data["deadline"] == "2026-01-15"


def test_the_term_counts_from_the_local_day_of_confirmation(ledger):
    # 2026-03-01 20:00 UTC is already 2 March in Asia/Shanghai (the default TIME_ZONE).
    with time_machine.travel(datetime.datetime(2026, 3, 1, 20, tzinfo=datetime.UTC), tick=False):
        task = ledger.task()
    assert task.deadline == datetime.date(2026, 4, 1)
