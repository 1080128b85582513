"""The 考核指标表 rows whose 计分规则 is blank, with a rule proposed from their 评价标准.

An office's 考核细则 says each rule in words. Uploaded with the 计分规则 column
empty (some cells or all), each such row gets a proposal from
:func:`bipin.io.rule_proposer.propose_rule`; once the clerk has accepted or
corrected them, :func:`fill_rules` writes the rules into the workbook the
clerk sent, so the scheme kept is that workbook with its 计分规则 filled in.
Pure: no Django.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bipin.io.problems import ImportFailed, Problem
from bipin.io.rule_proposer import Proposal, propose_rule
from bipin.io.schemes import INDICATOR_COLUMNS, indicator_sheet
from bipin.io.tables import read_table
from bipin.scoring.model import ObservationError, Source, source_code

__all__ = ["RowProposal", "fill_rules", "sheet_proposals"]

_WORKBOOKS = (".xlsx", ".xlsm")
# A blank rule on these leaves already means scaled: what the panel or paper gives.
_DEFAULT_SCALED = (Source.PANEL.value, Source.EXAM.value)
_RULE_HEADER = next(c.headers[0] for c in INDICATOR_COLUMNS if c.key == "rule")


@dataclass(frozen=True)
class RowProposal:
    """One row of the sheet: where it is, what it says, what is proposed."""

    row: int  # as Excel numbers it
    place: tuple[str, ...]  # 一级指标, 二级指标 and 三级指标 when there is one
    standard: str
    points: float | None
    source: str
    proposal: Proposal


def _source(cell: str | None) -> str:
    try:
        return list(Source)[source_code(cell or "")].value
    except ObservationError:
        return ""  # the scheme reader names the bad 数据来源 when the scheme is loaded


def sheet_proposals(data: bytes, filename: str, *, strict: bool = False) -> list[RowProposal]:
    """A proposal for each row with a blank 计分规则 and a 评价标准, in sheet order.

    Empty when the file is not a workbook, has no such row, or has problems of
    its own (those are the scheme reader's to report, with their cells);
    ``strict`` raises :class:`ImportFailed` for those instead.
    """
    if Path(filename).suffix.lower() not in _WORKBOOKS:
        if strict:
            raise ImportFailed([Problem("考核指标表须为 .xlsx 文件", "a 考核指标表 must be an .xlsx file",
                                        file=filename)])
        return []
    try:
        sheet, _names = indicator_sheet(data, filename)
        problems: list[Problem] = []
        rows = read_table(data, INDICATOR_COLUMNS, filename=filename, sheet=sheet, problems=problems)
    except ImportFailed:
        if strict:
            raise
        return []
    if problems:
        if strict:
            raise ImportFailed(problems)
        return []
    found = []
    for row in rows:
        source = _source(row["source"])
        if row["rule"] is not None or not row["standard"] or source in _DEFAULT_SCALED:
            continue
        place = tuple(str(v) for v in (row["dimension"], row["indicator"], row["sub"]) if v)
        found.append(RowProposal(row.number, place, str(row["standard"]), row["points"], source,
                                 propose_rule(row["standard"], row["points"], source)))
    return found


def fill_rules(data: bytes, filename: str, rules: Mapping[int, str]) -> bytes:
    """The workbook with ``rules`` (by Excel row number) written in its 计分规则 column.

    A sheet without that column gets one after its last header. Every other
    cell, sheet and format stays as the clerk sent it.
    """
    from openpyxl import load_workbook
    from openpyxl.utils import column_index_from_string

    sheet, _names = indicator_sheet(data, filename)
    rows = read_table(data, INDICATOR_COLUMNS, filename=filename, sheet=sheet)
    by_number = {row.number: row for row in rows}
    missing = sorted(set(rules) - set(by_number))
    if missing:
        raise ImportFailed([Problem(f"第{n}行不是指标行", f"row {n} is not an indicator row",
                                    file=filename, sheet=sheet, row=n) for n in missing])
    book = load_workbook(io.BytesIO(data), keep_vba=Path(filename).suffix.lower() == ".xlsm")
    ws = book[sheet]
    columns = rows[0].columns if rows else {}
    if "rule" in columns:
        rule_column = column_index_from_string(columns["rule"])
    else:
        header = _header_row(ws, {column_index_from_string(c) for c in columns.values()}, rows[0].number)
        rule_column = ws.max_column + 1
        ws.cell(row=header, column=rule_column, value=_RULE_HEADER)
    for number, rule in rules.items():
        ws.cell(row=number, column=rule_column, value=rule)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header_row(ws, used: set[int], first_data_row: int) -> int:
    """The row above the data whose cells hold the headers read (title rows may precede it)."""
    for number in range(first_data_row - 1, 0, -1):
        if all(ws.cell(row=number, column=c).value not in (None, "") for c in used):
            return number
    return first_data_row - 1
