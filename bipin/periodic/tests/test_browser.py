"""A town's reporter fills the month on a phone; the county approves on a desktop."""

import pytest
from playwright.sync_api import expect

from bipin.periodic.models import Report
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD

from .conftest import build_area


@pytest.mark.browser
def test_a_town_fills_on_a_phone_and_the_county_approves(live_cast, live_server, phone, page):
    area = build_area(live_cast)
    url = (
        f"{live_server.url}/c/test-contest/periodic/forms/{area.form.pk}/periods/"
        f"{area.periods['2026-01'].pk}/units/{area.towns['丙镇'].pk}/"
    )
    log_in(phone, live_server.url, "reporter2", PASSWORD)
    phone.goto(f"{live_server.url}/c/test-contest/periodic/")
    phone.get_by_role("link", name="填报").first.click()
    expect(phone.locator("#state")).to_have_text("未开始")
    phone.fill("#v-households", "50")
    phone.fill("#v-helped", "5O")  # a letter O for a zero
    phone.get_by_role("button", name="保存").click()
    expect(phone.locator("div.error")).to_contain_text("“已落实帮扶户数”应为数字,填的是“5O”")
    assert not Report.objects.filter(values__isnull=False).exists()
    phone.fill("#v-helped", "40")
    phone.get_by_role("button", name="保存").click()
    expect(phone.locator("#v-coverage")).to_have_text("80.00")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.locator("#submit").click()
    expect(phone.locator("#state")).to_have_text("已提交,待北原县区审核")

    log_in(page, live_server.url, "reviewer2", PASSWORD)
    page.goto(url)
    page.locator("#approve").click()
    expect(page.locator("#state")).to_have_text("北原县区已审核,待示例市审核")
    expect(page.locator("#history")).to_contain_text("审核通过")
    assert Report.objects.get().approved_level == area.by.key
