"""The event day in real browsers: five judges' phones and the big screen."""

import pytest
from playwright.sync_api import expect

from bipin.contests import services as contest_services
from bipin.judging import timer
from bipin.judging.models import Sheet
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Sheet totals 8, 10, 6, 9.5 and 3: the rule drops 10 and 3 and averages the rest.
MARKS = {"judge": ("5", "3"), "judge2": ("6", "4"), "chief": ("4", "2"), "j4": ("5.5", "4"), "j5": ("2", "1")}


@pytest.fixture
def hall(event):
    for name in ("j4", "j5"):
        event.users[name] = make_user(name)
        contest_services.grant_role(event.organizer, event.contest, event.users[name], "judge")
        from bipin.judging import services

        services.seat_judge(event.organizer, event.panel, event.users[name])
    timer.call_entrant(event.organizer, event.contest, event.entrants["南川县"])
    return event


def judge_phone(browser, live_server, name):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, name, PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/judging/score/")
    return context, page


def fill_sheet(page, content, delivery):
    page.click("#current .entry-current")
    page.fill("input[name=content]", content)
    page.fill("input[name=delivery]", delivery)
    page.fill("textarea[name=comment]", "条理清楚")
    page.click("#sheet-form button[type=submit]")
    page.wait_for_selector("#confirm:not([hidden])")


def test_five_judges_score_at_once_and_the_screen_shows_the_trimmed_result(hall, browser, live_server, page):
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/judging/screen/")
    phones = [judge_phone(browser, live_server, name) for name in MARKS]
    try:
        for (_, phone), (content, delivery) in zip(phones, MARKS.values(), strict=True):
            fill_sheet(phone, content, delivery)
        for _, phone in phones:  # all five confirm back to back; their requests overlap
            phone.click("#confirm-yes")
        # Generous waits: five browsers and a server share a small CI machine.
        for _, phone in phones:
            phone.wait_for_selector(".entry.state-locked .state.locked", timeout=30_000)
        row = page.locator("#board-rows tr.complete")
        row.locator("td.total").filter(has_text="7.83").wait_for(timeout=30_000)
        assert row.locator("td.rank").inner_text() == "1"
        assert "南川县" in page.inner_text("#timer-entry")
    finally:
        for context, _ in phones:
            context.close()
    assert Sheet.objects.filter(status="locked").count() == 5


def test_a_judge_who_goes_offline_keeps_the_sheet_and_it_is_stored_once(hall, browser, live_server):
    context, phone = judge_phone(browser, live_server, "judge")
    try:
        fill_sheet(phone, "5", "3")
        context.set_offline(True)
        phone.click("#confirm-yes")
        phone.wait_for_selector(".entry .state.waiting")
        assert "待发送" in phone.inner_text("#list")
        assert Sheet.objects.count() == 0
        context.set_offline(False)
        phone.wait_for_selector(".entry .state.locked", timeout=15_000)
        assert "已保存" in phone.inner_text("#list")
    finally:
        context.close()
    assert Sheet.objects.count() == 1


def submit_through(browser, live_server, on_request, fetch_ms=None):
    """judge2 files a sheet while ``on_request`` stands between the phone and the server."""
    context, phone = judge_phone(browser, live_server, "judge2")
    if fetch_ms:
        phone.add_init_script(f"window.BIPIN_FETCH_MS = {fetch_ms}")
        phone.reload()
    try:
        phone.route("**/api/judging/test-contest/sheets", on_request)
        fill_sheet(phone, "6", "4")
        phone.click("#confirm-yes")
        phone.wait_for_selector(".entry .state.locked", timeout=15_000)
    finally:
        context.close()


def test_a_lost_reply_is_resent_with_the_same_key_and_stored_once(hall, browser, live_server):
    lost = []

    def drop_first_reply(route):
        route.fetch()  # the server stores the sheet ...
        if not lost:
            lost.append(True)
            route.abort()  # ... but the phone never hears back
        else:
            route.continue_()

    submit_through(browser, live_server, drop_first_reply)
    assert lost and Sheet.objects.count() == 1


def test_a_request_that_hangs_is_given_up_and_the_sheet_sent_again_once(hall, browser, live_server):
    hung = []

    def hang_the_first(route):
        if not hung:
            hung.append(route)  # never answered: venue Wi-Fi that neither delivers nor fails
        else:
            route.continue_()

    submit_through(browser, live_server, hang_the_first, fetch_ms=1500)  # instead of 15 s
    assert hung and Sheet.objects.count() == 1


def test_the_big_screen_outlasts_a_poll_that_hangs(hall, live_server, page):
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.add_init_script("window.BIPIN_FETCH_MS = 1500")
    hung = []
    page.route("**/api/judging/test-contest/board",
               lambda route: hung.append(route) if not hung else route.continue_())
    page.goto(f"{live_server.url}/c/test-contest/judging/screen/")
    page.wait_for_selector("#board-rows tr", timeout=15_000)
    assert hung and "南川县" in page.inner_text("#timer-entry")


def test_the_phone_refuses_a_mark_off_the_step(hall, browser, live_server):
    context, phone = judge_phone(browser, live_server, "judge")
    try:
        phone.click("#current .entry-current")
        phone.fill("input[name=content]", "5.3")
        phone.fill("input[name=delivery]", "9")
        phone.click("#sheet-form button[type=submit]")
        errors = phone.inner_text("#sheet-errors")
        assert "0.5 的整数倍" in errors and "0 到 4" in errors
        assert phone.is_hidden("#confirm")
        phone.screenshot(path="/tmp/judging-phone-errors.png")
    finally:
        context.close()
    assert Sheet.objects.count() == 0


def test_the_big_screen_warns_at_one_minute_and_counts_overtime(hall, live_server, page):
    from datetime import timedelta

    from django.utils import timezone

    from bipin.judging.models import Stage

    log_in(page, live_server.url, "organizer", PASSWORD)
    Stage.objects.filter(contest=hall.contest).update(
        started_at=timezone.now() - timedelta(minutes=7, seconds=30), version=100)
    page.goto(f"{live_server.url}/c/test-contest/judging/screen/")
    page.wait_for_selector("#timer.warn")
    assert page.inner_text("#timer-clock").startswith("0:")
    Stage.objects.filter(contest=hall.contest).update(
        started_at=timezone.now() - timedelta(minutes=8, seconds=20), version=101)
    page.wait_for_selector("#timer.over")
    assert page.inner_text("#timer-clock").startswith("+0:2")
    assert "超时" in page.inner_text("#timer-note")


def test_the_console_shows_a_submission_live_and_blind_screens_show_codes(hall, live_server, page, browser):
    from bipin.judging import services

    hall.contest.blind = True
    hall.contest.save(update_fields=["blind"])
    services.assign_blind_codes(hall.organizer, hall.contest)
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/judging/console/")
    page.wait_for_selector("#console-table tbody tr")
    assert "✓" not in page.inner_text("#console-table")
    services.submit_sheet(hall.judge, hall.panel, hall.entrants["南川县"], key="live-console-key",
                          marks={"content": "5", "delivery": "3"})
    page.wait_for_selector("#console-table td.judge-locked", timeout=5_000)
    screen = browser.new_context().new_page()
    log_in(screen, live_server.url, "chief", PASSWORD)
    screen.goto(f"{live_server.url}/c/test-contest/judging/screen/")
    screen.wait_for_selector("#board-rows tr")
    screen.wait_for_selector("#timer:not([hidden])")
    text = screen.content()
    code = hall.contest.entrants.get(name="南川县").code
    assert code in screen.inner_text("#board-rows") and code in screen.inner_text("#timer-entry")
    assert not any(name in text for name in ("南川县", "北原县", "教育局"))
    screen.context.close()


def test_a_reopened_sheet_shows_the_reason_and_takes_a_correction(hall, browser, live_server):
    from bipin.judging import services

    old, _ = services.submit_sheet(hall.judge, hall.panel, hall.entrants["南川县"], key="first-sheet-key",
                                   marks={"content": "5", "delivery": "3"})
    services.reopen_sheet(hall.chief, old, "表达分记错")
    context, phone = judge_phone(browser, live_server, "judge")
    try:
        phone.wait_for_selector(".entry.state-reopened")
        assert "表达分记错" in phone.inner_text("#list")
        fill_sheet(phone, "5", "4")
        phone.click("#confirm-yes")
        phone.wait_for_selector(".entry.state-locked .state.locked")
    finally:
        context.close()
    old.refresh_from_db()
    assert old.status == "superseded"
    assert Sheet.objects.get(status="locked").supersedes == old


def test_a_judge_logged_out_mid_day_keeps_the_sheet_and_it_is_sent_after_logging_in(hall, browser, live_server):
    context, phone = judge_phone(browser, live_server, "judge")
    try:
        fill_sheet(phone, "5", "3")
        context.clear_cookies()  # the session is gone (expired, or logged out elsewhere)
        phone.click("#confirm-yes")
        phone.wait_for_selector(".entry .state.waiting")
        # A locator, not wait_for_function: Playwright evals a string predicate on
        # each poll, which the page's CSP (no 'unsafe-eval') refuses.
        expect(phone.locator("#net")).to_contain_text("请重新登录", timeout=10_000)
        assert Sheet.objects.count() == 0
        log_in(phone, live_server.url, "judge", PASSWORD)
        phone.goto(f"{live_server.url}/c/test-contest/judging/score/")
        phone.wait_for_selector(".entry.state-locked .state.locked", timeout=15_000)
    finally:
        context.close()
    assert Sheet.objects.count() == 1
