"""A village's households with their lookup codes, to print and hand out, and their stars;
and its blank sheet of answers (评分表), to fill in and import."""

from __future__ import annotations

import io

from bipin.campaigns.models import Area, Score
from bipin.io.cells import append_row
from bipin.scoring.checklist import YES_NO, Checklist

HEADERS = ["乡镇", "村", "门牌号", "户主", "查询码", "总分", "星级"]


def _saved(book, sheet) -> bytes:
    from openpyxl.styles import Font

    for cell in sheet[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def answers_book(village: Area, checklist: Checklist) -> bytes:
    """A village's blank 评分表: its households by code, one column per checklist item.

    Each item's cells offer 是/否 or take a number up to its points, as the import reads them.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "评分表"
    fixed = ["查询码", "乡镇", "村", "门牌号", "户主"]
    append_row(sheet, [*fixed, *(i.text for i in checklist.items)])
    count = 0
    for code, number, head in village.households.order_by("house_number", "pk").values_list(
            "code", "house_number", "head"):
        append_row(sheet, [code, village.parent.name, village.name, number, head])
        count += 1
    for n, item in enumerate(checklist.items, len(fixed) + 1):
        if item.kind == YES_NO:
            rule = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
        else:
            rule = DataValidation(type="decimal", operator="between", formula1="0",
                                  formula2=str(item.points), allow_blank=True)
            rule.error = f"0–{item.points}"
        letter = get_column_letter(n)
        rule.add(f"{letter}2:{letter}{max(count, 1) + 1}")
        sheet.add_data_validation(rule)
    return _saved(book, sheet)


def codes_book(village: Area) -> bytes:
    from openpyxl import Workbook

    current = {s.household_id: s for s in Score.objects.filter(
        household__village=village, superseded_at__isnull=True).only("household_id", "total", "stars")}
    book = Workbook()
    sheet = book.active
    sheet.title = "查询码"
    append_row(sheet, HEADERS)
    for h in village.households.order_by("house_number", "pk"):
        s = current.get(h.pk)
        append_row(sheet, [village.parent.name, village.name, h.house_number, h.head, h.code,
                           float(s.total) if s else None, s.stars if s else None])
    return _saved(book, sheet)
