"""In a real browser: the organizer corrects an entrant, and is told why one cannot be deleted."""

import pytest
from playwright.sync_api import expect

from bipin.contests.models import Entrant
from bipin.judging.models import Recusal
from bipin.testing.browser import guide_shot, log_in
from bipin.testing.cast import PASSWORD

pytestmark = pytest.mark.browser


def test_the_organizer_edits_an_entrant_and_a_mistake_keeps_what_was_typed(page, live_server, live_cast):
    entrant = live_cast.entrants["教育局"]
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/setup/entrants/")
    page.locator("#entrants tr", has_text="教育局").get_by_role("link", name="编辑").click()
    expect(page.locator("h1")).to_contain_text("编辑参评对象")
    page.fill("input[name=name]", "市教育局")
    page.fill("input[name=code]", "A01")  # 南川县's code
    page.click("#entrant-form button[type=submit]")
    expect(page.get_by_role("alert")).to_contain_text("编号:该编号已被使用")
    expect(page.locator("input[name=name]")).to_have_value("市教育局")
    page.fill("input[name=code]", "B09")
    page.fill("input[name=contact]", "张老师")
    guide_shot(page, "setup-entrant-edit")
    page.click("#entrant-form button[type=submit]")
    expect(page.get_by_text("已保存。")).to_be_visible()
    expect(page.locator("#entrants tr", has_text="市教育局")).to_contain_text("B09")
    entrant.refresh_from_db()
    assert (entrant.name, entrant.code, entrant.contact) == ("市教育局", "B09", "张老师")


def test_an_entrant_with_records_shows_why_it_cannot_be_deleted(page, live_server, live_cast):
    entrant = live_cast.entrants["北原县"]
    Recusal.objects.create(contest=live_cast.contest, user=live_cast.judge, entrant=entrant, reason="同县")
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/setup/entrants/{entrant.pk}/")
    expect(page.locator("#depends")).to_contain_text("回避登记 1")
    expect(page.get_by_role("button", name="删除这个参评对象")).to_have_count(0)
    assert Entrant.objects.filter(pk=entrant.pk).exists()
