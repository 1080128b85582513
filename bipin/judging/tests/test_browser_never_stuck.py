"""A judge on the day, in a real browser: lands on the scoring page, is asked
before logging out, gets a fresh link from the chief judge, corrects a sheet
sent back without retyping it, and reads one language at a time."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from bipin.accounts.links import create_login_link
from bipin.judging import services, timer
from bipin.judging.models import Sheet
from bipin.testing.browser import guide_shot, log_in
from bipin.testing.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCORE = "/c/test-contest/judging/score/"
CJK = re.compile(r"[\u4e00-\u9fff]")
# A Chinese label followed by its English, the way the pages used to say things.
LABEL_PAIR = re.compile(r"[\u4e00-\u9fff][^\n/]{0,30} / [A-Za-z]")


def test_a_judge_lands_on_the_scoring_page_and_logging_out_asks_first(event, live_server, phone):
    log_in(phone, live_server.url, "judge", PASSWORD)
    expect(phone).to_have_url(live_server.url + SCORE)
    expect(phone.locator("h1")).to_have_text("现场评分")

    asked = []
    phone.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    phone.click("#logout")
    assert asked and "确定退出登录" in asked[0]
    expect(phone).to_have_url(live_server.url + SCORE)  # declined: still logged in
    expect(phone.locator("#logout")).to_be_visible()

    phone.once("dialog", lambda dialog: dialog.accept())
    phone.click("#logout")
    expect(phone.locator("header.site a[href='/accounts/login/']")).to_be_visible()


def test_the_chief_gives_a_judge_a_new_link_and_only_the_new_one_works(event, live_server, page, phone):
    old = create_login_link(event.organizer, event.judge, contest=event.contest)
    log_in(page, live_server.url, "chief", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/judging/sheets/")
    page.click("#new-links li[data-judge=judge] button.new-link")
    expect(page.locator("#fresh-link svg")).to_be_visible()
    guide_shot(page, "new-link")
    path = re.sub(r"^https?://[^/]+", "", page.inner_text("#fresh-url"))

    phone.goto(f"{live_server.url}/accounts/link/{old}/")
    expect(phone.locator("h1")).to_have_text("登录链接已失效")
    phone.goto(live_server.url + path)
    expect(phone).to_have_url(live_server.url + SCORE)
    expect(phone.locator(".who")).to_have_text("judge")


def test_a_sheet_sent_back_opens_with_the_old_marks_and_the_comment_survives(event, live_server, phone):
    entrant = event.entrants["南川县"]
    first, _ = services.submit_sheet(event.judge, event.panel, entrant, key="key-00000001",
                                     marks={"content": "5.5", "delivery": "3"}, comment="数据翔实,脱稿流畅")
    services.reopen_sheet(event.chief, first, "表达分填错")
    timer.call_entrant(event.organizer, event.contest, entrant)
    log_in(phone, live_server.url, "judge", PASSWORD)
    expect(phone.locator("#current .entry-current")).to_contain_text("已退回,请更正")
    expect(phone.locator("#list .reason")).to_have_text("退回原因:表达分填错")
    phone.click("#current .entry-current")
    expect(phone.locator("input[name=content]")).to_have_value("5.5")
    expect(phone.locator("input[name=delivery]")).to_have_value("3")
    expect(phone.locator("textarea[name=comment]")).to_have_value("数据翔实,脱稿流畅")
    expect(phone.locator("#sheet-total")).to_have_text("合计:8.5")

    phone.fill("input[name=delivery]", "4")
    expect(phone.locator("#sheet-total")).to_have_text("合计:9.5")
    phone.click("#sheet-form button[type=submit]")
    confirm = phone.locator("#confirm-table")
    expect(confirm.locator("td.total")).to_have_text("9.5")
    expect(confirm.locator("td.comment")).to_have_text("数据翔实,脱稿流畅")
    phone.click("#confirm-yes")
    expect(phone.locator(f"#list li[data-ref='{event.refs['南川县']}'] .state")).to_have_text("已保存")

    correction = Sheet.objects.get(status=Sheet.Status.LOCKED)
    assert correction.supersedes_id == first.pk
    assert correction.comment == "数据翔实,脱稿流畅"
    assert {m.criterion: str(m.value) for m in correction.marks.all()} == {"content": "5.50", "delivery": "4.00"}


def labels(page) -> list[str]:
    """What the judge's page itself says (not the names of entries and criteria)."""
    return [page.inner_text(s) for s in ("h1", "#list .state", "#current p.muted", "#logout",
                                         "#sheet-total", "#sheet-form label:has(textarea)",
                                         "#sheet-form button[type=submit]")]


def test_the_judges_page_speaks_one_language_at_a_time(event, live_server, phone):
    timer.call_entrant(event.organizer, event.contest, event.entrants["南川县"])
    log_in(phone, live_server.url, "judge", PASSWORD)
    expect(phone.locator("#list .state").first).to_have_text("未评")
    phone.click("#current .entry-current")
    expect(phone.locator("#sheet-total")).to_have_text("合计:0")
    chinese = labels(phone)
    assert not any(LABEL_PAIR.search(t) for t in chinese), chinese
    assert not any(re.search(r"[A-Za-z]{3,}", t)
                   for t in chinese), chinese

    phone.click("header.site button[value=en]")  # the switch, on the phone
    expect(phone.locator("h1")).to_have_text("Score (judges)")
    expect(phone.locator("#list .state").first).to_have_text("to score")
    expect(phone.locator("#current p.muted")).to_have_text("on stage")
    phone.click("#current .entry-current")
    expect(phone.locator("#sheet-total")).to_have_text("Total: 0")
    expect(phone.locator("#criteria label").first).to_contain_text("(0–6, step 0.5)")
    guide_shot(phone, "judge-phone-en")
    english = labels(phone)
    assert not any(LABEL_PAIR.search(t) for t in english), english
    assert not any(CJK.search(t) for t in english), english
