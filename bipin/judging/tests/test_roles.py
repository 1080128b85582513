"""Who sees what: own sheets only, recusal, chief-judge reopening, the console."""

import pytest

from bipin.judging import services
from bipin.judging.models import Sheet

GOOD = {"content": "5", "delivery": "3"}


def test_a_judge_cannot_read_another_judges_sheet(event, client_as, post_sheet):
    client_as("judge")
    post_sheet("test-contest", event.refs["南川县"], GOOD, key="judge-one-key")
    assert client_as("judge").get("/api/judging/test-contest/sheets/judge-one-key").status_code == 200
    r = client_as("judge2").get("/api/judging/test-contest/sheets/judge-one-key")
    assert r.status_code == 404 and "南川" not in r.content.decode()


def test_a_judge_cannot_change_another_judges_sheet_by_reusing_its_key(event, client_as, post_sheet):
    client_as("judge")
    post_sheet("test-contest", event.refs["南川县"], GOOD, key="judge-one-key")
    client_as("judge2")
    r = post_sheet("test-contest", event.refs["南川县"], {"content": "0", "delivery": "0"}, key="judge-one-key")
    assert r.status_code == 201  # a new sheet of judge2's own; judge's is untouched
    mine = Sheet.objects.get(judge=event.judge)
    assert [str(m.value) for m in mine.marks.order_by("criterion")] == ["5.00", "3.00"]


def test_a_recused_judge_never_sees_the_entrant(event, client_as, post_sheet):
    services.recuse(event.organizer, event.contest, event.judge, event.entrants["南川县"], "同县")
    client = client_as("judge")
    tasks = client.get("/api/judging/test-contest/tasks").json()
    refs = [e["ref"] for e in tasks["panels"][0]["entries"]]
    assert event.refs["南川县"] not in refs and event.refs["北原县"] in refs
    r = post_sheet("test-contest", event.refs["南川县"], GOOD)
    assert r.status_code == 404 and Sheet.objects.count() == 0


def test_an_unseated_judge_has_no_panel_and_cannot_submit(event, client_as, post_sheet, django_user_model):
    from bipin.contests import services as contest_services

    other = django_user_model.objects.create_user("judge3", password="x")
    contest_services.grant_role(event.organizer, event.contest, other, "judge")
    client = client_as("judge")  # log in, then switch to the unseated one
    client.force_login(other)
    assert client.get("/api/judging/test-contest/tasks").json()["panels"] == []
    assert post_sheet("test-contest", event.refs["南川县"], GOOD).status_code == 404


def test_the_tasks_list_needs_a_judge(event, client_as):
    assert client_as("bystander").get("/api/judging/test-contest/tasks").status_code == 404
    assert client_as("inspector").get("/api/judging/test-contest/tasks").status_code == 403
    assert client_as("judge").post("/api/judging/test-contest/tasks").status_code == 405


def _sheet(event, judge="judge", key="judge-one-key"):
    return services.submit_sheet(event.users[judge], event.panel, event.entrants["南川县"], key=key,
                                 marks=GOOD)[0]


def test_the_chief_judge_reopens_a_locked_sheet_with_a_reason(event, client_as):
    sheet = _sheet(event)
    client = client_as("chief")
    r = client.post(f"/c/test-contest/judging/sheets/{sheet.pk}/reopen/", {"reason": "笔误"})
    assert r.status_code == 302
    sheet.refresh_from_db()
    assert (sheet.status, sheet.reopen_reason, sheet.reopened_by) == ("reopened", "笔误", event.chief)


def test_a_correction_is_a_new_record_and_the_old_one_is_kept(event, client_as, post_sheet):
    old = _sheet(event)
    services.reopen_sheet(event.chief, old, "笔误")
    client_as("judge")
    r = post_sheet("test-contest", event.refs["南川县"], {"content": "6", "delivery": "4"}, key="judge-fix-key")
    assert r.status_code == 201
    old.refresh_from_db()
    new = Sheet.objects.get(key="judge-fix-key")
    assert old.status == "superseded" and new.supersedes == old and new.status == "locked"
    assert [str(m.value) for m in old.marks.order_by("criterion")] == ["5.00", "3.00"]


def test_reopening_needs_a_reason(event, client_as):
    sheet = _sheet(event)
    client_as("chief").post(f"/c/test-contest/judging/sheets/{sheet.pk}/reopen/", {"reason": " "})
    sheet.refresh_from_db()
    assert sheet.status == "locked"


@pytest.mark.parametrize("name, status", [("judge", 403), ("organizer", 403), ("bystander", 404)])
def test_only_the_chief_judge_can_reopen(event, client_as, name, status):
    sheet = _sheet(event)
    r = client_as(name).post(f"/c/test-contest/judging/sheets/{sheet.pk}/reopen/", {"reason": "x"})
    assert r.status_code == status
    sheet.refresh_from_db()
    assert sheet.status == "locked"


def test_reopen_needs_post(event, client_as):
    sheet = _sheet(event)
    assert client_as("chief").get(f"/c/test-contest/judging/sheets/{sheet.pk}/reopen/").status_code == 405


def test_the_sheet_list_is_for_the_chief_judge_and_organizer(event, client_as):
    _sheet(event)
    r = client_as("chief").get("/c/test-contest/judging/sheets/")
    assert r.status_code == 200 and "退回更正" in r.content.decode()
    assert "退回更正" not in client_as("organizer").get("/c/test-contest/judging/sheets/").content.decode()
    assert client_as("judge").get("/c/test-contest/judging/sheets/").status_code == 403
    assert client_as("chief").post("/c/test-contest/judging/sheets/").status_code == 405


def test_the_judge_page_is_for_judges(event, client_as):
    r = client_as("judge").get("/c/test-contest/judging/score/")
    assert r.status_code == 200 and 'id="score"' in r.content.decode()
    assert client_as("inspector").get("/c/test-contest/judging/score/").status_code == 403
    assert client_as("bystander").get("/c/test-contest/judging/score/").status_code == 404
    assert client_as("judge").post("/c/test-contest/judging/score/").status_code == 405


def test_the_console_and_screen_are_not_for_judges(event, client_as):
    for url in ("/c/test-contest/judging/console/", "/c/test-contest/judging/screen/",
                "/api/judging/test-contest/console", "/api/judging/test-contest/board"):
        assert client_as("judge").get(url).status_code == 403, url
        assert client_as("other_organizer").get(url).status_code == 404, url
    assert client_as("organizer").get("/c/test-contest/judging/console/").status_code == 200
    assert client_as("chief").get("/c/test-contest/judging/screen/").status_code == 200
    assert client_as("organizer").post("/api/judging/test-contest/board").status_code == 405


def test_the_chief_judge_watches_the_console_but_does_not_run_the_day(event, client_as):
    chief = client_as("chief")
    page = chief.get("/c/test-contest/judging/console/").content.decode()
    # The sheets coming in, who is on stage and a new link for a locked-out judge ...
    assert 'id="console-table"' in page and 'id="on-stage"' in page and 'id="new-links"' in page
    # ... but calling presenters, the timer, the big screen and its links are the organizer's.
    for organizers in ("请上台", "开始计时", "大屏公布方式", "生成大屏专用链接", "抽签</a>"):
        assert organizers not in page, organizers
    assert chief.get("/api/judging/test-contest/console").status_code == 200
    for action in ("call", "start", "reveal", "screen_link", "release_key"):
        assert chief.post("/c/test-contest/judging/console/action/", {"action": action}).status_code == 403
    assert "现场控制台" in chief.get("/c/test-contest/").content.decode()


def test_the_console_shows_which_judges_have_submitted(event, client_as):
    _sheet(event)
    data = client_as("organizer").get("/api/judging/test-contest/console").json()
    row = next(e for e in data["entries"] if e["label"] == "南川县")
    judges = dict(zip(data["judges"], row["judges"], strict=True))
    assert judges["judge"] == "locked" and judges["judge2"] == ""


def test_the_judge_sees_why_a_sheet_was_sent_back(event, client_as):
    services.reopen_sheet(event.chief, _sheet(event), "内容分超出本人记录")
    tasks = client_as("judge").get("/api/judging/test-contest/tasks").json()
    entry = next(e for e in tasks["panels"][0]["entries"] if e["ref"] == event.refs["南川县"])
    assert entry["status"] == "reopened" and entry["reason"] == "内容分超出本人记录"
    other = next(e for e in tasks["panels"][0]["entries"] if e["ref"] == event.refs["北原县"])
    assert other["status"] == "open" and "reason" not in other


def test_the_judge_page_is_available_in_english(event, client_as):
    client = client_as("judge")
    client.cookies["django_language"] = "en"
    page = client.get("/c/test-contest/judging/score/").content.decode()
    assert "Confirm" in page and "确认提交" not in page
