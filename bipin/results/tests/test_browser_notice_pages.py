"""A household on its phone finds its own row in a notice of 250 households by its
code, then pages through the whole list; nothing on the page scrolls sideways."""

import pytest
from playwright.sync_api import expect

from bipin.results.tests.villages import households_contest, publish
from bipin.testing.a11y import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 392  # the phone's 390 px and a rounding pixel


@pytest.fixture
def published(live_cast):
    contest = households_contest(live_cast.organizer)
    publish(live_cast.organizer, contest)
    return contest


def test_a_household_finds_its_row_by_its_code_on_a_phone(published, live_server, phone):
    phone.goto(f"{live_server.url}/c/stars/notice/")
    expect(phone.locator("#ranking-count")).to_have_text("第 1–100 条,共 250 条")
    phone.fill("#notice-lookup input[name=code]", "h0245")
    phone.click("#notice-lookup button")
    rows = phone.locator("table.ranking tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("示例户245")
    expect(rows.first).to_contain_text("92.50")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert axe_violations(phone) == []

    phone.fill("#notice-lookup input[name=code]", "H9999")
    phone.click("#notice-lookup button")
    expect(phone.locator(".no-code")).to_contain_text("没有编号为“H9999”的参评对象")
    expect(rows).to_have_count(0)


def test_the_list_pages_and_searches_on_a_phone(published, live_server, phone):
    phone.goto(f"{live_server.url}/c/stars/notice/")
    phone.locator(".pager").get_by_role("link", name="下一页").click()
    expect(phone.locator("#ranking-count")).to_have_text("第 101–200 条,共 250 条")
    expect(phone.locator("table.ranking tbody tr").first).to_contain_text("示例户101")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert axe_violations(phone) == []

    phone.fill("#ranking-search input[name=q]", "西村")
    phone.click("#ranking-search button")
    expect(phone.locator("#ranking-count")).to_have_text("第 1–20 条,共 20 条 · 搜索“西村”")
    expect(phone.locator(".pager")).to_have_count(0)
