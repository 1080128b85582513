"""The big screen's data: results once complete, the three modes, ETags, blind mode."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from bipin.contests import services as contest_services
from bipin.judging import live, services, timer
from bipin.judging.models import Presentation, RevealMode, Sheet

MARKS = {"judge": ("5", "3"), "judge2": ("6", "4"), "chief": ("4", "2"), "j4": ("5.5", "4"), "j5": ("2", "1")}


def five_judges(event, django_user_model):
    for name in ("j4", "j5"):
        user = django_user_model.objects.create_user(name, password="x")
        contest_services.grant_role(event.organizer, event.contest, user, "judge")
        services.seat_judge(event.organizer, event.panel, user)
        event.users[name] = user


def score_all(event, entrant="南川县", judges=MARKS):
    for name, (c, d) in judges.items():
        services.submit_sheet(event.users[name], event.panel, event.entrants[entrant],
                              key=f"{name}-{event.entrants[entrant].pk}-key", marks={"content": c, "delivery": d})


def entry(board, label):
    return next(e for e in board["entries"] if e["label"] == label)


def test_the_result_shows_only_when_every_expected_sheet_is_in(event, django_user_model):
    five_judges(event, django_user_model)
    score_all(event, judges={k: v for k, v in MARKS.items() if k != "j5"})
    board = live.board(event.contest, services.stage_of(event.contest))
    assert entry(board, "南川县")["total"] is None and entry(board, "南川县")["submitted"] == 4
    score_all(event, judges={"j5": MARKS["j5"]})
    board = live.board(event.contest, services.stage_of(event.contest))
    # totals 8, 10, 6, 9.5, 3: drop 10 and 3, mean of 8, 6, 9.5 = 7.83
    assert entry(board, "南川县")["total"] == "7.83" and entry(board, "南川县")["rank"] == 1


def test_a_recused_judge_makes_the_panel_smaller_and_it_still_completes(event):
    services.recuse(event.organizer, event.contest, event.chief, event.entrants["南川县"], "同县")
    score_all(event, judges={k: MARKS[k] for k in ("judge", "judge2")})
    board = live.board(event.contest, services.stage_of(event.contest))
    e = entry(board, "南川县")
    assert (e["expected"], e["complete"], e["total"]) == (2, True, "9.00")  # below trim_min: no trimming


def test_at_end_hides_results_until_the_organizer_shows_them(event):
    services.set_reveal(event.organizer, event.contest, RevealMode.AT_END, False)
    score_all(event, judges={k: MARKS[k] for k in ("judge", "judge2", "chief")})
    board = live.board(event.contest, services.stage_of(event.contest))
    assert entry(board, "南川县")["complete"] and entry(board, "南川县")["total"] is None
    services.set_reveal(event.organizer, event.contest, RevealMode.AT_END, True)
    board = live.board(event.contest, services.stage_of(event.contest))
    assert entry(board, "南川县")["total"] == "8.00"


def test_ranks_only_never_sends_totals(event, client_as):
    services.set_reveal(event.organizer, event.contest, RevealMode.RANKS_ONLY, False)
    score_all(event, judges={k: MARKS[k] for k in ("judge", "judge2", "chief")})
    r = client_as("organizer").get("/api/judging/test-contest/board")
    e = entry(r.json(), "南川县")
    assert e["rank"] == 1 and e["total"] is None and "8.00" not in r.content.decode()


def test_the_board_answers_304_until_a_sheet_arrives(event, client_as):
    client = client_as("organizer")
    first = client.get("/api/judging/test-contest/board")
    etag = first["ETag"]
    assert client.get("/api/judging/test-contest/board", HTTP_IF_NONE_MATCH=etag).status_code == 304
    score_all(event, judges={"judge": MARKS["judge"]})
    again = client.get("/api/judging/test-contest/board", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag


def test_blind_codes_never_reveal_the_entrant(event, client_as, post_sheet):
    event.contest.blind = True
    event.contest.save(update_fields=["blind"])
    services.assign_blind_codes(event.organizer, event.contest)
    names = list(event.entrants)
    score_all(event, judges={k: MARKS[k] for k in ("judge", "judge2", "chief")})
    judge = client_as("judge")
    bodies = [judge.get("/c/test-contest/judging/score/").content.decode(),
              judge.get("/api/judging/test-contest/tasks").content.decode(),
              judge.get(f"/api/judging/test-contest/sheets/judge-{event.entrants['南川县'].pk}-key").content.decode(),
              post_sheet("test-contest", "ffffffffffffffff", {"content": "1", "delivery": "1"}).content.decode()]
    tasks = judge.get("/api/judging/test-contest/tasks").json()
    screen = client_as("organizer")
    bodies += [screen.get("/c/test-contest/judging/screen/").content.decode(),
               screen.get("/api/judging/test-contest/board").content.decode()]
    for body in bodies:
        for name in names:
            assert name not in body
    codes = {e.code for e in event.contest.entrants.all()}
    assert {e["label"] for e in tasks["panels"][0]["entries"]} == codes
    assert not codes & {"A01", "A02", "B01"}
    services.release_key(event.organizer, event.contest)
    assert "南川县" in screen.get("/api/judging/test-contest/board").content.decode()


def test_the_organizer_prints_labels_and_may_regenerate_codes(event, client_as):
    client = client_as("organizer")
    assert client.post("/c/test-contest/judging/labels/").status_code == 302
    codes = {e.code for e in event.contest.entrants.all()}
    assert len(codes) == 3 and not codes & {"A01", "A02", "B01"}
    page = client.get("/c/test-contest/judging/labels/").content.decode()
    assert all(c in page for c in codes)
    assert client_as("judge").get("/c/test-contest/judging/labels/").status_code == 403
    assert client_as("judge").post("/c/test-contest/judging/labels/").status_code == 403
    assert client.put("/c/test-contest/judging/labels/").status_code == 405


def test_the_timer_counts_pauses_and_records_overtime(event, client_as):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        stage = timer.call_entrant(event.organizer, event.contest, event.entrants["北原县"])
        timer.timer_action(event.organizer, event.contest, "start")
        clock.shift(timedelta(minutes=5))
        timer.timer_action(event.organizer, event.contest, "pause")
        clock.shift(timedelta(minutes=2))
        stage = timer.timer_action(event.organizer, event.contest, "resume")
        assert round(timer.elapsed_seconds(stage)) == 300
        clock.shift(timedelta(minutes=4, seconds=10))
        timer.timer_action(event.organizer, event.contest, "stop")
    p = Presentation.objects.get()
    assert (p.used_seconds, p.overtime_seconds, p.allowed_seconds) == (550, 70, 480)
    page = client_as("organizer").get("/c/test-contest/judging/console/").content.decode()
    assert "+70s" in page
    assert timer.next_entrant(event.contest, event.panel).name == "南川县"


def test_an_entrant_already_scored_is_not_called_up_again(event):
    # e.g. sheets typed from paper before the hall opened, or the demo's pre-scored samples
    first = timer.next_entrant(event.contest, event.panel)
    services.submit_sheet(event.judge, event.panel, first, key="paper-key-0001", marks={"content": "5",
                                                                                      "delivery": "3"})
    assert timer.next_entrant(event.contest, event.panel) not in (None, first)


def test_timer_actions_go_through_the_console_for_the_organizer_only(event, client_as):
    url = "/c/test-contest/judging/console/action/"
    assert client_as("judge").post(url, {"action": "call"}).status_code == 403
    client = client_as("organizer")
    assert client.get(url).status_code == 405
    client.post(url, {"action": "call", "minutes": "8"})
    client.post(url, {"action": "start"})
    stage = services.stage_of(event.contest)
    assert stage.entrant.name == "南川县" and stage.started_at is not None
    r = client.post(url, {"action": "resume"}, follow=True)
    assert "计时器当前不能执行此操作" in r.content.decode()
    timer_json = client.get("/api/judging/test-contest/board").json()["timer"]
    assert timer_json["entry"] == "南川县" and timer_json["length"] == 480


def test_a_clerk_typed_sheet_counts_only_after_a_second_person_confirms(event, client_as):
    event.panel.double_entry = True
    event.panel.save(update_fields=["double_entry"])
    clerk = client_as("organizer")
    clerk.post("/c/test-contest/judging/paper/", {
        "judge": event.judge.pk, "entry": event.refs["南川县"], "key": "paper-key-0001",
        "mark-content": "5", "mark-delivery": "3"})
    sheet = Sheet.objects.get()
    assert sheet.status == "pending" and sheet.entered_by == event.organizer
    assert live.locked_marks(event.panel) == {}
    clerk.post(f"/c/test-contest/judging/sheets/{sheet.pk}/confirm/")
    sheet.refresh_from_db()
    assert sheet.status == "pending"  # the typist cannot confirm their own entry
    client_as("chief").post(f"/c/test-contest/judging/sheets/{sheet.pk}/confirm/")
    sheet.refresh_from_db()
    assert sheet.status == "locked" and sheet.confirmed_by == event.chief
    assert client_as("judge").post(f"/c/test-contest/judging/sheets/{sheet.pk}/confirm/").status_code == 403
    assert client_as("chief").get(f"/c/test-contest/judging/sheets/{sheet.pk}/confirm/").status_code == 405
    assert client_as("judge").get("/c/test-contest/judging/paper/").status_code == 403


def test_a_panel_from_the_scheme_takes_its_criteria_and_rule_from_it(event, django_user_model):
    from pathlib import Path

    scheme = Path(__file__).resolve().parents[3] / "examples" / "apples" / "scheme.yaml"
    contest_services.upload_scheme(event.organizer, event.contest, scheme.read_bytes(), scheme.name)
    panel = services.create_panel_from_scheme(event.organizer, event.contest, "tasting", "感官评价")
    assert [(c["id"], c["max"], c["step"]) for c in panel.criteria] == [
        ("着色率", "30", "0.5"), ("光洁度", "30", "0.5"), ("风味口感", "40", "0.5")]
    five_judges(event, django_user_model)
    for i, name in enumerate(MARKS):
        services.seat_judge(event.organizer, panel, event.users[name])
        services.submit_sheet(event.users[name], panel, event.entrants["北原县"], key=f"apple-key-{i}",
                              marks={"着色率": 20 + i, "光洁度": 20, "风味口感": 30})
    services.set_reveal(event.organizer, event.contest, RevealMode.IMMEDIATE, False)
    stage = services.stage_of(event.contest)
    stage.panel = panel
    stage.save(update_fields=["panel"])
    # sheet totals 70..74: drop 74 and 70, mean of 71, 72, 73
    assert entry(live.board(event.contest, stage), "北原县")["total"] == "72.00"
    import pytest

    with pytest.raises(services.JudgingError):
        services.create_panel_from_scheme(event.organizer, event.contest, "nope")


def test_the_batched_results_equal_the_engines_score_panel_per_entrant(event):
    from bipin.judging.engine import live_results, scheme_for
    from bipin.scoring import Observation, score_panel

    sheets = {1: {"a": {"content": 5, "delivery": 3}, "b": {"content": 6, "delivery": 4},
                  "c": {"content": 1.5, "delivery": 0}},
              2: {"a": {"content": 2, "delivery": 1}}}
    scheme = scheme_for(event.panel)
    batched = live_results(event.panel, scheme, sheets)
    for entrant_id, by_judge in sheets.items():
        single = score_panel(scheme, event.panel.item, [
            Observation(str(entrant_id), "panel", c, float(v), judge=j)
            for j, marks in by_judge.items() for c, v in marks.items()])
        assert float(batched[entrant_id].total) == round(single.total, 2)
        assert batched[entrant_id].judges_counted == single.judges_counted


def test_bad_console_input_is_refused_with_a_message(event, client_as):
    client = client_as("organizer")
    url = "/c/test-contest/judging/console/action/"
    r = client.post(url, {"action": "call", "minutes": "eight"}, follow=True)
    assert "时长须为 0 到 1440 的整数分钟" in r.content.decode()
    r = client.post(url, {"action": "reveal", "mode": "sometimes"}, follow=True)
    assert "公布方式无效" in r.content.decode()
    r = client.post(url, {"action": "explode"}, follow=True)
    assert "未知操作" in r.content.decode()
    assert services.stage_of(event.contest).entrant is None


def test_the_board_table_is_what_the_engine_would_build_from_observations():
    import numpy as np

    from bipin.judging.engine import _table
    from bipin.scoring import Observation, ObservationTable

    sheets = {12: {"7": {"b": 1, "a": 2}}, 3: {"7": {"a": 4}, "10": {"b": 5.5}}}
    ours = _table(sheets)
    theirs = ObservationTable.from_observations([
        Observation(str(e), "panel", c, float(v), judge=j)
        for e, by_judge in sheets.items() for j, marks in by_judge.items() for c, v in marks.items()])
    for name in ("entrants", "items", "judges", "rounds"):
        assert getattr(ours, name) == getattr(theirs, name), name
    for name in ("entrant", "item", "judge", "round", "value", "factor", "source"):
        np.testing.assert_array_equal(getattr(ours, name), getattr(theirs, name), err_msg=name)
