"""延期申请: the county asks for more time with a reason; the organizer decides."""

from __future__ import annotations

import datetime

import pytest

from bipin.audit.models import Record
from bipin.rectification import services
from bipin.rectification.models import Extension

pytestmark = pytest.mark.django_db
LATER = datetime.date(2027, 6, 30)


def test_a_granted_request_moves_the_deadline(ledger):
    task = ledger.task()
    old = task.deadline
    ext = services.request_extension(ledger.entrant, task, LATER, "雨季无法施工")
    services.decide_extension(ledger.organizer, ext, True, "")
    task.refresh_from_db()
    ext.refresh_from_db()
    assert task.deadline == LATER
    assert (ext.decision, ext.old_deadline, ext.decided_by) == ("granted", old, ledger.organizer)
    assert list(
        Record.objects.filter(action__startswith="rectification.extension").values_list(
            "action", "reason"
        )
    ) == [
        ("rectification.extension.request", "雨季无法施工"),
        ("rectification.extension.granted", ""),
    ]


def test_a_refusal_needs_a_reason_and_keeps_the_deadline(ledger):
    task = ledger.task()
    old = task.deadline
    ext = services.request_extension(ledger.entrant, task, LATER, "雨季无法施工")
    with pytest.raises(services.JudgingError) as err:
        services.decide_extension(ledger.organizer, ext, False, " ")
    assert err.value.problems[0].zh == "请填写审批意见"
    services.decide_extension(ledger.organizer, ext, False, "可分段施工")
    task.refresh_from_db()
    assert task.deadline == old
    with pytest.raises(services.JudgingError) as err:
        services.decide_extension(ledger.organizer, ext, True, "")
    assert err.value.problems[0].zh == "该延期申请已审批"


@pytest.mark.parametrize(
    "when, reason, zh",
    [
        (LATER, "", "请填写延期理由"),
        (None, "雨季", "请填写申请延至的日期"),
        (datetime.date(2020, 1, 1), "雨季", "申请延至的日期须晚于现时限"),
    ],
)
def test_a_bad_request_is_refused_by_its_field(ledger, when, reason, zh):
    task = ledger.task()
    with pytest.raises(services.JudgingError) as err:
        services.request_extension(ledger.entrant, task, when, reason)
    assert err.value.problems[0].zh.startswith(zh)
    assert not Extension.objects.exists()


def test_one_request_waits_at_a_time(ledger):
    task = ledger.task()
    services.request_extension(ledger.entrant, task, LATER, "雨季无法施工")
    with pytest.raises(services.JudgingError) as err:
        services.request_extension(ledger.entrant, task, LATER, "再申请")
    assert err.value.problems[0].zh == "已有一份延期申请待审批"
    assert Extension.objects.count() == 1


def test_a_submitted_task_asks_for_no_more_time(ledger):
    task = ledger.task()
    ledger.submit(task)
    with pytest.raises(services.JudgingError) as err:
        services.request_extension(ledger.entrant, task, LATER, "雨季")
    assert err.value.problems[0].zh == "整改任务当前为“已提交”,不能申请延期"
