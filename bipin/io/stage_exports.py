"""Write a staged evaluation (预赛 → 半决赛 → 决赛) as a table, JSON or CSV.

The table shows each stage's ranking with the totals it adds and the cut,
then the final placings with the stage that decided each; the CSV is one
row per entrant, its place and each stage's figures side by side. The
workbook and the PDF are the web downloads' own (xlsx_report, pdf_report).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from bipin.io.cells import csv_row
from bipin.io.exports import ExportUnavailable, _figure, _pad, _width
from bipin.scoring import Observation, StagedEvaluation

__all__ = ["STAGE_FORMATS", "render_stages", "staged_record", "write_stages"]

STAGE_FORMATS = ("table", "json", "csv", "xlsx", "pdf")
FILE_FORMATS = ("xlsx", "pdf")


def _grid(header: list[str], body: list[list[str]], numeric: set[int]) -> list[str]:
    widths = [max(_width(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True))]
    lines += [
        "  ".join(
            _pad(c, w, i in numeric) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in body
    ]
    return lines


def _table(staged: StagedEvaluation, decimals: int) -> str:
    lines = [staged.contest]
    for st in staged.stages:
        added = " + ".join(st.stage.ranked_on)
        nxt = st.next_stage
        cut = (
            ""
            if nxt is None
            else f";前{nxt.advance}名晋级“{nxt.id}”"
            f"({ {'group': '每组', 'flight': '每桌'}.get(nxt.per, '全体') })"
        )
        lines += ["", f"【{st.stage.id}】排名依据 {added}{cut}"]
        # A stage judged in flights is ranked table by table: its table is a column.
        tables = nxt is not None and nxt.per == "flight"
        # ranked_on always holds the stage itself, so its own total is one of these columns.
        header = ["组别", *(["桌次"] if tables else []), "名次", "参评对象", "名称",
                  *st.stage.ranked_on, "排名总分", ""]
        body = []
        for s in st.standings:
            status = {True: "晋级", False: "淘汰", None: ""}[s.advanced]
            body.append(
                [
                    s.entrant.group,
                    *([s.entrant.flight or ""] if tables else []),
                    str(s.rank),
                    s.entrant.id,
                    s.entrant.name,
                    *[str(_figure(s.parts[k], decimals)) for k in st.stage.ranked_on],
                    str(_figure(s.ranked_total, decimals)),
                    status,
                ]
            )
        shift = int(tables)
        lines += _grid(header, body, set(range(4 + shift, len(header) - 1)) | {1 + shift})
        lines += [f"* {note}" for note in st.tie_notes]
    if staged.pending:
        lines += ["", f"尚未进行 / not yet held: {'、'.join(staged.pending)}"]
    lines += ["", "【最终名次 / final placings】"]
    body = [
        [
            g,
            str(p.place),
            p.entrant.id,
            p.entrant.name,
            p.decided_in,
            str(_figure(p.ranked_total, decimals)),
            p.award or "",
        ]
        for g, rows in staged.placings.items()
        for p in rows
    ]
    lines += _grid(
        ["组别", "名次", "参评对象", "名称", "名次决定于", "排名总分", "奖项"], body, {1, 5}
    )
    lines += [f"! {w}" for w in staged.warnings]
    return "\n".join(lines) + "\n"


def _csv(staged: StagedEvaluation, decimals: int) -> str:
    stages = [st.stage.id for st in staged.stages]
    header = ["group", "place", "entrant", "name", "decided_in", "award"]
    for s in stages:
        header += [f"{s} total", f"{s} ranked_total", f"{s} rank"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_row(header))
    for g, rows in staged.placings.items():
        for p in rows:
            row: list[Any] = [g, p.place, p.entrant.id, p.entrant.name, p.decided_in, p.award or ""]
            for st in staged.stages:
                try:
                    s = st.standing(p.entrant.id)
                except KeyError:
                    row += ["", "", ""]
                    continue
                row += [_figure(s.total, decimals), _figure(s.ranked_total, decimals), s.rank]
            writer.writerow(csv_row(row))
    return buffer.getvalue()


def staged_record(staged: StagedEvaluation) -> dict[str, Any]:
    """A staged evaluation as a snapshot keeps it and the reports read it: each stage's
    standings and cut, the final placings, and each stage's own evaluation with its
    explanations (bipin.io.report_data.read_staged)."""
    out = staged.to_dict()
    for stage, held in zip(out["stages"], staged.stages, strict=True):
        stage["evaluation"] = held.evaluation.to_dict(explain=True)
    return {"staged": True, **out}


def _file(staged: StagedEvaluation, fmt: str, out: str | Path,
          observations: Sequence[Observation]) -> None:
    """The workbook or the PDF of a staged contest, by the writers the web pages use."""
    args = (
        staged_record(staged),
        [{**asdict(o), "source": str(getattr(o.source, "value", o.source))} for o in observations],
        [asdict(p.entrant) for rows in staged.placings.values() for p in rows],
    )
    if fmt == "xlsx":
        from bipin.io.xlsx_report import write_xlsx

        write_xlsx(out, *args, title=staged.contest)
    else:
        from bipin.io.pdf_report import write_pdf

        write_pdf(out, *args, title=staged.contest)


def render_stages(staged: StagedEvaluation, fmt: str, decimals: int = 2) -> str:
    """The staged evaluation as text in ``fmt`` (table, json or csv)."""
    if fmt == "table":
        return _table(staged, decimals)
    if fmt == "csv":
        return _csv(staged, decimals)
    if fmt == "json":
        return json.dumps(staged.to_dict(), ensure_ascii=False, indent=2) + "\n"
    raise ExportUnavailable(
        f"分阶段比赛可输出 table、json、csv、xlsx、pdf / a staged contest is written as table, "
        f"json, csv, xlsx or pdf (not {fmt!r})"
    )


def write_stages(
    staged: StagedEvaluation,
    fmt: str,
    out: str | Path | TextIO,
    *,
    decimals: int = 2,
    observations: Sequence[Observation] = (),
) -> None:
    if fmt in FILE_FORMATS:
        if not isinstance(out, (str, Path)):
            raise ExportUnavailable(
                f"format {fmt!r} is not available on standard output: give --out FILE"
            )
        _file(staged, fmt, out, observations)
        return
    text = render_stages(staged, fmt, decimals)
    if isinstance(out, (str, Path)):
        Path(out).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    else:
        out.write(text)
