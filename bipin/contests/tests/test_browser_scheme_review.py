"""On a phone: the organizer uploads a 考核细则 with blank rules, fills the unread one, confirms."""

import pytest
from playwright.sync_api import expect

from bipin.contests.services import current_scheme
from bipin.io.tests.test_scheme_proposals import workbook
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_organizer_reviews_the_proposed_rules_on_a_phone(phone, live_server, live_cast):
    log_in(phone, live_server.url, "organizer", PASSWORD)
    phone.goto(f"{live_server.url}/c/test-contest/setup/scheme/")
    phone.set_input_files("input[type=file]", files=[
        {"name": "细则.xlsx", "mimeType": XLSX, "buffer": workbook()}])
    phone.get_by_role("button", name="上传并检查").click()
    expect(phone.locator("h1")).to_have_text("确认计分规则")
    first = phone.locator("section.proposal").first
    expect(first).to_contain_text("视工作成效酌情赋分")
    expect(first).to_contain_text("未能读懂,请填写")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert current_scheme(live_cast.contest) is None
    phone.fill("#rule-4", "manual")
    phone.get_by_role("button", name="确认并保存方案").click()
    expect(phone.get_by_text("第 1 版生效中:细则.xlsx")).to_be_visible()
    assert current_scheme(live_cast.contest).number == 1
