"""The console says who is on stage and who is next, with the order it follows,
runs the timer only for a panel whose scheme asks for one, and says how the
scheme trims, so a hand calculation that differs by 0.01 is not a surprise."""

import pytest

from bipin.judging import draws, live, services, timer
from bipin.judging.models import Panel
from bipin.scoring import SchemeError, parse_scheme

from .conftest import CRITERIA

CONSOLE = "/c/test-contest/judging/console/"


def scheme_with_panel(**panel):
    return parse_scheme({"contest": "c", "panels": {"p": {"criteria": [{"id": "x", "max": 10}], **panel}},
                         "dimensions": [{"name": "d", "indicators": [
                             {"name": "i", "points": 10, "source": "panel", "panel": "p"}]}]})


def test_a_scheme_panel_declares_its_timer_in_seconds_or_has_none():
    assert scheme_with_panel(timer=480).panels["p"].timer == 480
    assert scheme_with_panel().panels["p"].timer is None


@pytest.mark.parametrize("bad", [0, 7.5, "8 分钟"])
def test_a_bad_timer_is_refused_naming_the_panel(bad):
    with pytest.raises(SchemeError) as exc:
        scheme_with_panel(timer=bad)
    assert "panels.p.timer" in str(exc.value)


def test_the_next_presenter_is_never_the_one_already_on_stage(event):
    first = timer.next_entrant(event.contest, event.panel)
    timer.call_entrant(event.organizer, event.contest)
    stage = services.stage_of(event.contest)
    assert stage.entrant == first
    following = timer.next_entrant(event.contest, event.panel, stage.entrant_id)
    assert following not in (None, first)
    assert live.console(event.contest, stage)["next"]["label"] == following.name
    # Calling "the next" again puts the following one up, not the same one twice.
    timer.call_entrant(event.organizer, event.contest)
    assert services.stage_of(event.contest).entrant == following


def test_the_console_says_by_the_draw_only_once_a_draw_is_revealed(event, client_as):
    client = client_as("organizer")
    draw = draws.commit_draw(event.organizer, event.contest)
    page = client.get(CONSOLE).content.decode()
    assert "按抽签顺序" not in page and "下一位(按名单顺序)" in page
    draws.reveal_draw(event.organizer, draw, ["42"])
    page = client.get(CONSOLE).content.decode()
    assert "下一位(按抽签顺序)" in page
    assert client.get("/api/judging/test-contest/console").json()["next"]["basis"] == "draw"


def test_with_one_groups_draw_revealed_the_next_group_is_called_in_list_order(event, client_as):
    # 整体推进县 (南川县, 北原县) drew and presented; 市直部门's draw still waits for its ceremony.
    counties = draws.commit_draw(event.organizer, event.contest, event.groups["整体推进县"])
    draws.commit_draw(event.organizer, event.contest, event.groups["市直部门"])
    draws.reveal_draw(event.organizer, counties, ["42"])
    client = client_as("organizer")
    assert client.get("/api/judging/test-contest/console").json()["next"]["basis"] == "draw"
    for name in ("南川县", "北原县"):
        timer.call_entrant(event.organizer, event.contest, event.entrants[name])
        timer.timer_action(event.organizer, event.contest, "start")
        timer.timer_action(event.organizer, event.contest, "stop")
    data = client.get("/api/judging/test-contest/console").json()["next"]
    assert data == {"label": "教育局", "basis": "list"}
    assert "下一位(按名单顺序)" in client.get(CONSOLE).content.decode()


def test_the_console_shows_the_countdown_of_the_panels_timer(event, client_as):
    page = client_as("organizer").get(CONSOLE).content.decode()
    assert 'id="console-timer"' in page and 'data-length="480"' in page and "开始计时" in page
    timer.call_entrant(event.organizer, event.contest)
    data = client_as("organizer").get("/api/judging/test-contest/console").json()
    assert data["timer"]["length"] == 480 and data["on_stage"] == "南川县"


@pytest.fixture
def tasting(event):
    """A panel without a timer, as the apple scheme's tasting panel."""
    panel = services.create_panel(event.organizer, event.contest, item="tasting", name="感官评价",
                                  criteria=CRITERIA)
    services.put_on_stage(event.organizer, panel)
    return panel


def test_a_panel_without_a_timer_has_no_timer_on_the_console_or_the_screen(event, tasting, client_as):
    client = client_as("organizer")
    page = client.get(CONSOLE).content.decode()
    assert "开始计时" not in page and 'id="console-timer"' not in page
    assert "本评委组不计时" in page
    client.post(f"{CONSOLE}action/", {"action": "call"})
    assert client.get("/api/judging/test-contest/board").json()["timer"]["length"] is None
    r = client.post(f"{CONSOLE}action/", {"action": "start"}, follow=True)
    assert "本评委组不计时" in r.content.decode()
    assert services.stage_of(event.contest).started_at is None


def test_a_panel_from_the_scheme_copies_its_timer(event, monkeypatch):
    from bipin.judging import engine

    scheme = scheme_with_panel(timer=300)
    monkeypatch.setattr(engine, "contest_scheme", lambda contest: scheme)
    panel = services.create_panel_from_scheme(event.organizer, event.contest, "p")
    assert Panel.objects.get(pk=panel.pk).timer == 300


@pytest.mark.parametrize(("on", "says"), [("criterion", "逐项去分"), ("sheet", "按评委合计去分")])
def test_the_console_says_how_the_scheme_trims(event, client_as, monkeypatch, on, says):
    from bipin.judging import engine

    scheme = parse_scheme({"contest": "c", "panels": {"report": {
        "aggregate": "trimmed", "on": on, "criteria": [{"id": c["id"], "max": c["max"]} for c in CRITERIA]}},
        "dimensions": [{"name": "d", "indicators": [
            {"name": "i", "points": 10, "source": "panel", "panel": "report"}]}]})
    monkeypatch.setattr(engine, "contest_scheme", lambda contest: scheme)
    page = client_as("organizer").get(CONSOLE).content.decode()
    assert says in page and "84.99 与 85.00" in page
