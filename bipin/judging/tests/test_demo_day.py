"""The demo's two contests run through their day in the hall, in real browsers.

The city contest: the organizer reveals a committed draw at the ceremony, calls
the first presenter in the drawn order and starts the 8-minute timer; five
judges score on their phones and the big screen shows the panel's result. The
apple contest: the judges of a sample's table score it blind, the screen shows
codes only until the organizer releases the key.
"""

import re

import pytest
from playwright.sync_api import expect

from bipin.contests import demo
from bipin.judging.draws import draw_id
from bipin.judging.models import Draw, FlightSample, FlightSeat, Sheet, Stage
from bipin.scoring.draw import draw_order
from bipin.testing.browser import log_in
from bipin.testing.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every judge ranks the same way on every criterion, so trimming per criterion
# and per sheet agree: sheet totals 70, 80, 85, 90, 95 (judge3's is left out
# where judge3 is recused).
SHEETS = {"judge1": (28, 21, 21), "judge2": (32, 24, 24), "judge3": (34, 25.5, 25.5),
          "judge4": (36, 27, 27), "judge5": (38, 28.5, 28.5)}


@pytest.fixture
def demo_day(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()


def open_phone(browser, url, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(20_000)  # six browsers and a server on a small machine
    log_in(phone, url.split("/c/")[0], username, demo.PASSWORD)
    phone.goto(url)
    return phone


def open_screen(browser, url, timer=True):
    """The big screen, opened by the chief judge, with the timer showing (or, for a
    panel without one, the board and no timer)."""
    screen = browser.new_context(locale="zh-CN").new_page()
    screen.set_default_timeout(20_000)
    log_in(screen, url.split("/c/")[0], "chief", demo.PASSWORD)
    screen.goto(url)
    if timer:
        screen.wait_for_selector("#timer:not([hidden])")
    else:
        screen.wait_for_selector("#board-rows tr")
        assert screen.locator("#timer").is_hidden()
    return screen


def score_current(phone, criteria, marks):
    phone.click("#current .entry-current")
    for criterion, mark in zip(criteria, marks, strict=True):
        phone.fill(f'input[name="{criterion}"]', str(mark))
    phone.fill("textarea[name=comment]", "示例评价:举措具体")
    phone.click("#sheet-form button[type=submit]")
    phone.click("#confirm-yes")
    phone.wait_for_selector(".entry.state-locked .state.locked", timeout=30_000)


def inputs_drawing_first(draw, entrant) -> str:
    """Delegates' numbers under which ``entrant`` is drawn first (the test knows the seed)."""
    wanted = draw_id(entrant)
    n = next(n for n in range(10_000) if draw_order(draw.seed, ["3", str(n)], draw.entrant_ids)[0] == wanted)
    return f"3, {n}"


def test_the_city_contest_runs_its_day_from_the_draw_to_the_big_screen(demo_day, browser, live_server,
                                                                       page):
    base = live_server.url
    draw = Draw.objects.get(contest__slug="demo-dabipin", group__name="整体推进县")
    # The demo recuses judge3 from this county (same county); the delegates'
    # numbers are chosen so that it presents first.
    home_county = draw.group.entrants.order_by("order", "pk").first()
    log_in(page, base, "organizer", demo.PASSWORD)
    page.set_default_timeout(20_000)

    # 抽签仪式: the delegates' numbers, then the order appears one by one.
    page.goto(f"{base}/c/demo-dabipin/judging/draws/{draw.number}/ceremony/")
    page.fill("textarea[name=inputs]", inputs_drawing_first(draw, home_county))
    page.click("form button.primary")
    page.wait_for_selector("#order li:nth-child(8).shown")
    order = [li.strip() for li in page.locator("#order li").all_inner_texts()]
    counties = {e.short_name or e.name: e for e in draw.group.entrants.all()}
    assert sorted(order) == sorted(counties)  # the group's eight counties, each once
    assert counties[order[0]] == home_county

    # The console calls the next presenter, the first of the drawn order, and starts the 8 minutes.
    page.goto(f"{base}/c/demo-dabipin/judging/console/")
    page.click("text=请上台")
    assert page.locator("strong").first.inner_text() == home_county.name
    page.click("text=开始计时")

    screen = open_screen(browser, f"{base}/c/demo-dabipin/judging/screen/")
    assert order[0] in screen.inner_text("#timer-entry")
    expect(screen.locator("#timer-clock")).to_have_text(re.compile(r"^7:5"), timeout=10_000)

    # Five judges' phones; judge3 never sees the home county, so four sheets complete it.
    phones = []
    try:
        for username, marks in SHEETS.items():
            phone = open_phone(browser, f"{base}/c/demo-dabipin/judging/score/", username)
            phones.append(phone)
            if username == "judge3":
                phone.wait_for_selector("#list .entry")
                assert home_county.name not in phone.content() and order[0] not in phone.inner_text("body")
                continue
            score_current(phone, ["汇报内容", "问题查摆", "现场表达"], marks)
        # Four sheets are fewer than the scheme's 5 judges for trimming: plain
        # means per criterion 33.5, 25.125 and 25.125, each aggregate rounded
        # half up to 2 decimals (rounding stage: entrant): 33.5 + 25.13 + 25.13.
        row = screen.locator("#board-rows tr.complete", has_text=order[0])
        row.locator("td.total").filter(has_text="83.76").wait_for(timeout=30_000)
    finally:
        for phone in phones:
            phone.context.close()
    assert Sheet.objects.filter(entrant=home_county).count() == 4

    # Time is up for the first presenter; the console calls the second of the draw.
    page.click("text=结束汇报")
    page.click("text=请上台")
    assert page.locator("strong").first.inner_text() == counties[order[1]].name
    screen.locator("#timer-entry", has_text=order[1]).wait_for()
    screen.context.close()


def test_the_apple_contest_is_judged_blind_until_the_key_is_released(demo_day, browser, live_server, page):
    base = live_server.url
    log_in(page, base, "organizer", demo.PASSWORD)
    page.set_default_timeout(20_000)
    page.goto(f"{base}/c/demo-apples/judging/console/")
    page.click("text=请上台")
    # A tasting has no presentations: the apple scheme sets no timer, so there is none.
    page.wait_for_selector("#no-timer")
    assert page.locator("text=开始计时").count() == 0
    sample = Stage.objects.get(contest__slug="demo-apples").entrant
    assert not Sheet.objects.filter(entrant=sample).exists()  # the pre-scored samples are passed over
    hidden = [sample.name, sample.short_name]

    # 初评 is judged at tables (分桌): the judges of the sample's table score it, and
    # fewer than 5 judges give the plain mean of their sheet totals.
    table = FlightSample.objects.get(entrant=sample).flight
    judges = sorted(FlightSeat.objects.filter(flight=table).values_list("seat__user__username", flat=True))
    mean = sum(sum(SHEETS[j]) for j in judges) / len(judges)
    screen = open_screen(browser, f"{base}/c/demo-apples/judging/screen/", timer=False)
    phones = []
    try:
        for username in judges:
            phone = open_phone(browser, f"{base}/c/demo-apples/judging/score/", username)
            phones.append(phone)
            phone.wait_for_selector("#current .entry-current")
            assert sample.code in phone.inner_text("#current")
            assert not any(name in phone.content() for name in hidden)
            score_current(phone, ["风味口感", "着色率", "光洁度"], SHEETS[username])  # maxima 40, 30, 30
        row = screen.locator("#board-rows tr.complete", has_text=sample.code)
        row.locator("td.total").filter(has_text=f"{mean:.2f}").wait_for(timeout=30_000)
        assert not any(name in screen.content() for name in hidden)

        # 揭盲: the organizer releases the key and the screen shows the orchard's sample.
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("text=公开编号对应关系(揭盲)")
        screen.locator("#board-rows", has_text=sample.short_name).wait_for(timeout=30_000)
    finally:
        for phone in phones:
            phone.context.close()
        screen.context.close()
