"""Submitting a sheet through the API: validation, idempotency, locking."""

from bipin.judging.models import Mark, Sheet

GOOD = {"content": "5.5", "delivery": "3"}


def test_a_judge_submits_a_sheet_and_it_is_stored_locked(event, client_as, post_sheet):
    client_as("judge")
    r = post_sheet("test-contest", event.refs["南川县"], GOOD, comment="数据翔实")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "locked" and body["created"] is True
    assert body["marks"] == {"content": "5.50", "delivery": "3.00"}
    sheet = Sheet.objects.get()
    assert (sheet.judge, sheet.entrant.name, sheet.comment) == (event.judge, "南川县", "数据翔实")


def test_a_resend_with_the_same_key_returns_the_stored_sheet_once(event, client_as, post_sheet):
    client_as("judge")
    first = post_sheet("test-contest", event.refs["南川县"], GOOD, key="phone-key-1")
    again = post_sheet("test-contest", event.refs["南川县"], {"content": "1", "delivery": "1"}, key="phone-key-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["marks"] == first.json()["marks"] and again.json()["created"] is False
    assert Sheet.objects.count() == 1 and Mark.objects.count() == 2


def test_a_judge_cannot_score_again_after_locking(event, client_as, post_sheet):
    client_as("judge")
    post_sheet("test-contest", event.refs["南川县"], GOOD, key="phone-key-1")
    r = post_sheet("test-contest", event.refs["南川县"], GOOD, key="phone-key-2")
    assert r.status_code == 409
    assert "已锁定" in r.json()["errors"][0]["zh"]
    assert Sheet.objects.count() == 1


def test_a_key_cannot_be_reused_for_another_entrant(event, client_as, post_sheet):
    client_as("judge")
    post_sheet("test-contest", event.refs["南川县"], GOOD, key="phone-key-1")
    r = post_sheet("test-contest", event.refs["北原县"], GOOD, key="phone-key-1")
    assert r.status_code == 409 and Sheet.objects.count() == 1


def test_marks_out_of_range_or_off_step_are_refused_with_every_problem(event, client_as, post_sheet):
    client_as("judge")
    r = post_sheet("test-contest", event.refs["南川县"], {"content": "5.3", "delivery": "7", "extra": 1})
    assert r.status_code == 400
    errors = {e["field"]: e for e in r.json()["errors"]}
    assert set(errors) == {"content", "delivery", "extra"}
    assert "0.5" in errors["content"]["zh"] and "multiple of 0.5" in errors["content"]["en"]
    assert "0 到 4" in errors["delivery"]["zh"]
    assert Sheet.objects.count() == 0


def test_a_missing_or_non_numeric_mark_is_refused(event, client_as, post_sheet):
    client_as("judge")
    r = post_sheet("test-contest", event.refs["南川县"], {"content": "abc"})
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"content", "delivery"}
    assert post_sheet("test-contest", event.refs["南川县"], {"content": "NaN", "delivery": "1"}).status_code == 400


def test_a_bad_key_or_body_is_refused(event, client_as, post_sheet, client):
    client_as("judge")
    assert post_sheet("test-contest", event.refs["南川县"], GOOD, key="short").status_code == 400
    r = client.post("/api/judging/test-contest/sheets", data="not json", content_type="application/json")
    assert r.status_code == 400 and r.json()["errors"][0]["en"] == "body is not valid JSON"


def test_submitting_needs_post(event, client_as):
    assert client_as("judge").get("/api/judging/test-contest/sheets").status_code == 405


def test_a_stranger_or_a_read_only_role_cannot_submit(event, client_as, post_sheet):
    client_as("bystander")
    assert post_sheet("test-contest", event.refs["南川县"], GOOD).status_code == 404
    for name in ("inspector", "entrant", "organizer"):
        client_as(name)
        assert post_sheet("test-contest", event.refs["南川县"], GOOD).status_code == 403
    assert Sheet.objects.count() == 0


def test_an_unknown_entry_or_panel_gives_the_same_404(event, client_as, post_sheet):
    client_as("judge")
    a = post_sheet("test-contest", "0000000000000000", GOOD)
    b = post_sheet("test-contest", event.refs["南川县"], GOOD, panel="nope")
    assert a.status_code == b.status_code == 404
    assert a.json() == b.json()
    assert "南川" not in a.content.decode()


def test_a_resend_answers_with_the_stored_sheet_even_after_a_recusal(event, client_as, post_sheet):
    from bipin.judging import services

    client_as("judge")
    post_sheet("test-contest", event.refs["南川县"], GOOD, key="phone-key-1")
    services.recuse(event.organizer, event.contest, event.judge, event.entrants["南川县"], "同县")
    again = post_sheet("test-contest", event.refs["南川县"], {"content": "x"}, key="phone-key-1")
    assert again.status_code == 200 and again.json()["marks"] == {"content": "5.50", "delivery": "3.00"}
