"""In a real browser: an organizer creates a contest and imports its entrants."""

import pytest
from playwright.sync_api import expect

from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD
from bipin.testing.files import xlsx_bytes

pytestmark = pytest.mark.browser


def test_an_organizer_creates_a_contest_and_imports_entrants_from_xlsx(page, live_server, live_cast, tmp_path):
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/contests/new/")
    page.fill("input[name=name]", "2026年果品评比")
    page.fill("input[name=slug]", "fruit-2026")
    page.select_option("select[name=kind]", "contest")
    page.click("button[type=submit]")
    page.wait_for_url("**/c/fruit-2026/setup/groups/")
    page.fill("input[name=name]", "苹果组")
    page.click("text=添加组别")
    # Each group's name sits in its own rename field.
    expect(page.locator("td input[name=name]")).to_have_value("苹果组")

    path = tmp_path / "样品.xlsx"
    path.write_bytes(xlsx_bytes([["名称", "组别", "编号"], ["示例甲合作社", "苹果组", "P01"],
                                 ["示例乙农场", "苹果组", "P02"]], sheet="参评单位"))
    page.goto(f"{live_server.url}/c/fruit-2026/setup/entrants/")
    page.set_input_files("input[type=file]", str(path))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("text=已导入 2 个参评单位")
    rows = page.locator("#entrants tbody tr").all_inner_texts()
    assert [r.split("\t")[:2] for r in rows] == [["示例甲合作社", "苹果组"], ["示例乙农场", "苹果组"]]
    assert page.locator("html").get_attribute("lang") == "zh-hans"


def test_a_bad_file_shows_where_the_problem_is(page, live_server, live_cast, tmp_path):
    log_in(page, live_server.url, "organizer", PASSWORD)
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx_bytes([["名称", "组别"], ["青河县", "无此组"]], sheet="参评单位"))
    page.goto(f"{live_server.url}/c/test-contest/setup/entrants/")
    page.set_input_files("input[type=file]", str(path))
    page.click("form[enctype] button[type=submit]")
    alert = page.locator(".problems").inner_text()
    assert "第2行 B列:组别“无此组”不存在" in alert and "row 2, column B" in alert
