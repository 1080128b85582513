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
    [problem] = problems_of(cast, b"%PDF-1.4", "entrants.pdf")
    assert problem.startswith("entrants.pdf:无法读取:这是 PDF 文件,不是表格。Bipin 可读取 Excel(.xlsx、.xlsm、.xls)")
    assert "entrants.pdf: cannot read this file: it is a PDF file, not a spreadsheet." in problem
    assert "压缩包已损坏" in problems_of(cast, b"PK\x03\x04 cut short", "broken.xlsx")[0]


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


def test_a_cell_error_does_not_hide_a_duplicate_on_the_same_row(cast):
    data = csv_bytes([["名称", "组别", "序号"], ["青河县", "整体推进县", 1], ["青河县", "整体推进县", "第二"]])
    assert problems_of(cast, data, "e.csv") == [
        "e.csv 第3行 C列(序号):“第二”不是数字 / e.csv, row 3, column C (序号): '第二' is not a number",
        "e.csv 第3行 A列:参评单位“青河县”与第2行重复 / e.csv, row 3, column A: duplicate entrant '青河县' "
        "(also on row 2)"]


def test_a_name_longer_than_the_field_is_refused_at_its_cell(cast):
    data = csv_bytes([["名称", "组别", "编号"], ["长" * 201, "整体推进县", "A" * 21]])
    assert problems_of(cast, data, "e.csv") == [
        "e.csv 第2行 A列(名称):内容过长:201个字符,最多200个 / e.csv, row 2, column A (名称): too long: "
        "201 characters, at most 200",
        "e.csv 第2行 C列(编号):内容过长:21个字符,最多20个 / e.csv, row 2, column C (编号): too long: "
        "21 characters, at most 20"]


def test_an_officials_sheet_with_a_title_and_a_notes_column_imports(cast):
    data = xlsx_bytes([["2026年度参评单位名单(示例数据)"], [], ["序号", "名称", "组别", "备注"],
                       [1, "青河县", "整体推进县", "新增"]], sheet="名单")
    assert services.import_entrants(cast.organizer, cast.contest, data, "名单.xlsx").created == 1


def test_a_header_only_file_is_refused_not_imported_as_zero(cast):
    assert problems_of(cast, csv_bytes([HEADER]), "e.csv") == [
        "e.csv 第1行:只有表头,没有数据行 / e.csv, row 1: the file has a header but no data rows"]


def test_an_unknown_column_is_refused_naming_the_accepted_ones(cast):
    (problem,) = problems_of(cast, csv_bytes([["名称", "组别", "地址"], ["青河县", "整体推进县", "x"]]), "e.csv")
    assert problem.startswith("e.csv 第1行 C列:无法识别的列“地址”。可用的列:名称/参评单位/参评对象/name/entrant、组别/group")


def test_the_page_asks_which_sheet_and_imports_the_chosen_one(client_as, cast):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "去年"
    book.active.append(["名称", "组别"])
    book.active.append(["旧县", "整体推进县"])
    ws = book.create_sheet("今年")
    ws.append(["名称", "组别"])
    ws.append(["青河县", "整体推进县"])
    buffer = __import__("io").BytesIO()
    book.save(buffer)
    client = client_as("organizer")
    url = "/c/test-contest/setup/entrants/import/"
    page = client.post(url, {"file": SimpleUploadedFile("e.xlsx", buffer.getvalue())}, follow=True)
    text = page.content.decode()
    assert "请选择要导入的工作表" in text
    assert '<select name="sheet" required><option>去年</option><option>今年</option></select>' in text
    assert not cast.contest.entrants.filter(name="青河县").exists()
    client.post(url, {"file": SimpleUploadedFile("e.xlsx", buffer.getvalue()), "sheet": "今年"})
    assert cast.contest.entrants.filter(name="青河县").exists()
    assert not cast.contest.entrants.filter(name="旧县").exists()


def test_the_problems_kept_for_the_next_page_are_bounded(client_as, cast):
    rows = [HEADER] + [[f"单位{i}", "无此组"] for i in range(5000)]
    client = client_as("organizer")
    client.post("/c/test-contest/setup/entrants/import/",
                {"file": SimpleUploadedFile("e.csv", csv_bytes(rows))})
    kept = client.session["import_problems"]["problems"]
    assert len(kept) == 201
    assert kept[-1]["zh"] == "……另有 4800 个问题未列出;请先改正以上问题后重新上传"


def test_a_kind_column_gives_each_unit_the_kind_a_multiplier_reads(cast):
    from bipin.results.engine import engine_entrants

    data = csv_bytes([["名称", "组别", "类型"], ["青河县", "整体推进县", "搬迁任务县"], ["白石县", "整体推进县", ""]])
    services.import_entrants(cast.organizer, cast.contest, data, "e.csv")
    kinds = {e.name: e.kind for e in engine_entrants(cast.contest)}
    assert (kinds["青河县"], kinds["白石县"]) == ("搬迁任务县", None)
