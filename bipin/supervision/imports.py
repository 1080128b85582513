"""The clerk's record file: many drafts at once, all or nothing.

Columns 参评对象 | 指标 | 日期 | 文号 | 事由 | 分值 (备注 may stay). Each row is
checked exactly as the entry form checks one record, and every problem names
its sheet, row and column; one bad row and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.db import transaction

from bipin.audit.chain import record as audit
from bipin.contests.models import Contest
from bipin.contests.uploads import stored_length
from bipin.io.problems import ImportFailed, Problem, shown
from bipin.io.tables import CellError, Column, parse_decimal, read_table
from bipin.supervision import services
from bipin.supervision.access import Office
from bipin.supervision.models import Record

_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def parse_date(cell) -> dt.date:
    """A date cell: Excel's own date, or 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    found = _DATE.match(str(cell).strip())
    try:
        if found:
            return dt.date(*(int(g) for g in found.groups()))
    except ValueError:
        pass  # 2026-02-30: shaped like a date, but none
    raise CellError(
        f"“{shown(cell)}”不是日期(如 2026-03-01)",
        f"'{shown(cell)}' is not a date (e.g. 2026-03-01)",
    )


def parse_amount(cell) -> Decimal:
    """Every digit as typed; more places than the record keeps are refused, not rounded."""
    return parse_decimal(cell, decimals=4, largest=10**10)  # the amount column's size


COLUMNS = [
    Column("entrant", ("参评对象", "参评单位", "单位", "entrant"), label_zh="参评对象"),
    Column("item", ("指标", "item"), max_length=stored_length(Record, "item")),
    Column("date", ("日期", "date"), parse=parse_date),
    Column(
        "doc_number",
        ("文号", "document number", "doc_number"),
        required=False,
        max_length=stored_length(Record, "doc_number"),
    ),
    Column("reason", ("事由", "reason"), max_length=stored_length(Record, "reason")),
    Column("amount", ("分值", "value", "amount"), required=False, parse=parse_amount),
]


def import_records(
    actor, contest: Contest, office: Office, data: bytes, filename: str, sheet: str | None = None
) -> list[Record]:
    problems: list[Problem] = []
    rows = read_table(data, COLUMNS, filename=filename, sheet=sheet, problems=problems)
    lookup = {}
    for e in contest.entrants.select_related("group"):
        lookup[e.name] = e
        if e.code:
            lookup[e.code] = e
    entries = []
    for row in rows:
        if row.failed:
            continue
        entrant = lookup.get(str(row["entrant"]).strip())
        if entrant is None:
            problems.append(
                row.problem(
                    "entrant",
                    f"参评对象“{shown(row['entrant'])}”不在本活动中",
                    f"unknown entrant '{shown(row['entrant'])}'",
                    filename,
                )
            )
            continue
        item = str(row["item"]).strip()
        if not office.may_enter(item):
            problems.append(
                row.problem(
                    "item",
                    f"“{shown(item)}”不是您可录入的日常监督指标",
                    f"'{shown(item)}' is not a supervision item you keep",
                    filename,
                )
            )
            continue
        entry = services.Entry(
            entrant=entrant,
            item=item,
            date=row["date"],
            doc_number=str(row.get("doc_number") or ""),
            reason=str(row["reason"]),
            amount=row.get("amount"),
        )
        found = services.check(contest, entry)
        problems += [row.problem(p.field, p.zh, p.en, filename) for p in found]
        if not found:
            entries.append(entry)
    if problems:
        raise ImportFailed(problems)
    with transaction.atomic():
        created = [services.new_record(actor, contest, e) for e in entries]
        audit(
            "supervision.import",
            contest=contest,
            actor=actor,
            target=filename,
            data={"records": [r.pk for r in created]},
            saved=created,
        )
    return created
