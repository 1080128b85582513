"""Write the small .xlsx, .xls and .ods files beside this script, once.

The files are committed; this script only says how they were made. xlwt and
odfpy are not Bipin's dependencies (Bipin reads these formats, never writes
them), so run it from a throwaway environment:

    python -m venv /tmp/fixtures && /tmp/fixtures/bin/pip install openpyxl xlwt odfpy
    /tmp/fixtures/bin/python bipin/io/tests/formats/make_fixtures.py

Each table is written as an office would: a title row above the header, a
blank row, a 备注 column, whole numbers and decimals, Chinese text.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

SCHEME = {
    "考核指标表": [
        ["一级指标", "二级指标", "评价内容", "分值", "计分规则", "数据来源", "考核部门"],
        ["成效", "达标率", "按完成比例计分", 10, "proportional(target=100)", "data", "统计局"],
        ["成效", "整改率", "每低1个百分点扣1分", 10, "target_step(target=100, step=1, deduct=1)",
         "data", "督导组"],
    ],
    "设置": [["项目", "值"], ["contest", "示例三县考评(示例数据)"], ["groups", "[县]"]],
}
ENTRANTS = {
    "名单": [
        ["2026年度参评单位名单(示例数据)"],
        [],
        ["参评对象", "名称", "组别", "备注"],
        ["A01", "示例甲县", "县", "首次参评"],
        ["A02", "示例乙县", "县", None],
        ["A03", "示例丙县", "县", None],
    ],
}
DATA = {
    "数据": [
        ["2026年度客观数据(示例数据)"],
        [],
        ["参评对象", "来源", "指标", "分值", "备注"],
        ["A01", "data", "达标率", 98.5, "含新增村"],
        ["A02", "data", "达标率", 100, None],
        ["A03", "data", "达标率", 87, None],
        ["A01", "data", "整改率", 97, None],
        ["A02", "data", "整改率", 100, None],
        ["A03", "data", "整改率", 95, "两项未销号"],
    ],
    "说明": [["本表为示例数据"]],
}
BOOKS = {"scheme": SCHEME, "entrants": ENTRANTS, "data": DATA}
# For the web import test: observations of the test cast's contest (bipin/results/tests).
CAST_OBSERVATIONS = {
    "考评数据": [
        ["考评数据(示例)"],
        ["参评对象", "来源", "指标", "评委", "分值", "备注"],
        ["南川县", "data", "饮水达标率", None, 99.7, None],
        ["A02", "客观数据", "饮水达标率", None, 100, "按编号"],
        ["教育局", "department", "部门评价", "市委办", 85, None],
    ],
}


def write_xlsx(book: dict, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in book.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)


def write_xls(book: dict, path: Path) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for name, rows in book.items():
        ws = wb.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write(r, c, value)
    wb.save(str(path))


def write_ods(book: dict, path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in book.items():
        table = Table(name=name)
        for row in rows:
            tr = TableRow()
            for value in row:
                if value is None:
                    tr.addElement(TableCell())
                elif isinstance(value, str):
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=value))
                    tr.addElement(cell)
                else:
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                    tr.addElement(cell)
            table.addElement(tr)
        # LibreOffice ends every sheet with its unused rows as one repeated row.
        tail = TableRow(numberrowsrepeated=1048000)
        tail.addElement(TableCell(numbercolumnsrepeated=1024))
        table.addElement(tail)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))


def write_far_xls(path: Path) -> None:
    """5 KB with one value at IV65536: calamine would hold 16.7 million cells."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("远")
    ws.write(0, 0, "参评对象")
    ws.write(65535, 255, "远处")
    wb.save(str(path))


def main() -> None:
    for stem, book in BOOKS.items():
        write_xlsx(book, HERE / f"{stem}.xlsx")
        write_xls(book, HERE / f"{stem}.xls")
        write_ods(book, HERE / f"{stem}.ods")
    write_far_xls(HERE / "far.xls")
    write_xls(CAST_OBSERVATIONS, HERE.parents[2] / "results" / "tests" / "data" / "observations.xls")


if __name__ == "__main__":
    main()
