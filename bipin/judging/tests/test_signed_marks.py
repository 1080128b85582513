"""A judge enters a signed mark (GOE −5 … +5) where the scheme's criterion allows it."""

import pytest

from bipin.judging import services
from bipin.judging.models import Mark


def test_the_panel_keeps_the_schemes_signed_range(goe):
    assert goe.criteria[0]["min"] == "-5" and goe.criteria[0]["max"] == "5"


def test_a_negative_mark_within_the_range_is_stored(event, goe):
    sheet, created = services.submit_sheet(event.judge, goe, event.entrants["北原县"],
                                           key="goe-key-0001", marks={"执行分": "-3"})
    assert created and Mark.objects.get(sheet=sheet).value == -3


def test_a_mark_below_min_is_refused_naming_the_range(event, goe):
    with pytest.raises(services.JudgingError) as err:
        services.submit_sheet(event.judge, goe, event.entrants["北原县"], key="goe-key-0002",
                              marks={"执行分": "-6"})
    problem = err.value.problems[0]
    assert "应在 -5 到 5 之间" in problem.zh and "between -5 and 5" in problem.en


def test_the_paper_entry_page_accepts_a_minus_sign(event, goe, client_as):
    page = client_as("organizer").get("/c/test-contest/judging/paper/").content.decode()
    assert 'min="-5" max="5" step="1"' in page and 'inputmode="text"' in page
    assert "(-5–5," in page


def test_the_phone_page_is_given_the_range(event, goe, client_as):
    tasks = client_as("judge").get("/api/judging/test-contest/tasks").json()
    panel = next(p for p in tasks["panels"] if p["id"] == "goe")
    criterion = panel["criteria"][0]
    assert (criterion["min"], criterion["max"]) == ("-5", "5")
