"""In a real browser: one imported value is corrected on its own, and a release is confirmed."""

import pytest
from playwright.sync_api import expect

from bipin.results.models import Release
from bipin.testing.browser import guide_shot, log_in
from bipin.testing.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_organizer_corrects_one_imported_value_with_a_reason(live_server, page, cast, imported):
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/results/imports/")
    page.get_by_role("link", name=f"#{imported.pk} data.csv").click()
    page.locator("#row-2").get_by_role("link", name="更正").click()
    expect(page.locator("#original")).to_contain_text("99.7")
    page.fill("input[name=value]", "120")
    page.fill("input[name=reason]", "县水利局复核")
    page.get_by_role("button", name="更正").click()
    expect(page.get_by_role("alert")).to_contain_text("未更正")
    expect(page.locator("input[name=reason]")).to_have_value("县水利局复核")
    page.fill("input[name=value]", "96.5")
    guide_shot(page, "results-correct-value")
    page.get_by_role("button", name="更正").click()
    expect(page.get_by_text("已更正:南川县 · 饮水达标率 由 99.7 改为 96.5。")).to_be_visible()
    corrections = page.locator("#corrections tbody tr")
    expect(corrections).to_have_count(1)
    expect(corrections).to_contain_text("县水利局复核")


def test_release_asks_for_confirmation_and_then_marks_the_released_version(live_server, page, cast,
                                                                           snapshot):
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/results/")
    expect(page.locator("#versions")).to_contain_text("最新计算:第1版 · 未发布")
    page.fill("input[name=title]", "2026年测试结果")
    page.get_by_role("button", name="发布快照").click()
    expect(page.locator("#confirm")).to_contain_text("将发布快照")
    assert not Release.objects.exists()
    guide_shot(page, "results-release-confirm")
    page.get_by_role("button", name="确认发布").click()
    expect(page.get_by_text("已发布“2026年测试结果”")).to_be_visible()
    expect(page.locator("#versions")).to_have_text("公众和参评单位看到的:第1版")
    page.goto(f"{live_server.url}/c/test-contest/results/ranking/")
    expect(page.locator("#versions")).to_have_text("公众和参评单位看到的:第1版")
