"""The results workbook: ranking, one sheet per dimension, marks, data, explanations.

Pure: it takes the evaluation dict (``Evaluation.to_dict(explain=True)``) and
the observations it was computed from, and returns an openpyxl workbook; the
web page and ``bipin compute --format xlsx`` both call it. Headers are Chinese,
header rows are frozen, scores use the number format 0.00 and every cell holds
a plain value (no formulas; text is stored as text through :mod:`bipin.io.cells`),
so Excel and WPS open it the same way.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bipin.io.cells import append_row
from bipin.io.report_data import Report, is_staged, read_report, read_staged, veto_effects
from bipin.io.robustness import HEADERS as ROBUSTNESS_HEADERS
from bipin.io.robustness import table_rows as robustness_rows
from bipin.io.rule_text import say_rule, veto_effect
from bipin.io.rule_text import veto_effects as effects_of
from bipin.scoring import RankRobustness

__all__ = ["SOURCE_LABELS", "build_staged_workbook", "build_workbook", "workbook_bytes", "write_xlsx"]

HEADER_FILL = PatternFill("solid", fgColor="EEF1F4")
SOURCE_LABELS = {"panel": "现场打分", "exam": "政策测试", "inspection": "实地核查",
                 "department": "行业部门评价", "supervision": "日常监督", "data": "客观数据"}
VETOED = "是"
MISSING_NOTES = {"zero": "缺数据,按0分计", "group_mean": "缺数据,按组内平均计", "exclude": "缺数据,不参与计算",
                 "impute": "缺数据,按插补值计"}
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


# Wider than this many character widths, a sheet prints landscape (A4 portrait holds ~90).
PORTRAIT_WIDTH = 90


def print_setup(ws, header_row: int, width: float) -> None:
    """Print on A4, fit to one page wide, the header row repeated on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if width > PORTRAIT_WIDTH else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.gridLines = True


def table_sheet(book: Workbook, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
                score_columns: Sequence[int] = (), widths: Mapping[int, int] | None = None,
                score_format: str = "0.00", heading: str = ""):
    """A sheet with a bold header row and text-safe cells (bipin.io.cells), for any table.

    With a ``heading``, row 1 holds it as the sheet's title and the table starts on row 2.
    Every sheet prints fit to width with its header row on each page.
    """
    ws = book.create_sheet(title.translate(_BAD_SHEET_CHARS)[:31])
    top = 1
    if heading:
        append_row(ws, [heading])
        ws["A1"].font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(1, len(headers)))
        top = 2
    append_row(ws, headers)
    for cell in ws[top]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        append_row(ws, row)
    for col in score_columns:
        letter = get_column_letter(col)
        for cell in ws[letter][top:]:
            cell.number_format = score_format
    total = 0
    for i, header in enumerate(headers, start=1):
        width = (widths or {}).get(i) or max(8, min(40, 2 * len(str(header)) + 2))
        ws.column_dimensions[get_column_letter(i)].width = width
        total += width
    ws.freeze_panes = f"A{top + 1}"
    print_setup(ws, top, total)
    return ws


def _indicators(row_explanation: Any, dimension: str) -> list[dict]:
    """The leaves under one dimension of an explanation tree, in scheme order."""
    if not isinstance(row_explanation, Mapping):
        return []
    for dim in row_explanation.get("children", []):
        if dim.get("name") == dimension:
            return [leaf for c in dim.get("children", []) for leaf in _leaves(c)]
    return []


def _leaves(node: Mapping) -> list[Mapping]:
    children = node.get("children")
    return [leaf for c in children for leaf in _leaves(c)] if children else [node]


def _leaf_cell(leaf: Mapping) -> Any:
    """A leaf's cell on its dimension's sheet: its points, or for a veto whether it was
    triggered, written as the summary's 一票否决 column writes it (a veto's points are always 0)."""
    rule = leaf.get("rule") or {}
    if rule.get("type") == "veto":
        return _vetoed(effects_of(rule.get("effect"))) if leaf.get("vetoed") else ""
    return leaf.get("points")


def _vetoed(effects: Sequence[str]) -> str:
    """是, and what the veto did in words: a reader must not wonder why a high total ranks last."""
    return f"{VETOED}:" + "、".join(veto_effect(e).zh for e in effects)


def _explanation_rows(report: Report) -> list[list[Any]]:
    rows: list[list[Any]] = []

    def walk(group: str, name: str, node: Mapping, path: str) -> None:
        notes = [MISSING_NOTES.get(str(node.get("missing")), str(node.get("missing") or "")),
                 "触发一票否决" if node.get("vetoed") else ""]
        rows.append([group, name, path, node.get("points"), node.get("max") or None,
                     node.get("value"), say_rule(node.get("rule"), node.get("max")).zh,
                     "、".join(n for n in notes if n)])
        for child in node.get("children", []):
            walk(group, name, child, f"{path} / {child.get('name')}")
        for m in node.get("inputs", []):
            who = m.get("judge") or m.get("reporter") or ""
            what = m.get("criterion") or m.get("category") or ""
            note = "去掉" if m.get("counted") is False else ""
            rows.append([group, name, f"{path} / 原始数据", m.get("amount"), None,
                         m.get("mark", m.get("value")), f"{who} {what}".strip(),
                         "、".join(x for x in (note, str(m.get("ref") or "")) if x)])
    for g in report.groups:
        for r in g.rows:
            if isinstance(r.explanation, Mapping):
                for dim in r.explanation.get("children", []):
                    walk(g.name, r.name, dim, str(dim.get("name")))
    return rows


def _counted(report: Report) -> dict[tuple, bool]:
    """Whether each panel mark counted, keyed by (entrant, judge, criterion, round)."""
    out: dict[tuple, bool] = {}

    def walk(eid: str, node: Mapping) -> None:
        for m in node.get("inputs", []):
            if "criterion" in m:
                out[(eid, m.get("judge"), m.get("criterion"), m.get("round"))] = bool(m.get("counted"))
        for c in node.get("children", []):
            walk(eid, c)
    for g in report.groups:
        for r in g.rows:
            if isinstance(r.explanation, Mapping):
                walk(r.entrant_id, r.explanation)
    return out


def build_workbook(evaluation: Mapping[str, Any], observations: Sequence[Mapping[str, Any]],
                   entrants: Sequence[Mapping[str, Any]] = (), *, title: str = "",
                   snapshot: str = "", robustness: RankRobustness | None = None) -> Workbook:
    """The whole workbook; ``snapshot`` names the figures' version (number · hash).

    With ``robustness`` (the scheme declares one) a sheet 排名稳健性 follows the ranking.
    """
    if is_staged(evaluation):
        return build_staged_workbook(evaluation, observations, entrants, title=title, snapshot=snapshot)
    report = read_report(evaluation, entrants)
    names = {str(e["id"]): e.get("name", e["id"]) for e in entrants}
    for g in report.groups:
        for r in g.rows:
            names.setdefault(r.entrant_id, r.name)
    book = Workbook()
    about = _about_sheet(book, title or evaluation.get("contest", ""), snapshot,
                         [("计算提示", w) for w in report.warnings])

    fmt = "0." + "0" * report.decimals  # every place the scheme's rounding kept
    dims = list(dict.fromkeys(d for g in report.groups for d in g.dimensions))
    summary = [[g.name, r.rank, r.name, r.code, r.total, r.grade, r.award, _vetoed(veto_effects(r.explanation)) if r.vetoed else "",
                *[r.dimensions.get(d) for d in dims]] for g in report.groups for r in g.rows]
    heading = " · ".join(str(x) for x in (title or evaluation.get("contest", ""), "综合排名", snapshot) if x)
    table_sheet(book, "汇总排名", ["组别", "名次", "参评单位", "编号", "总分", "等次", "奖项", "一票否决", *dims],
           summary, score_columns=[5, *range(9, 9 + len(dims))], widths={3: 24}, score_format=fmt,
           heading=heading)
    if robustness is not None:
        append_row(about, ["排名稳健性", f"抽样{robustness.draws}次,随机种子{robustness.seed},"
                                         f"{robustness.variants}种方法组合;见 docs/robustness.md"])
        sheet = table_sheet(book, "排名稳健性", ROBUSTNESS_HEADERS, robustness_rows(robustness),
                            score_columns=[7], widths={3: 24}, score_format=fmt)
        for cell in sheet["H"][1:]:
            cell.number_format = "0.0%"
    for d in dims:
        leaves = list(dict.fromkeys(n.get("name") for g in report.groups for r in g.rows
                                    for n in _indicators(r.explanation, d)))
        rows = []
        for g in report.groups:
            for r in g.rows:
                got = {n.get("name"): _leaf_cell(n) for n in _indicators(r.explanation, d)}
                rows.append([g.name, r.rank, r.name, r.dimensions.get(d), *[got.get(n) for n in leaves]])
        table_sheet(book, d, ["组别", "名次", "参评单位", f"{d}小计", *leaves], rows,
               score_columns=range(4, 5 + len(leaves)), widths={3: 24}, score_format=fmt)
    _inputs_sheets(book, observations, names, _counted(report))
    table_sheet(book, "得分明细", ["组别", "参评单位", "层级", "得分", "满分", "数值", "规则/来源", "备注"],
           _explanation_rows(report), score_columns=[4, 5], widths={2: 20, 3: 36, 7: 40},
           score_format=fmt)
    return book


def _about_sheet(book: Workbook, title: str, snapshot: str, notes: Sequence[tuple[str, str]]):
    """The first sheet: what the figures are, and every note of the computation."""
    about = book.active
    about.title = "说明"
    append_row(about, ["项目", "内容"])
    for k, v in (("活动", title), ("快照", snapshot or "命令行计算,未存快照"),
                 ("说明", "全部分值由 Bipin 评分引擎计算;本表为该快照的原样导出。"), *notes):
        append_row(about, [k, v])
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 12, 80
    about.freeze_panes = "A2"
    print_setup(about, 1, 92)
    for cell in about[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    return about


def _inputs_sheets(book: Workbook, observations: Sequence[Mapping[str, Any]], names: Mapping[str, str],
                   counted: Mapping[tuple, bool]) -> None:
    """评委打分 (each mark, counted or dropped) and 全部数据 (every input as given)."""
    marks = [[names.get(o["entrant"], o["entrant"]), o["item"], o.get("judge") or "", o.get("round") or "",
              o.get("value"), o.get("factor", 1.0),
              {True: "计入", False: "去掉"}.get(counted.get((o["entrant"], o.get("judge"), o["item"], o.get("round"))), "")]
             for o in observations if o.get("source") == "panel"]
    table_sheet(book, "评委打分", ["参评单位", "评分项", "评委", "轮次", "分值", "系数", "是否计入"], marks,
           score_columns=[5], widths={1: 24})
    data = [[names.get(o["entrant"], o["entrant"]), SOURCE_LABELS.get(o.get("source"), o.get("source")),
             o["item"], o.get("judge") or "", o.get("round") or "", o.get("value"), o.get("factor", 1.0),
             o.get("category") or "", o.get("severity") or "", o.get("ref") or ""] for o in observations]
    table_sheet(book, "全部数据", ["参评单位", "来源", "指标", "评委/填报人", "轮次", "分值", "系数", "类别",
                          "严重程度", "记录编号"], data, score_columns=[6], widths={1: 24, 3: 20},
           score_format="General")  # raw inputs as they were given


ADVANCED = {True: "晋级", False: "淘汰", None: ""}


def build_staged_workbook(evaluation: Mapping[str, Any], observations: Sequence[Mapping[str, Any]],
                          entrants: Sequence[Mapping[str, Any]] = (), *, title: str = "",
                          snapshot: str = "", group_order: Sequence[str] = ()) -> Workbook:
    """A staged contest's workbook: 最终名次, then one sheet per stage (the totals it adds,
    the ranked total, the rank and 晋级/淘汰), the marks, the data, and each stage's drill-down."""
    staged = read_staged(evaluation, entrants, group_order)
    names = {str(e["id"]): str(e.get("name", e["id"])) for e in entrants}
    book = Workbook()
    title = title or evaluation.get("contest", "")
    notes = [("计算提示", w) for w in staged.warnings]
    notes += [(f"{st.id}晋级线", n) for st in staged.stages for n in st.tie_notes]
    notes += [("尚未进行", "、".join(staged.pending))] if staged.pending else []
    _about_sheet(book, title, snapshot, notes)
    fmt = "0." + "0" * staged.decimals
    rows = [[g, p.place, p.name, p.code, p.decided_in, p.ranked_total, p.award]
            for g, placings in staged.placings for p in placings]
    heading = " · ".join(str(x) for x in (title, "最终名次", snapshot) if x)
    table_sheet(book, "最终名次", ["组别", "名次", "参评对象", "编号", "决定名次的阶段", "排名总分", "奖项"], rows,
                score_columns=[6], widths={3: 24, 5: 16}, score_format=fmt, heading=heading)
    counted: dict[tuple, bool] = {}
    explained: list[list[Any]] = []
    for st in staged.stages:
        rows = [[g, r.rank, r.name, r.code, *[v for _, v in r.parts], r.ranked_total, ADVANCED[r.advanced]]
                for g, stage_rows in st.groups for r in stage_rows]
        basis = f"排名依据 {' + '.join(st.ranked_on)}" + (f";{st.cut}" if st.cut else "")
        table_sheet(book, st.id, ["组别", "名次", "参评对象", "编号", *st.ranked_on, "排名总分", "晋级"], rows,
                    score_columns=range(5, 6 + len(st.ranked_on)), widths={3: 24}, score_format=fmt,
                    heading=f"{st.id} · {basis}")
        counted.update(_counted(st.report))
        explained += [[st.id, *row] for row in _explanation_rows(st.report)]
    _inputs_sheets(book, observations, names, counted)
    table_sheet(book, "得分明细", ["阶段", "组别", "参评对象", "层级", "得分", "满分", "数值", "规则/来源", "备注"],
                explained, score_columns=[5, 6], widths={3: 20, 4: 36, 8: 40}, score_format=fmt)
    return book


def workbook_bytes(*args: Any, **kwargs: Any) -> bytes:
    buffer = io.BytesIO()
    build_workbook(*args, **kwargs).save(buffer)
    return buffer.getvalue()


def write_xlsx(out: str | Path, *args: Any, **kwargs: Any) -> None:
    Path(out).write_bytes(workbook_bytes(*args, **kwargs))
