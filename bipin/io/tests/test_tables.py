"""Reading the sheets officials really send: title rows, commentary columns,
several sheets, misspelt headers, and files built to exhaust a server."""

import io
import subprocess
import sys
import textwrap
import zipfile

import pytest

from bipin.io.observations import read_observations
from bipin.io.problems import MAX_PROBLEMS, ImportFailed
from bipin.io.sheets import Limits
from bipin.io.tables import Column, parse_int, read_table
from bipin.testing.files import csv_bytes, xlsx_bytes

OBS = ["参评对象", "来源", "指标", "分值"]


def problems_of(data, filename, **kwargs):
    with pytest.raises(ImportFailed) as caught:
        read_table(data, [Column("name", ("名称", "name")), Column("n", ("数量", "count"), parse=int)],
                   filename=filename, **kwargs)
    return caught.value


def workbook(sheets: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class TestHeaders:
    def test_a_misspelt_value_header_is_refused_with_the_accepted_spellings(self):
        data = csv_bytes([["参评对象", "来源", "指标", "得分"], ["示例一县", "data", "达标率", 99.5]])
        with pytest.raises(ImportFailed) as caught:
            read_observations(data, filename="d.csv")
        (p,) = caught.value.problems
        assert (p.file, p.row, p.column) == ("d.csv", 1, "D")
        assert "无法识别的列“得分”" in p.zh and "分值/数值/值/value" in p.zh
        assert "unrecognised column '得分'" in p.en and "分值 / 数值 / 值 / value" in p.en

    def test_note_and_number_columns_stay_unread(self):
        data = csv_bytes([["序号", "参评对象", "来源", "指标", "分值", "说明", "Remarks"],
                          [1, "示例一县", "data", "达标率", 99.5, "已核实", "ok"]])
        (o,) = read_observations(data, filename="d.csv")
        assert (o.entrant, o.value) == ("示例一县", 99.5)

    def test_a_column_with_neither_header_nor_values_is_fine(self):
        data = csv_bytes([["参评对象", "", "来源", "指标", "分值"], ["示例一县", "", "data", "达标率", 1]])
        assert read_observations(data, filename="d.csv")[0].value == 1

    def test_values_under_a_blank_header_are_refused_once(self):
        data = csv_bytes([["参评对象", "来源", "指标", ""], ["甲", "data", "达标率", 99], ["乙", "data", "达标率", 98]])
        with pytest.raises(ImportFailed) as caught:
            read_observations(data, filename="d.csv")
        assert [str(p) for p in caught.value.problems] == [
            "d.csv 第2行 D列:D列有数据但没有表头;请填写表头或删除该列 / "
            "d.csv, row 2, column D: column D has values but no header; name it or delete it"]

    @pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
    def test_a_value_beyond_the_last_header_is_refused_not_dropped(self, make):
        # An unquoted 1,200 in a CSV is two cells: reading 1 and dropping 200 would change
        # the score unseen. A workbook's cell right of the table is the same mistake.
        data = make([["参评对象", "来源", "指标", "分值"], ["甲", "data", "达标率", 1, 200]])
        with pytest.raises(ImportFailed) as caught:
            read_observations(data, filename="d")
        assert [(p.row, p.column, p.message_en) for p in caught.value.problems] == [
            (2, "E", "column E has values but no header; name it or delete it")]

    def test_a_column_given_twice_is_refused(self):
        data = csv_bytes([["参评对象", "来源", "指标", "分值", "value"], ["甲", "data", "达标率", 99, 98]])
        with pytest.raises(ImportFailed) as caught:
            read_observations(data, filename="d.csv")
        (p,) = caught.value.problems
        assert (p.row, p.column) == (1, "E") and "重复(已在D列)" in p.zh

    def test_the_header_is_found_below_a_title_and_blank_rows(self):
        data = xlsx_bytes([["2026年度示例县考核数据表"], [], ["填报单位:示例办(示例数据)"], OBS,
                           ["示例一县", "data", "达标率", 99.5]], sheet="数据")
        (o,) = read_observations(data, filename="d.xlsx")
        assert (o.value, o.ref) == (99.5, "d.xlsx:5")

    def test_a_header_only_file_is_refused(self):
        failed = problems_of(csv_bytes([["说明:示例"], ["名称", "数量"]]), "h.csv")
        assert [str(p) for p in failed.problems] == [
            "h.csv 第2行:只有表头,没有数据行 / h.csv, row 2: the file has a header but no data rows"]

    def test_a_file_of_blank_rows_is_empty(self):
        assert "文件是空的" in str(problems_of(b"\n,,\n", "e.csv"))


class TestSheets:
    def test_the_sheet_that_holds_the_data_is_read(self):
        data = workbook({"填表说明": [["请按模板填写(示例)"], ["名称:单位全称"]],
                         "数据": [["名称", "数量"], ["甲", 3]]})
        (row,) = read_table(data, [Column("name", ("名称",)), Column("n", ("数量",), parse=int)],
                            filename="w.xlsx")
        assert (row.sheet, row["name"], row["n"]) == ("数据", "甲", 3)

    def test_two_sheets_with_data_ask_which_to_read(self):
        rows = [["名称", "数量"], ["甲", 3]]
        data = workbook({"2025": rows, "2026": rows + [["乙", 4]]})
        failed = problems_of(data, "w.xlsx")
        assert failed.sheets == ("2025", "2026")
        assert "请选择要导入的工作表" in failed.problems[0].zh
        chosen = read_table(data, [Column("name", ("名称",))], filename="w.xlsx", sheet="2026",
                            ignore=["数量"])
        assert [r["name"] for r in chosen] == ["甲", "乙"]

    def test_a_template_sheet_without_data_does_not_compete(self):
        data = workbook({"模板": [["名称", "数量"]], "填好的": [["名称", "数量"], ["甲", 3]]})
        (row,) = read_table(data, [Column("name", ("名称",))], filename="w.xlsx", ignore=["数量"])
        assert row.sheet == "填好的"

    def test_an_unknown_sheet_name_lists_the_sheets(self):
        failed = problems_of(workbook({"A": [["名称"], ["甲"]]}), "w.xlsx", sheet="B")
        assert "没有名为“B”的工作表(现有:A)" in failed.problems[0].zh


class TestEveryProblemAtOnce:
    def test_a_cell_error_does_not_hide_a_missing_cell_on_the_same_row(self):
        failed = problems_of(csv_bytes([["名称", "数量"], ["", "三"], ["乙", "x"]]), "p.csv")
        assert [(p.row, p.column) for p in failed.problems] == [(2, "A"), (2, "B"), (3, "B")]

    def test_rows_with_bad_cells_come_back_for_checks_across_rows(self):
        problems = []
        rows = read_table(csv_bytes([["名称", "数量"], ["甲", "三"]]),
                          [Column("name", ("名称",)), Column("n", ("数量",), parse=int)],
                          filename="p.csv", problems=problems)
        assert rows[0]["name"] == "甲" and rows[0]["n"] is None and rows[0].failed == {"n"}
        assert len(problems) == 1

    def test_an_over_long_text_is_refused_at_its_cell(self):
        with pytest.raises(ImportFailed) as caught:
            read_table(csv_bytes([["名称"], ["长" * 21]]), [Column("name", ("名称",), max_length=20)],
                       filename="l.csv")
        assert str(caught.value) == ("l.csv 第2行 A列(名称):内容过长:21个字符,最多20个 / "
                                     "l.csv, row 2, column A (名称): too long: 21 characters, at most 20")

    @pytest.mark.parametrize("text", ["nan", "inf", "-Infinity", "1e999"])
    def test_a_whole_number_that_is_not_finite_is_refused_not_a_crash(self, text):
        with pytest.raises(ImportFailed) as caught:
            read_table(csv_bytes([["序号"], [text]]), [Column("n", ("序号",), parse=parse_int)],
                       filename="n.csv")
        assert str(caught.value) == (f"n.csv 第2行 A列(序号):“{text}”不是整数 / "
                                     f"n.csv, row 2, column A (序号): '{text}' is not a whole number")


class TestBounds:
    def test_a_five_megabyte_bad_csv_gives_a_bounded_list(self):
        rows = [["名称", "数量"]] + [[f"单位{i}", "不是数字" * 12] for i in range(90_000)]
        data = csv_bytes(rows)
        assert len(data) > 5_000_000
        failed = problems_of(data, "big.csv")
        assert len(failed.problems) == MAX_PROBLEMS and failed.omitted == 90_000 - MAX_PROBLEMS
        assert failed.messages()[-1]["zh"].startswith(f"……另有 {90_000 - MAX_PROBLEMS} 个问题未列出")
        assert len(str(failed)) < 100_000

    def test_a_pasted_megabyte_is_not_echoed_back(self):
        failed = problems_of(csv_bytes([["名称", "数量"], ["甲", "9" * 100 + "x" * 1_000_000]]), "p.csv")
        assert len(str(failed)) < 1000

    def test_too_many_rows_are_refused_with_the_setting_to_change(self):
        data = csv_bytes([["名称"]] + [["甲"]] * 10)
        with pytest.raises(ImportFailed, match="BIPIN_IMPORT_MAX_ROWS"):
            read_table(data, [Column("name", ("名称",))], filename="r.csv", limits=Limits(rows=5))

    def test_too_many_columns_are_refused(self):
        data = csv_bytes([["名称"] + [""] * 10, ["甲"] + [""] * 9 + ["x"]])
        with pytest.raises(ImportFailed, match="BIPIN_IMPORT_MAX_COLUMNS"):
            read_table(data, [Column("name", ("名称",))], filename="c.csv", limits=Limits(columns=5))

    def test_a_zip_bomb_is_refused_before_it_is_opened(self):
        part = io.BytesIO()
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/worksheets/sheet1.xml", b" " * 30_000_000)
        data = part.getvalue()
        assert len(data) < 100_000
        with pytest.raises(ImportFailed, match="压缩比异常"):
            read_table(data, [Column("name", ("名称",))], filename="bomb.xlsx")

    def test_a_workbook_that_expands_beyond_the_limit_is_refused(self):
        data = xlsx_bytes([["名称"], ["甲"]])
        with pytest.raises(ImportFailed, match="BIPIN_IMPORT_MAX_UNZIPPED_MB"):
            read_table(data, [Column("name", ("名称",))], filename="w.xlsx",
                       limits=Limits(unzipped_mb=0))


def declaring(dimension: str, far_cell: str | None = None) -> bytes:
    """A tiny valid workbook whose sheet declares ``dimension`` (and maybe one far cell)."""
    src = zipfile.ZipFile(io.BytesIO(xlsx_bytes([OBS, ["示例一县", "data", "达标率", 99]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:D2" />' in part
                part = part.replace(b'<dimension ref="A1:D2" />', f'<dimension ref="{dimension}" />'.encode())
                if far_cell:
                    row = far_cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                    part = part.replace(b"</sheetData>", f'<row r="{row}"><c r="{far_cell}" t="n">'
                                        f"<v>1</v></c></row></sheetData>".encode())
            z.writestr(info.filename, part)
    return out.getvalue()


READ_IN_A_SMALL_WORKER = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (700 * 1024 * 1024, 700 * 1024 * 1024))
    from bipin.io.observations import read_observations
    from bipin.io.problems import ImportFailed
    try:
        print(len(read_observations(sys.stdin.buffer.read(), filename="tiny.xlsx")))
    except ImportFailed as exc:
        print(exc.problems[0].en)
""")


@pytest.mark.parametrize("dimension, far_cell, expected", [
    ("A1:XFD1048576", "A90000", "row 90000, column B (来源): must not be empty"),
    ("A1:XFD1048576", "XFD1000000", "more than 100000 rows"),
    ("A1:D2", "XFD3", "more than 200 columns"),
])
def test_a_tiny_workbook_declaring_a_huge_sheet_is_read_within_bounds(dimension, far_cell, expected):
    """A 5 KB workbook once took a worker to 593 MB; it must stay within a small one."""
    data = declaring(dimension, far_cell)
    assert len(data) < 10_000
    done = subprocess.run([sys.executable, "-c", READ_IN_A_SMALL_WORKER], input=data,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert expected in done.stdout.decode()


def test_a_scheme_workbook_is_checked_before_openpyxl_opens_it():
    from bipin.io.schemes import load_scheme

    part = io.BytesIO()
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", b" " * 30_000_000)
    with pytest.raises(ImportFailed, match="压缩比异常"):
        load_scheme(part.getvalue(), filename="scheme.xlsx")


def test_a_scheme_settings_sheet_may_be_empty():
    from bipin.io.schemes import load_scheme

    data = workbook({"考核指标表": [["一级指标", "二级指标", "分值", "计分规则", "数据来源"],
                                    ["成效", "达标率", 10, "proportional(target=100)", "数据"]],
                     "设置": [["项目", "值"]]})
    assert load_scheme(data, filename="示例方案.xlsx").contest == "示例方案"
