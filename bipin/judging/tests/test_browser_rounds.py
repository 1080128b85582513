"""A two-stage day in real browsers: the organizer confirms the cut after 初评,
and a judge's phone then lists only the two entrants who advanced; a phone and
the big screen left open rename the stage without a reload."""

import pytest
from playwright.sync_api import expect

from bipin.contests import services as contest_services
from bipin.judging import cuts, services
from bipin.judging.models import Cut
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD

from .test_rounds import PRELIM, SCHEME, mark

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_CYCLES = 12_000  # ms: two of the phone's 5-second list reloads, and a margin


def test_after_the_cut_a_judges_phone_lists_only_the_advancing_entrants(event, browser, live_server, page):
    contest_services.upload_scheme(event.organizer, event.contest, SCHEME.encode(), "scheme.yaml")
    mark(event, PRELIM)
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/judging/console/")
    page.click("#round-link")
    expect(page.locator("#current-stage")).to_have_text("初评")
    expect(page.locator("#standings tbody tr.advances")).to_have_count(2)
    page.get_by_role("button", name="确认晋级:2 个参评对象进入“决赛”").click()
    expect(page.locator("#current-stage")).to_have_text("决赛")
    assert Cut.objects.get().next_stage == "决赛"

    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        phone.set_default_timeout(10_000)
        log_in(phone, live_server.url, "judge", PASSWORD)
        phone.goto(f"{live_server.url}/c/test-contest/judging/score/")
        entries = phone.locator("#list .entry .entry-open")
        expect(entries).to_have_count(2)
        assert sorted(entries.all_inner_texts()) == ["南川县", "教育局"]
        expect(phone.locator("#list .entry.state-open")).to_have_count(2)
    finally:
        context.close()


def test_an_open_phone_and_big_screen_rename_the_stage_when_the_cut_is_confirmed(event, browser, live_server,
                                                                                 page):
    contest_services.upload_scheme(event.organizer, event.contest, SCHEME.encode(), "scheme.yaml")
    mark(event, PRELIM)
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/judging/screen/")
    expect(page.locator("#round-name")).to_have_text("当前轮次:初评")
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        phone.set_default_timeout(10_000)
        log_in(phone, live_server.url, "judge", PASSWORD)
        phone.goto(f"{live_server.url}/c/test-contest/judging/score/")
        expect(phone.locator("#round-name")).to_have_text("当前轮次:初评")
        expect(phone.locator("#list .entry .entry-open")).to_have_count(3)
        cuts.apply_cut(event.organizer, event.contest, stage="初评",
                       version=services.stage_of(event.contest).version)
        # Neither page is reloaded: the screen's poll and the phone's next list say it.
        expect(page.locator("#round-name")).to_have_text("当前轮次:决赛")
        # The phone reloads its list every 5 s (score.js), as long as expect's default
        # wait: give it two of its cycles, or a busy machine fails the test by a tick.
        expect(phone.locator("#round-name")).to_have_text("当前轮次:决赛", timeout=PHONE_CYCLES)
        expect(phone.locator("#list .entry .entry-open")).to_have_count(2)
    finally:
        context.close()
