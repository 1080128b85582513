"""Build small CSV and XLSX files in memory for import tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence


def xlsx_bytes(rows: Sequence[Sequence[object]], sheet: str = "Sheet1") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")
