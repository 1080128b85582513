"""The record book as the office keeps it in Excel, one row per record."""

from __future__ import annotations

import io

from bipin.evidence.masking import mask_ids
from bipin.evidence.provenance import person, stamp
from bipin.io.cells import append_row

HEADER = [
    "序号",
    "参评对象",
    "组别",
    "指标",
    "日期",
    "文号",
    "事由",
    "分值",
    "状态",
    "是否计分",
    "录入人",
    "录入时间",
    "审核人",
    "审核时间",
    "退回原因",
    "更正记录",
    "更正原因",
    "佐证材料",
]


def record_book(contest, records) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = "日常监督记录"
    append_row(ws, HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for number, r in enumerate(records, start=1):
        counts = r.status == r.Status.APPROVED and not _replaced(r)
        append_row(
            ws,
            [
                number,
                r.entrant.name,
                r.entrant.group.name,
                r.item,
                r.date.isoformat(),
                r.doc_number,
                mask_ids(r.reason),
                None if r.amount is None else float(r.amount),
                r.get_status_display(),
                "是" if counts else "否",
                person(r.entered_by),
                _at(r.entered_at),
                person(r.reviewed_by),
                _at(r.reviewed_at),
                r.return_reason,
                f"更正#{r.supersedes_id}" if r.supersedes_id else "",
                r.correction_reason,
                "、".join(f.name for f in r.evidence.all()),
            ],
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _at(moment) -> str:
    return stamp(moment) if moment else ""


def _replaced(r) -> bool:
    """An approved correction replaces it (the view prefetches corrections)."""
    return any(c.status == c.Status.APPROVED for c in r.corrections.all())
