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


def test_the_organizer_renames_a_group_after_a_refusal_without_retyping(page, live_server, live_cast):
    group = live_cast.groups["市直部门"]
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/setup/groups/")
    row = page.locator("tr", has=page.locator(f"form[action$='/groups/{group.pk}/rename/']"))
    row.locator("input[name=name]").fill("整体推进县")  # taken by the other group
    row.get_by_role("button", name="改名").click()
    expect(page.get_by_text("组别“整体推进县”已存在")).to_be_visible()
    expect(row.locator("input[name=name]")).to_have_value("整体推进县")
    row.locator("input[name=name]").fill("市直单位")
    row.get_by_role("button", name="改名").click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    expect(row.locator("input[name=name]")).to_have_value("市直单位")
    group.refresh_from_db()
    assert group.name == "市直单位"


def test_the_organizer_moves_a_units_account_to_another_unit(page, live_server, live_cast):
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/setup/people/")
    page.locator("tr", has_text="entrant").filter(has_text="南川县").get_by_role("link", name="修改").click()
    expect(page.locator("h1")).to_contain_text("编辑人员")
    page.get_by_label("所属单位").select_option(label="北原县")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    expect(page.locator("tr", has_text="entrant").filter(has_text="参评单位")).to_contain_text("北原县")
    # The liaison's name was mistyped in the list: corrected on the same page.
    page.locator("tr", has_text="entrant").filter(has_text="参评单位").get_by_role("link", name="修改").click()
    page.locator("#person").get_by_label("姓名").fill("北原县联络员")
    page.locator("#person").get_by_role("button", name="保存姓名和邮箱").click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    expect(page.locator("tr", has_text="entrant").filter(has_text="参评单位")).to_contain_text("北原县联络员")


def test_a_missing_page_and_a_forbidden_one_say_what_to_do_next(page, live_server, live_cast):
    log_in(page, live_server.url, "judge", PASSWORD)
    answer = page.goto(f"{live_server.url}/c/test-contest/setup/entrants/999999/")
    assert answer.status in (403, 404)
    answer = page.goto(f"{live_server.url}/c/no-such-contest/")
    assert answer.status == 404
    expect(page.locator("h1")).to_have_text("找不到该页面")
    page.get_by_role("link", name="返回首页,进入您参加的活动").click()
    expect(page).to_have_url(f"{live_server.url}/")
    answer = page.goto(f"{live_server.url}/c/test-contest/setup/entrants/")
    assert answer.status == 403
    expect(page.locator(".error-code")).to_have_text("403")
    expect(page.locator(".next-steps a").first).to_be_visible()


def test_the_organizer_downloads_the_people_template_and_adds_and_deletes_a_group(page, live_server, live_cast):
    import openpyxl

    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/setup/people/")
    with page.expect_download() as fetched:
        page.get_by_role("link", name="下载 Excel 模板(含填写说明)").click()
    download = fetched.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as saved:  # a download's path has no extension for openpyxl
        sheet = openpyxl.load_workbook(saved).worksheets[0]
    headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert "用户名" in headers and "角色" in headers

    page.goto(f"{live_server.url}/c/test-contest/setup/groups/")
    page.locator("form.card input[name=name]").fill("临时组")
    page.locator("form.card").get_by_role("button").click()
    row = page.locator("tr", has=page.locator("input[value='临时组']"))
    row.get_by_role("button", name="删除").click()
    expect(page.get_by_text("已删除组别“临时组”。")).to_be_visible()
    assert not live_cast.contest.groups.filter(name="临时组").exists()


def test_the_audit_log_reads_in_words(page, live_server, live_cast):
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/setup/groups/")
    row = page.locator("tr", has=page.locator("input[value='市直部门']"))
    row.locator("input[name=name]").fill("市直单位")
    row.get_by_role("button", name="改名").click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    page.goto(f"{live_server.url}/audit/c/test-contest/")
    first = page.locator("tbody tr").first
    expect(first).to_contain_text("市直单位")
    expect(first).to_contain_text("修改组别名称")
    expect(page.locator("main")).not_to_contain_text("group.rename")
