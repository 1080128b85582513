"""The 整改台账 as the XLSX offices keep: 序号 | 问题 | 整改措施 | 责任单位 | 责任人 |
整改时限 | 完成情况 | 核查结果.

Cells go through the project's writer (bipin.io.xlsx_report's sheet, which
stores every text as text), so a measure typed as ``=HYPERLINK(…)`` never
runs. ID-card numbers typed into a finding are masked, as on the pages.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

from bipin.evidence.masking import mask_ids
from bipin.io.xlsx_report import table_sheet
from bipin.rectification.models import Recheck, State, Task

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["序号", "问题", "整改措施", "责任单位", "责任人", "整改时限", "完成情况", "核查结果"]


def problem(task: Task) -> str:
    """The finding in one cell: unit, indicator, category and severity, site, description."""
    f = task.finding
    kind = " ".join(x for x in (f.category, f.severity) if x)
    head = (
        f"【{task.entrant.name}】{f.item}"
        + (f"·{kind}" if kind else "")
        + (f"({f.site})" if f.site else "")
    )
    return mask_ids(f"{head}:{f.description}")


def result(task: Task, rechecks: list[Recheck]) -> str:
    """核查结果: the state, the last verdict, then each 回头看's outcome."""
    parts = [str(State(task.state).label)]
    if task.verdict:
        parts.append(task.verdict)
    if task.state == State.CANCELLED and task.finding.withdraw_reason:
        parts.append(f"问题已撤销:{task.finding.withdraw_reason}")
    parts += [f"{r.round.name}:{r.get_outcome_display()}" for r in rechecks]
    return ";".join(parts)


def rows(tasks) -> list[list]:
    found = list(
        tasks.select_related("entrant", "finding")
        .prefetch_related("finding__rechecks__round")
        .order_by("entrant__order", "entrant_id", "deadline", "pk")
    )
    return [
        [
            n,
            problem(t),
            t.measures,
            t.responsible_unit,
            t.responsible_person,
            t.deadline.isoformat(),
            t.completion,
            result(t, list(t.finding.rechecks.all())),
        ]
        for n, t in enumerate(found, start=1)
    ]


def workbook(tasks) -> bytes:
    book = Workbook()
    book.remove(book.active)
    table_sheet(book, "整改台账", HEADERS, rows(tasks), widths={2: 48, 3: 36, 7: 30, 8: 30})
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
