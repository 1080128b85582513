"""The organizer runs the day from the console on a laptop, the clerk types paper
sheets, and the projector PC opens the big screen by a link, in real browsers."""

import re

import pytest
from playwright.sync_api import expect

from bipin.judging import draws, services, timer
from bipin.testing.browser import guide_shot, log_in
from bipin.testing.cast import PASSWORD

from .conftest import CRITERIA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def console(page, live_server):
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/judging/console/")


def test_the_console_counts_down_and_says_who_is_on_stage_and_who_is_next(event, page, live_server):
    draw = draws.commit_draw(event.organizer, event.contest)
    console(page, live_server)
    # No draw revealed yet: the console does not claim to follow one.
    expect(page.locator("#next-basis")).to_have_text("下一位(按名单顺序)")
    expect(page.locator("#on-stage")).to_have_text("—")
    expect(page.locator("#next-up")).to_have_text("南川县")
    expect(page.locator("#console-clock")).to_have_text("8:00")
    page.get_by_role("button", name="请上台").click()
    expect(page.locator("#on-stage")).to_have_text("南川县")
    expect(page.locator("#next-up")).to_have_text("北原县")
    page.get_by_role("button", name="开始计时").click()
    expect(page.locator("#console-timer-note")).to_have_text("计时中")
    expect(page.locator("#console-clock")).to_have_text(re.compile(r"^7:[0-5]\d$"))
    guide_shot(page, "console-timer")
    page.get_by_role("button", name="结束汇报").click()
    draws.reveal_draw(event.organizer, draw, ["7"])
    following = timer.next_entrant(event.contest, event.panel, event.entrants["南川县"].pk)
    # Revealed while the console is open: the next poll says the call follows the draw.
    expect(page.locator("#next-basis")).to_have_text("下一位(按抽签顺序)")
    expect(page.locator("#next-up")).to_have_text(following.name)
    expect(page.locator("#on-stage")).to_have_text("南川县")


def test_a_tasting_console_has_no_timer(event, page, live_server):
    tasting = services.create_panel(event.organizer, event.contest, item="tasting", name="感官评价",
                                    criteria=CRITERIA)
    services.put_on_stage(event.organizer, tasting)
    console(page, live_server)
    expect(page.locator("#no-timer")).to_be_visible()
    expect(page.get_by_role("button", name="开始计时")).to_have_count(0)
    expect(page.locator("#console-timer")).to_have_count(0)
    page.get_by_role("button", name="请上台").click()
    expect(page.locator("#on-stage")).to_have_text("南川县")
    page.goto(f"{live_server.url}/c/test-contest/judging/screen/")
    expect(page.locator("#board-rows tr")).to_have_count(3)
    expect(page.locator("#timer")).to_be_hidden()


def test_paper_entry_keeps_the_judge_and_moves_to_the_next_entrant(event, page, live_server):
    services.recuse(event.organizer, event.contest, event.judge2, event.entrants["北原县"], "同县")
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/judging/paper/")
    page.select_option("select[name=judge]", str(event.judge2.pk))
    expect(page).to_have_url(re.compile(rf"judge={event.judge2.pk}"))
    recused = page.locator(f"select[name=entry] option[value='{event.refs['北原县']}']")
    expect(recused).to_have_text(re.compile("该评委回避"))
    expect(recused).to_be_disabled()
    page.select_option("select[name=entry]", event.refs["南川县"])
    page.fill("input[name=mark-content]", "5")
    page.fill("input[name=mark-delivery]", "3")
    page.get_by_role("button", name="录入", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已录入")
    expect(page.locator("select[name=judge]")).to_have_value(str(event.judge2.pk))
    # 北原县 is passed over: judge2 is recused from it.
    expect(page.locator("select[name=entry]")).to_have_value(event.refs["教育局"])
    expect(page.locator("input[name=mark-content]")).to_have_value("")
    guide_shot(page, "paper-entry")


def test_the_projector_opens_the_screen_by_link_until_it_is_revoked(event, page, browser, live_server):
    console(page, live_server)
    page.get_by_role("button", name="生成大屏专用链接").click()
    url = page.locator("#new-screen-url").inner_text()
    path = url[url.index("/screen/"):]
    projector = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 720})
    try:
        screen = projector.new_page()
        screen.set_default_timeout(10_000)
        screen.goto(live_server.url + path)
        expect(screen.locator("#board-rows tr")).to_have_count(3)
        expect(screen.locator("#board-rows")).to_contain_text("南川县")
        guide_shot(screen, "screen-link")
        page.goto(f"{live_server.url}/c/test-contest/judging/console/")
        page.locator("#screen-links").get_by_role("button", name="撤销").click()
        expect(page.locator("#screen-links")).to_contain_text("没有有效的大屏链接")
        # The open screen stops at its next poll and says why.
        expect(screen.locator("#board-note")).to_contain_text("大屏链接无效或已撤销")
        expect(screen.locator("#board-rows tr")).to_have_count(0)
        assert screen.goto(live_server.url + path).status == 404
        # A fresh browser holding the link got no log-in from it.
        assert "/accounts/login/" in screen.goto(f"{live_server.url}/c/test-contest/judging/console/").url
    finally:
        projector.close()


def test_the_organizer_gives_a_locked_out_judge_a_new_link_from_the_console(event, page, live_server, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"  # served on this computer only
    console(page, live_server)
    # Phones cannot open such an address: the console says so before anyone prints a code.
    expect(page.locator(".loopback-warning")).to_contain_text("bipin serve --host 0.0.0.0")
    expect(page.locator("#rule-note")).to_contain_text("计分方式:")
    judge = page.locator("#new-links li", has_text=event.judge.get_full_name() or "judge").first
    judge.get_by_role("button", name="新登录链接").click()
    expect(page.locator("#fresh-link .qr svg")).to_be_visible()
    expect(page.locator("#fresh-url")).to_contain_text("http://127.0.0.1:8000/")
    page.get_by_role("link", name="返回").click()
    expect(page).to_have_url(f"{live_server.url}/c/test-contest/judging/console/")

    settings.SITE_URL = "http://192.168.1.20:8000"  # the venue's network: no warning
    page.reload()
    expect(page.locator("#rule-note")).to_be_visible()
    expect(page.locator(".loopback-warning")).to_have_count(0)
