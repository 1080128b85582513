"""The ledger through its pages: each role does its part and nothing more."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bipin.contests import services as contests
from bipin.contests.models import Role
from bipin.evidence.tests.conftest import png
from bipin.rectification import services
from bipin.rectification.models import Recheck, State, Task
from bipin.testing.cast import make_user

pytestmark = pytest.mark.django_db
ANSWER = {
    "measures": "更换老化管道",
    "responsible_unit": "县水利局",
    "responsible_person": "张三",
    "completion": "已完成",
}


def url(task, action=""):
    return f"/c/test-contest/rectification/{task.pk}/" + (f"{action}/" if action else "")


def shown(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_county_answers_with_a_photo_and_submits(ledger, client_as):
    task = ledger.task()
    client = client_as("entrant")
    photo = SimpleUploadedFile("整改后.png", png(), content_type="image/png")
    r = client.post(
        url(task, "answer"), {**ANSWER, "submit": "1", "evidence": [photo]}, follow=True
    )
    assert "已提交,等待核查。" in shown(r)
    task.refresh_from_db()
    assert task.state == State.SUBMITTED and task.responsible_person == "张三"
    [file] = task.evidence.all()
    assert file.name == "整改后.png"
    page = client.get(url(task)).content.decode()
    assert f"/c/test-contest/evidence/{file.pk}/" in page
    # The finding's inspector may open the county's evidence; the reporter may not.
    assert client_as("inspector").get(f"/c/test-contest/evidence/{file.pk}/").status_code == 200
    assert client_as("reporter").get(f"/c/test-contest/evidence/{file.pk}/").status_code == 403


def test_a_bad_answer_is_refused_on_the_page_and_nothing_is_saved(ledger, client_as):
    task = ledger.task()
    r = client_as("entrant").post(
        url(task, "answer"), {**ANSWER, "measures": "", "submit": "1"}, follow=True
    )
    assert "请填写整改措施 / measures: required" in shown(r)
    task.refresh_from_db()
    assert (task.state, task.completion) == (State.OPEN, "")


def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_saved(ledger, client_as):
    task = ledger.task()
    fake = SimpleUploadedFile("照片.jpg", b"not a photo", content_type="image/jpeg")
    r = client_as("entrant").post(url(task, "answer"), {**ANSWER, "evidence": [fake]}, follow=True)
    assert any("照片.jpg" in m for m in shown(r))
    task.refresh_from_db()
    assert (task.state, task.measures, task.evidence.count()) == (State.OPEN, "", 0)


def test_the_county_may_not_verify_its_own_task(ledger, client_as):
    task = ledger.task()
    services.answer(ledger.entrant, task, **ANSWER, submit=True)
    assert client_as("entrant").post(url(task, "verify")).status_code == 403
    assert client_as("entrant").post(url(task, "close")).status_code == 403
    task.refresh_from_db()
    assert task.state == State.SUBMITTED


def test_another_county_cannot_see_or_answer_the_task(ledger, client):
    task = ledger.task()
    north = make_user("north", contest=ledger.contest)
    contests.grant_role(
        ledger.organizer,
        ledger.contest,
        north,
        Role.ENTRANT_VIEWER,
        entrant=ledger.entrants["北原县"],
    )
    client.force_login(north)
    assert client.get(url(task)).status_code == 404
    assert client.post(url(task, "answer"), {**ANSWER, "submit": "1"}).status_code == 404
    listed = client.get("/c/test-contest/rectification/").content.decode()
    assert url(task) not in listed
    task.refresh_from_db()
    assert task.state == State.OPEN


def test_an_inspector_of_another_team_does_not_see_the_task(ledger, client):
    task = ledger.task()
    other = make_user("inspector3", contest=ledger.contest)
    contests.grant_role(ledger.organizer, ledger.contest, other, Role.INSPECTOR)
    client.force_login(other)
    assert client.get(url(task)).status_code == 404
    assert client.post(url(task, "verify")).status_code == 404


def test_the_inspector_may_not_answer_for_the_county(ledger, client_as):
    task = ledger.task()
    assert (
        client_as("inspector").post(url(task, "answer"), {**ANSWER, "submit": "1"}).status_code
        == 403
    )


def test_the_inspector_returns_with_a_reason_and_the_county_sees_it(ledger, client_as):
    task = ledger.task()
    services.answer(ledger.entrant, task, **ANSWER, submit=True)
    r = client_as("inspector").post(
        url(task, "verify"), {"decision": "return", "reason": ""}, follow=True
    )
    assert "请填写退回原因 / verdict: required" in shown(r)
    client_as("inspector").post(url(task, "verify"), {"decision": "return", "reason": "照片不清"})
    page = client_as("entrant").get(url(task)).content.decode()
    assert "照片不清" in page and "退回" in page


def test_a_closed_task_is_refused_on_the_page(ledger, client_as):
    task = ledger.task()
    services.answer(ledger.entrant, task, **ANSWER, submit=True)
    services.verify(ledger.inspector, task)
    client_as("organizer").post(url(task, "close"))
    task.refresh_from_db()
    assert task.state == State.CLOSED
    r = client_as("entrant").post(url(task, "answer"), {**ANSWER, "submit": "1"}, follow=True)
    assert (
        "整改任务当前为“已销号”,不能修改或提交 / the task is closed; it cannot be changed or submitted"
        in shown(r)
    )


def test_a_deadline_that_is_not_a_date_is_refused(ledger, client_as):
    task = ledger.task()
    old = task.deadline
    r = client_as("organizer").post(
        url(task, "deadline"), {"deadline": "下个月", "reason": "x"}, follow=True
    )
    assert "整改时限不是有效日期(格式 2026-03-31) / deadline: not a date (use 2026-03-31)" in shown(
        r
    )
    task.refresh_from_db()
    assert task.deadline == old


def test_the_extension_flow_through_the_pages(ledger, client_as):
    task = ledger.task()
    client_as("entrant").post(
        url(task, "extension"), {"new_deadline": "2030-06-30", "reason": "雨季无法施工"}
    )
    ext = task.extensions.get()
    listed = client_as("organizer").get("/c/test-contest/rectification/").content.decode()
    assert "雨季无法施工" in listed
    r = client_as("organizer").post(
        f"/c/test-contest/rectification/extensions/{ext.pk}/",
        {"decision": "refuse", "reason": ""},
        follow=True,
    )
    assert "请填写审批意见 / decision_reason: required" in shown(r)
    client_as("organizer").post(
        f"/c/test-contest/rectification/extensions/{ext.pk}/", {"decision": "grant"}
    )
    task.refresh_from_db()
    assert str(task.deadline) == "2030-06-30"


def test_the_recheck_page_says_what_the_scheme_charges(ledger, client_as):
    ledger.finding()
    page = client_as("inspector2").get(
        f"/c/test-contest/rectification/recheck/{ledger.recheck_round.pk}/"
    )
    text = page.content.decode()
    assert "整改不到位再扣 1 倍" in text and "问题反弹不再扣分" in text


def test_the_recheck_team_records_an_outcome_and_others_cannot(ledger, client_as):
    finding = ledger.finding()
    base = f"/c/test-contest/rectification/recheck/{ledger.recheck_round.pk}/"
    assert client_as("inspector").get(base).status_code == 404
    assert (
        client_as("organizer").post(f"{base}{finding.pk}/", {"outcome": "rectified"}).status_code
        == 403
    )
    r = client_as("inspector2").post(
        f"{base}{finding.pk}/", {"outcome": "not_rectified", "note": "仍漏水"}, follow=True
    )
    assert "回头看结果已记录。" in shown(r)
    assert Recheck.objects.get().outcome == "not_rectified"
    # 北原县 is not on the 回头看 team's list.
    north = ledger.finding("北原县")
    assert (
        client_as("inspector2").post(f"{base}{north.pk}/", {"outcome": "rectified"}).status_code
        == 404
    )
    assert Task.objects.get(finding=north).state == State.OPEN
