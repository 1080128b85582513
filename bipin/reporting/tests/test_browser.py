"""A department in real browsers: fill, submit, returned, correct, approved."""

import pytest
from playwright.sync_api import expect

from bipin.reporting.models import Submission, Value
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD

from .conftest import setup_departments

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GRID = "/c/test-contest/reporting/d/教育局/"
VALUES = {
    "南川县 教育保障": "8",
    "南川县 控辍保学率": "99.5",
    "北原县 教育保障": "7.5",
    "北原县 控辍保学率": "100",
    "教育局 教育专项": "9",
    "教育局 教育保障": "6",
}


def desk(browser, live_server, username):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, username, PASSWORD)
    page.goto(live_server.url + GRID)
    return context, page


def test_a_department_fills_is_returned_corrects_and_is_approved(live_cast, browser, live_server):
    setup_departments(live_cast)
    reporter_ctx, reporter = desk(browser, live_server, "reporter")
    reviewer_ctx, reviewer = desk(browser, live_server, "reviewer")
    try:
        # A value out of range is marked and nothing is saved.
        for label, value in VALUES.items():
            reporter.get_by_label(label, exact=True).fill(value)
        reporter.get_by_label("北原县 控辍保学率", exact=True).fill("101")
        reporter.get_by_role("button", name="保存并提交审核").click()
        expect(reporter.locator("td.error")).to_contain_text("超出有效范围[0, 100]")
        assert not Value.objects.exists()
        reporter.get_by_label("北原县 控辍保学率", exact=True).fill("100")
        reporter.get_by_role("button", name="保存并提交审核").click()
        expect(reporter.locator("#state")).to_have_text("已提交")

        reviewer.reload()
        reviewer.get_by_label("意见(退回时必填)").fill("北原县教育保障请核实")
        reviewer.get_by_role("button", name="退回").click()
        expect(reviewer.locator("#state")).to_have_text("已退回")

        reporter.reload()
        expect(reporter.get_by_role("alert").first).to_contain_text("北原县教育保障请核实")
        reporter.get_by_label("北原县 教育保障", exact=True).fill("7")
        reporter.get_by_role("button", name="保存并提交审核").click()
        expect(reporter.locator("#state")).to_have_text("已提交")

        reviewer.reload()
        reviewer.get_by_role("button", name="审核通过").click()
        expect(reviewer.locator("#state")).to_have_text("已审核")
    finally:
        reporter_ctx.close()
        reviewer_ctx.close()
    assert Submission.objects.get().state == "approved"
    assert (
        str(
            Value.objects.get(
                current=True, item="教育保障", entrant__name="北原县"
            ).value.normalize()
        )
        == "7"
    )
