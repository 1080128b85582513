"""Junk typed or sent to the event-day pages: a message on the page, never a 500.

Texts longer than the column they are stored in are refused with the limit in
words (the limit comes from the model field); ids that name nothing, or are
not ids at all, are refused like a wrong choice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bipin.contests import services as contest_services
from bipin.contests.models import Membership
from bipin.judging import draws, services
from bipin.judging.models import Draw, Panel, Recusal, Sheet

SCHEME = Path(__file__).resolve().parents[3] / "examples" / "apples" / "scheme.yaml"
NOT_IDS = ["²", "9" * 30, "甲", "-1", "", "1.5"]
SETUP = "/c/test-contest/judging/setup/"


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("minutes", ["²", "eight", "9" * 30, "-1", "1441", "8.5"])
def test_a_talk_length_that_is_not_whole_minutes_is_refused(event, client_as, minutes):
    r = client_as("organizer").post("/c/test-contest/judging/console/action/",
                                    {"action": "call", "minutes": minutes}, follow=True)
    assert "时长须为 0 到 1440 的整数分钟" in page(r)
    assert services.stage_of(event.contest).entrant is None


@pytest.mark.parametrize("value", NOT_IDS)
def test_set_up_choices_that_name_nothing_are_refused(event, client_as, value):
    client = client_as("organizer")
    member = Membership.objects.get(contest=event.contest, user=event.judge).pk
    for data, message in [
        ({"action": "seat", "member": value, "panel": event.panel.pk}, "请选择评委"),
        ({"action": "seat", "member": member, "panel": value}, "请选择评委组"),
        ({"action": "recuse", "member": member, "entrant": value, "reason": "同县"}, "请选择参评对象"),
        ({"action": "stage", "panel": value}, "请选择评委组"),
    ]:
        assert message in page(client.post(SETUP, data, follow=True)), data
    assert not Recusal.objects.exists()


def test_an_over_long_recusal_reason_or_panel_name_is_refused_in_words(event, client_as):
    client = client_as("organizer")
    member = Membership.objects.get(contest=event.contest, user=event.judge).pk
    r = client.post(SETUP, {"action": "recuse", "member": member,
                            "entrant": event.entrants["南川县"].pk, "reason": "同" * 201}, follow=True)
    assert "回避原因不能超过 200 字" in page(r)
    assert not Recusal.objects.exists()
    contest_services.upload_scheme(event.organizer, event.contest, SCHEME.read_bytes(), SCHEME.name)
    r = client.post(SETUP, {"action": "panel", "item": "tasting", "name": "组" * 101}, follow=True)
    assert "评委组名称不能超过 100 字" in page(r)
    assert Panel.objects.filter(item="tasting").count() == 0


def test_an_over_long_reopen_reason_is_refused_in_words(event, client_as):
    sheet, _ = services.submit_sheet(event.judge, event.panel, event.entrants["南川县"],
                                     key="reopen-key-01", marks={"content": "5", "delivery": "3"})
    r = client_as("chief").post(f"/c/test-contest/judging/sheets/{sheet.pk}/reopen/",
                                {"reason": "误" * 301}, follow=True)
    assert "退回原因不能超过 300 字" in page(r)
    sheet.refresh_from_db()
    assert sheet.status == Sheet.Status.LOCKED


@pytest.mark.parametrize("value", NOT_IDS[:4])
def test_a_draw_of_a_group_or_a_redraw_that_names_nothing_is_not_found(event, client_as, value):
    client = client_as("organizer")
    assert client.post("/c/test-contest/judging/draws/", {"group": value}).status_code == 404
    assert client.post("/c/test-contest/judging/draws/",
                       {"replaces": value, "reason": "重抽"}).status_code == 404
    assert not Draw.objects.exists()


def test_an_over_long_redraw_reason_is_refused_in_words(event, client_as):
    draw = draws.commit_draw(event.organizer, event.contest)
    r = client_as("organizer").post("/c/test-contest/judging/draws/",
                                    {"replaces": draw.number, "reason": "因" * 301}, follow=True)
    assert "重抽原因不能超过 300 字" in page(r)
    assert Draw.objects.count() == 1


@pytest.mark.parametrize("judge", NOT_IDS)
def test_a_paper_sheet_for_a_judge_that_is_not_one_is_refused(event, client_as, judge):
    r = client_as("organizer").post("/c/test-contest/judging/paper/", {
        "judge": judge, "entry": event.refs["南川县"], "key": "paper-key-0001",
        "mark-content": "5", "mark-delivery": "3"})
    assert "请选择评委" in page(r)
    assert not Sheet.objects.exists()


def test_an_over_long_paper_comment_is_refused_in_words(event, client_as):
    r = client_as("organizer").post("/c/test-contest/judging/paper/", {
        "judge": event.judge.pk, "entry": event.refs["南川县"], "key": "paper-key-0001",
        "mark-content": "5", "mark-delivery": "3", "comment": "评" * (Sheet.COMMENT_MAX_LENGTH + 1)})
    assert f"评价指导不能超过 {Sheet.COMMENT_MAX_LENGTH} 字" in page(r)
    assert not Sheet.objects.exists()


def test_a_huge_id_in_the_address_is_not_found(event, client_as):
    huge = "9" * 25
    assert client_as("chief").post(f"/c/test-contest/judging/sheets/{huge}/reopen/",
                                   {"reason": "x"}).status_code == 404
    assert client_as("organizer").get(f"/c/test-contest/judging/draws/{huge}/ceremony/").status_code == 404
