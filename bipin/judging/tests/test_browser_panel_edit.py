"""In a real browser: a criterion judges already marked cannot be deleted, and the page says why."""

import pytest
from playwright.sync_api import expect

from bipin.judging import services
from bipin.judging.models import Panel
from bipin.testing.browser import guide_shot, log_in
from bipin.testing.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_deleting_a_marked_criterion_is_refused_and_an_unmarked_one_is_deleted(page, live_server, event):
    services.submit_sheet(event.judge, event.panel, event.entrants["南川县"], key="key-00000001",
                          marks={"content": "5.5", "delivery": "3"})
    # A third criterion, added to the copy after the sheet, has no marks yet.
    event.panel.criteria = [*event.panel.criteria, {"id": "time", "name": "时间控制", "max": "2",
                                                    "step": "1", "descriptor": ""}]
    event.panel.save(update_fields=["criteria"])
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/judging/setup/")
    page.locator("section.card", has_text="脱稿汇报").get_by_role("link", name="编辑").click()
    content = page.locator("form.criterion[data-criterion=content]")
    expect(content).to_contain_text("1 个评分")
    content.get_by_role("button", name="删除").click()
    expect(page.get_by_role("alert")).to_contain_text("不能删除评分项“内容”:已有 1 个评分依赖它")
    guide_shot(page, "panel-criterion-refused")
    page.locator("form.criterion[data-criterion=time]").get_by_role("button", name="删除").click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    expect(page.locator("form.criterion")).to_have_count(2)
    assert [c["id"] for c in Panel.objects.get().criteria] == ["content", "delivery"]
