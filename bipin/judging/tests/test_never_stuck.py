"""A judge is never stuck on the day: a fresh login link from the chief judge in
one tap, the scoring page right after logging in, and a sheet sent back for
correction that comes back with what the judge filed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bipin.accounts.links import create_login_link
from bipin.accounts.models import LoginLink
from bipin.audit.models import Record
from bipin.judging import services, timer
from bipin.judging.models import Sheet
from bipin.testing.cast import PASSWORD

pytestmark = pytest.mark.django_db


def new_link(client, event, judge="judge", back=""):
    return client.post(f"/c/test-contest/judging/judges/{event.users[judge].pk}/new-link/", {"back": back})


def token_of(response) -> str:
    return response.context["url"].rstrip("/").rsplit("/", 1)[1]


def test_the_chief_judge_renews_a_judges_link_and_only_the_new_one_works(client_as, event):
    old = create_login_link(event.organizer, event.judge, contest=event.contest)
    r = new_link(client_as("chief"), event, back="sheets")
    assert r.status_code == 200
    page = r.content.decode()
    assert "<svg" in page and r.context["url"] in page
    assert r.context["back"] == "judging:sheets"
    fresh = token_of(r)
    client = client_as("chief")
    client.logout()
    assert client.get(f"/accounts/link/{old}/").status_code == 410
    landed = client.get(f"/accounts/link/{fresh}/")
    assert landed.status_code == 302 and landed["Location"] == "/c/test-contest/judging/score/"
    renewed = Record.objects.get(action="login_link.reissue")
    assert renewed.target == "judge" and renewed.data == {"revoked": 1}
    assert renewed.actor == event.chief


def test_the_organizer_renews_a_link_from_the_console(client_as, event):
    client = client_as("organizer")
    console = client.get("/c/test-contest/judging/console/").content.decode()
    assert f"/judging/judges/{event.judge.pk}/new-link/" in console
    assert f"/judging/judges/{event.chief.pk}/new-link/" in console  # the organizer may renew the chief's too
    r = new_link(client, event, judge="chief", back="console")
    assert r.status_code == 200 and r.context["back"] == "judging:console"


def test_a_judge_cannot_renew_anyones_link(client_as, event):
    assert new_link(client_as("judge"), event, judge="judge2").status_code == 403
    assert new_link(client_as("judge2"), event, judge="judge2").status_code == 403
    assert not LoginLink.objects.exists()


def test_others_cannot_renew_a_link_and_the_old_one_keeps_working(client_as, event, client):
    old = create_login_link(event.organizer, event.judge, contest=event.contest)
    assert new_link(client_as("chief"), event, judge="chief").status_code == 404  # a chief relinks judges only
    assert new_link(client_as("bystander"), event).status_code == 404
    assert new_link(client_as("inspector"), event).status_code == 403
    client.logout()
    anonymous = new_link(client, event)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client.get("/c/test-contest/judging/judges/1/new-link/").status_code in (302, 405)
    assert client.get(f"/accounts/link/{old}/").status_code == 302  # never revoked
    assert not Record.objects.filter(action="login_link.reissue").exists()


def test_a_judge_not_seated_gets_no_new_link_button_and_no_link(client_as, event, cast):
    from bipin.judging.models import Seat

    Seat.objects.filter(user=event.judge2).delete()
    client = client_as("chief")
    assert f"/judges/{event.judge2.pk}/new-link/" not in client.get("/c/test-contest/judging/sheets/").content.decode()
    assert new_link(client, event, judge="judge2").status_code == 404


def test_a_link_the_contest_may_not_give_is_refused_with_the_reason(client_as, event):
    from bipin.accounts.models import AccountOrigin

    AccountOrigin.objects.filter(user=event.judge).delete()  # an account the contest did not create
    old = LoginLink.objects.count()
    r = new_link(client_as("chief"), event, back="sheets")
    assert r.status_code == 302 and r["Location"] == "/c/test-contest/judging/sheets/"
    assert "未为 judge 生成登录链接" in client_as("chief").get(r["Location"]).content.decode()
    assert LoginLink.objects.count() == old


def test_a_used_or_expired_link_is_not_counted_as_revoked(client_as, event):
    used = create_login_link(event.organizer, event.judge, contest=event.contest)
    client_as("chief").get(f"/accounts/link/{used}/")
    LoginLink.objects.create(user=event.judge, contest=event.contest, token_hash="x" * 64,
                             expires_at=timezone.now() - timedelta(hours=1))
    new_link(client_as("chief"), event)
    assert Record.objects.get(action="login_link.reissue").data == {"revoked": 0}


def test_a_judge_lands_on_the_scoring_page_after_logging_in(client, event):
    r = client.post("/accounts/login/", {"username": "judge", "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/c/test-contest/judging/score/"


def test_a_page_asked_for_comes_before_the_scoring_page(client, event):
    r = client.post("/accounts/login/?next=/c/test-contest/", {"username": "judge", "password": PASSWORD})
    assert r["Location"] == "/c/test-contest/"


def test_someone_who_judges_nowhere_lands_where_they_did_before(client, event):
    r = client.post("/accounts/login/", {"username": "inspector", "password": PASSWORD})
    assert r["Location"] == "/"


def test_the_day_is_the_contest_with_someone_on_stage(client, event):
    from bipin.contests import services as contest_services

    other = contest_services.create_contest(event.organizer, name="另一场", slug="another", year=2026)
    contest_services.grant_role(event.organizer, other, event.judge, "judge")
    panel = services.create_panel(event.organizer, other, item="report", name="汇报",
                                  criteria=[{"id": "c", "name": "内容", "max": 10, "step": 1}])
    services.seat_judge(event.organizer, panel, event.judge)
    timer.call_entrant(event.organizer, event.contest, event.entrants["南川县"])
    r = client.post("/accounts/login/", {"username": "judge", "password": PASSWORD})
    assert r["Location"] == "/c/test-contest/judging/score/"


def test_a_reopened_sheet_comes_back_with_its_marks_and_comment(client_as, event, post_sheet):
    client = client_as("judge")
    post_sheet("test-contest", event.refs["南川县"], {"content": "5.5", "delivery": "3"}, comment="数据翔实")
    sheet = Sheet.objects.get()
    services.reopen_sheet(event.chief, sheet, "表达分填错")
    entry = client.get("/api/judging/test-contest/tasks").json()["panels"][0]["entries"][0]
    assert entry == {"ref": event.refs["南川县"], "label": entry["label"], "status": "reopened",
                     "reason": "表达分填错", "marks": {"content": "5.50", "delivery": "3.00"},
                     "comment": "数据翔实"}
    others = client.get("/api/judging/test-contest/tasks").json()["panels"][0]["entries"][1:]
    assert all("marks" not in e and "comment" not in e for e in others)
