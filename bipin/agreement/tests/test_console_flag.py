"""The console flags a drifting judge live, so the organizer can look before the sheets are final."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bipin.agreement.tests.conftest import BASE, OFFSETS, file_sheet, make_panel
from bipin.judging import services
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD


@pytest.mark.django_db
def test_the_console_data_flags_only_the_drifting_judge(cast, scored, client_as):
    data = client_as("organizer").get(f"/api/judging/{cast.contest.slug}/console").json()
    flagged = [name for name, drift in zip(data["judges"], data["drift"], strict=True) if drift]
    assert flagged == ["评委4"]
    assert data["analysis"] == f"/c/{cast.contest.slug}/judges/{scored.pk}/"


@pytest.mark.django_db
def test_two_entrants_in_common_are_not_enough_to_flag(cast, panel, client_as):
    for judge in OFFSETS:
        for entrant in list(BASE)[:2]:
            file_sheet(cast, panel, judge, entrant)
    data = client_as("organizer").get(f"/api/judging/{cast.contest.slug}/console").json()
    assert not any(data["drift"])


@pytest.mark.django_db
def test_the_home_page_asks_the_chief_judge_to_look(cast, scored, client_as):
    page = client_as("chief").get("/").content.decode()
    assert "评委打分偏离评委组" in page and "评委4" in page
    assert "评委打分偏离评委组" not in client_as("judge").get("/").content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_console_shows_the_flag_after_the_drifting_judges_sheets(live_cast, live_server, page):
    panel = make_panel(live_cast)
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/{live_cast.contest.slug}/judging/console/")
    page.wait_for_selector("#console-table tbody tr")
    for judge in ("judge", "judge2", "judge3"):
        for entrant in BASE:
            file_sheet(live_cast, panel, judge, entrant)
    expect(page.locator("#console-table td.judge-locked")).to_have_count(9)
    expect(page.locator(".drift-flag")).to_have_count(0)
    for entrant in BASE:
        file_sheet(live_cast, panel, "judge4", entrant)
    flag = page.locator("#console-table thead .drift-flag")
    expect(flag).to_have_count(1)
    expect(page.locator("#console-table thead th", has=page.locator(".drift-flag"))).to_contain_text("评委4")
    flag.click()
    expect(page.locator("h1")).to_contain_text("评委一致性分析")
    expect(page.locator("#severity .drift")).to_have_count(1)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_chief_judges_english_console_says_its_table_and_the_flag_in_english(live_cast, live_server,
                                                                               browser):
    panel = make_panel(live_cast)
    for judge in OFFSETS:
        for entrant in BASE:
            file_sheet(live_cast, panel, judge, entrant)
    services.reopen_sheet(live_cast.organizer, file_sheet(live_cast, panel, "judge", "教育局"), "请核对")
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        log_in(page, live_server.url, "chief", PASSWORD)  # the chief judge watches the sheets come in
        page.goto(f"{live_server.url}/c/{live_cast.contest.slug}/judging/console/")
        head = page.locator("#console-table thead")
        expect(head.locator(".drift-flag").first).to_have_text("Drifting")
        expect(head.locator("th").first).to_have_text("Entrant")
        expect(head.locator("th").last).to_have_text("Score")
        expect(page.locator("#console-table td.judge-reopened")).to_have_text("Sent back")
    finally:
        context.close()
