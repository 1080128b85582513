"""Importing entrants: a clean file goes in whole; a bad one names every
problem by sheet, row and column and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bipin.audit.models import Record
from bipin.contests import services
from bipin.io import ImportFailed
from bipin.testing.files import csv_bytes, xlsx_bytes

HEADER = ["名称", "组别", "简称", "编号"]


def state(contest):
    return (sorted(contest.entrants.values_list("name", "group__name", "code")),
            Record.objects.filter(action="entrant.import").count())


def problems_of(cast, data, filename):
    before = state(cast.contest)
    with pytest.raises(ImportFailed) as caught:
        services.import_entrants(cast.organizer, cast.contest, data, filename)
    assert state(cast.contest) == before, "a failed import must leave the database unchanged"
    return [str(p) for p in caught.value.problems]


def test_a_valid_xlsx_imports_every_row(cast):
    data = xlsx_bytes([HEADER, ["青河县", "整体推进县", "青河", "A03"], ["水务局", "市直部门", "", "B02"]],
                      sheet="参评单位")
    summary = services.import_entrants(cast.organizer, cast.contest, data, "entrants.xlsx")
    assert summary.created == 2
    assert cast.contest.entrants.get(name="青河县").group.name == "整体推进县"
    assert cast.contest.entrants.get(name="水务局").code == "B02"


def test_english_headers_and_csv_are_accepted(cast):
    data = csv_bytes([["name", "group"], ["白石县", "整体推进县"]])
    assert services.import_entrants(cast.organizer, cast.contest, data, "e.csv").created == 1


def test_a_missing_column_is_named(cast):
    data = xlsx_bytes([["名称", "简称"], ["青河县", "青河"]], sheet="参评单位")
    assert problems_of(cast, data, "entrants.xlsx") == [
        "entrants.xlsx 工作表“参评单位” 第1行:缺少必填列“组别”(可用表头:组别、group) / "
        "entrants.xlsx, sheet '参评单位', row 1: missing required column 'group' (accepted headers: 组别, group)"]


def test_a_duplicate_entrant_in_the_file_names_both_rows(cast):
    data = xlsx_bytes([HEADER, ["青河县", "整体推进县"], ["青河县", "整体推进县"]], sheet="参评单位")
    assert problems_of(cast, data, "entrants.xlsx") == [
        "entrants.xlsx 工作表“参评单位” 第3行 A列:参评单位“青河县”与第2行重复 / "
        "entrants.xlsx, sheet '参评单位', row 3, column A: duplicate entrant '青河县' (also on row 2)"]


def test_an_entrant_that_already_exists_is_refused(cast):
    data = csv_bytes([HEADER, ["南川县", "整体推进县"]])
    assert problems_of(cast, data, "e.csv") == [
        "e.csv 第2行 A列:参评单位“南川县”已存在 / e.csv, row 2, column A: entrant '南川县' already exists in this contest"]


def test_an_unknown_group_lists_the_known_ones(cast):
    data = xlsx_bytes([HEADER, ["青河县", "先行示范区"]], sheet="参评单位")
    assert problems_of(cast, data, "entrants.xlsx") == [
        "entrants.xlsx 工作表“参评单位” 第2行 B列:组别“先行示范区”不存在(已有组别:整体推进县、市直部门) / "
        "entrants.xlsx, sheet '参评单位', row 2, column B: unknown group '先行示范区' "
        "(known groups: 整体推进县, 市直部门)"]


def test_a_wrong_type_names_the_cell(cast):
    data = xlsx_bytes([["名称", "组别", "序号"], ["青河县", "整体推进县", "第一"]], sheet="参评单位")
    assert problems_of(cast, data, "entrants.xlsx") == [
        "entrants.xlsx 工作表“参评单位” 第2行 C列(序号):“第一”不是数字 / "
        "entrants.xlsx, sheet '参评单位', row 2, column C (序号): '第一' is not a number"]


def test_every_problem_is_reported_at_once_and_nothing_is_written(cast):
    data = xlsx_bytes([HEADER, ["青河县", "整体推进县"], ["", "市直部门"], ["柳林县", "无此组"]])
    problems = problems_of(cast, data, "x.xlsx")
    assert len(problems) == 2
    assert "第3行 A列(名称):不能为空" in problems[0]
    assert "第4行 B列:组别“无此组”不存在" in problems[1]


def test_a_file_that_is_not_a_spreadsheet_is_refused(cast):
    assert problems_of(cast, b"%PDF-1.4", "entrants.pdf") == [
        "entrants.pdf:不支持的文件类型“.pdf”,请上传 .xlsx 或 .csv / "
        "entrants.pdf: unsupported file type '.pdf'; use .xlsx or .csv"]
    assert "无法读取该 Excel 文件" in problems_of(cast, b"not a zip", "broken.xlsx")[0]


def test_the_page_shows_the_problems_in_both_languages(client_as, cast):
    client = client_as("organizer")
    upload = SimpleUploadedFile("e.csv", csv_bytes([HEADER, ["青河县", "无此组"]]))
    response = client.post("/c/test-contest/setup/entrants/import/", {"file": upload}, follow=True)
    text = response.content.decode()
    assert "未导入任何数据" in text
    assert "组别“无此组”不存在" in text and "unknown group &#x27;无此组&#x27;" in text
    assert not cast.contest.entrants.filter(name="青河县").exists()


def test_the_page_reports_how_many_were_imported(client_as, cast):
    upload = SimpleUploadedFile("e.csv", csv_bytes([HEADER, ["青河县", "整体推进县"]]))
    response = client_as("organizer").post("/c/test-contest/setup/entrants/import/", {"file": upload},
                                           follow=True)
    assert "已导入 1 个参评单位" in response.content.decode()
