"""A village's households with their lookup codes, to print and hand out, and their stars."""

from __future__ import annotations

import io

from bipin.campaigns.models import Area, Score
from bipin.io.cells import append_row

HEADERS = ["乡镇", "村", "门牌号", "户主", "查询码", "总分", "星级"]


def codes_book(village: Area) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

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
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
