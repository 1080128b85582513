"""A department's grid as a spreadsheet: the prefilled template and its upload.

The template has one row per entrant the department rates and one column per
indicator (the header is the indicator's id, as the scheme names it), filled
with the current values; a cell whose indicator does not rate that entrant is
grey and must stay blank. The upload reads the same layout through
:func:`bipin.io.tables.read_table` (a title row above the header, 备注 columns
and a .csv copy are fine) and saves all or nothing: every bad cell is named
by sheet, row and column. A blank cell of a listed entrant clears that value;
an entrant left out of the file keeps its values.
"""

from __future__ import annotations

import io

from bipin.contests.models import Entrant
from bipin.io.cells import append_row
from bipin.io.problems import ImportFailed, Problem
from bipin.io.tables import Column, Row, read_table
from bipin.reporting import services
from bipin.reporting.grid import Grid
from bipin.reporting.models import Value

ENTRANT = ("参评单位", "参评对象", "单位", "entrant")
CODE = ("编码", "代码", "code")
GROUP = ("组别", "group")
MAX_SHEET_TITLE = 31  # Excel's limit


def _columns(grid: Grid) -> list[Column]:
    return [
        Column("entrant", ENTRANT, label_zh="参评单位"),
        Column("code", CODE, required=False),
        Column("group", GROUP, required=False),
        *[Column(f"item:{c.id}", (c.id,), required=False) for c in grid.columns],
    ]


def _sheet_title(department: str) -> str:
    title = "".join(c for c in department if c not in "[]:*?/\\")
    return (title or "填报")[:MAX_SHEET_TITLE]


def template(grid: Grid, values: dict) -> bytes:
    """The grid as an XLSX workbook, prefilled with ``values`` ({(entrant id, item): Value})."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    ws = book.active
    ws.title = _sheet_title(grid.department)
    append_row(
        ws, [f"{grid.department} 行业部门评价填报表(每个指标一列;灰色单元格不评价该单位,请留空)"]
    )
    append_row(ws, ["参评单位", "编码", "组别", *[c.id for c in grid.columns], "备注"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    grey = PatternFill("solid", fgColor="D9D9D9")
    for entrant in grid.entrants:
        row = [entrant.name, entrant.code, entrant.group.name]
        for column in grid.columns:
            v = values.get((entrant.pk, column.id))
            row.append(v.value if v is not None and v.value is not None else None)
        append_row(ws, row)
        for i, column in enumerate(grid.columns):
            if grid.node(entrant.pk, column.id) is None:
                ws.cell(row=ws.max_row, column=4 + i).fill = grey
    notes = book.create_sheet("指标说明")
    append_row(notes, ["指标", "名称", "有效范围", "分值", "评价内容"])
    for node in grid.items:
        if node.formula is not None:  # computed by Bipin: its inputs are the columns to fill
            note = f"由输入项{'、'.join(node.formula.inputs)}按公式 {node.formula.text} 自动计算"
            append_row(notes, [node.id, node.name, grid.range_text(node), node.points, note])
            for name in node.formula.inputs:
                append_row(notes, [name, name, "", "", f"输入项,用于 {node.id}"])
            continue
        append_row(notes, [node.id, node.name, grid.range_text(node), node.points, node.content])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _entrant(
    row: Row, grid: Grid, by_code: dict, by_name: dict, filename: str
) -> Entrant | Problem:
    code, name = row.get("code"), row.get("entrant")
    found = (
        by_code.get(str(code).strip()) if code not in (None, "") else by_name.get(str(name).strip())
    )
    if found is not None:
        return found
    key = "code" if code not in (None, "") else "entrant"
    shown = code if key == "code" else name
    return row.problem(
        key,
        f"本部门不评价“{shown}”(请按模板中的参评单位填写)",
        f"'{shown}' is not an entrant this department rates (use the template's entrants)",
        file=filename,
    )


def read_upload(grid: Grid, data: bytes, filename: str, sheet: str | None = None) -> dict:
    """The cells of an uploaded grid, {(entrant id, item): raw cell}; ImportFailed names every
    problem (unknown or repeated entrant, a value out of range, a cell that must stay blank)."""
    problems: list[Problem] = []
    rows = read_table(data, _columns(grid), filename=filename, sheet=sheet, problems=problems)
    by_code = {e.code: e for e in grid.entrants if e.code}
    by_name = {e.name: e for e in grid.entrants}
    raw: dict = {}
    where: dict = {}
    seen: dict[int, int] = {}
    for row in rows:
        if "entrant" in row.failed:
            continue
        entrant = _entrant(row, grid, by_code, by_name, filename)
        if isinstance(entrant, Problem):
            problems.append(entrant)
            continue
        if entrant.pk in seen:
            problems.append(
                row.problem(
                    "entrant",
                    f"“{entrant.name}”重复出现(第{seen[entrant.pk]}行已有)",
                    f"'{entrant.name}' appears twice (already on row {seen[entrant.pk]})",
                    file=filename,
                )
            )
            continue
        seen[entrant.pk] = row.number
        for column in grid.columns:
            key, cell = (entrant.pk, column.id), row.get(f"item:{column.id}")
            if grid.node(*key) is None and cell in (None, ""):
                continue  # a grey cell left blank, as it should be
            raw[key] = cell
            where[key] = row
    _, cell_problems = services.parse_cells(grid, raw)
    for p in cell_problems:
        row = where[p.key]
        problems.append(row.problem(f"item:{p.key[1]}", p.zh, p.en, file=filename))
    if problems:
        raise ImportFailed(problems)
    return raw


def import_grid(
    actor, contest, grid: Grid, data: bytes, filename: str, sheet: str | None = None
) -> int:
    """Check the whole file, then save it as one change; returns how many cells changed."""
    raw = read_upload(grid, data, filename, sheet)
    try:
        return services.save_values(actor, contest, grid, raw, via=Value.Via.FILE)
    except services.ReportingError as exc:
        # The cells were checked above: only the submission's state, or a derived value
        # the inputs put out of its range, can refuse here.
        raise ImportFailed([Problem(p.zh, p.en, file=filename) for p in exc.problems]) from None
