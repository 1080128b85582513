"""Write an evaluation as a table, JSON or CSV; one dispatch for every format.

:func:`write_result` is the single place a format is chosen, so the results
issue adds ``xlsx`` and ``pdf`` writers here and the CLI needs no change.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from bipin.io.cells import csv_cell, csv_row
from bipin.scoring import Evaluation, Observation, RankRobustness

__all__ = ["FORMATS", "ExportUnavailable", "render", "write_result"]

FORMATS = ("table", "json", "csv", "xlsx", "pdf")


class ExportUnavailable(ValueError):
    """The format is known but its writer is not part of this build."""


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


@functools.lru_cache(maxsize=4096)
def _figure(value: float, decimals: int) -> Decimal:
    # A Decimal keeps the trailing zeros ("85.10") and stays a number in the CSV.
    return Decimal(f"{value:.{decimals}f}")


def _columns(evaluation: Evaluation, decimals: int,
             figure: Callable[[float, int], Any] = _figure) -> tuple[list[str], list[list[Any]]]:
    """The header and the typed cells column by column: text as ``str``, ranks and figures
    as numbers (``figure`` makes a figure's cell)."""
    results = [(g.group, r) for g in evaluation.groups for r in g.results]
    dims = list(dict.fromkeys(k for _, r in results for k in r.dimensions))
    header = ["组别", "名次", "参评对象", "名称", "总分", "等次", "奖项", *dims]
    columns = [
        [group for group, _ in results],
        [r.rank for _, r in results],
        [r.entrant.id for _, r in results],
        [r.entrant.name for _, r in results],
        [figure(r.total, decimals) for _, r in results],
        [r.grade or "" for _, r in results],
        [r.award or "" for _, r in results],
        *[[figure(r.dimensions[d], decimals) if d in r.dimensions else "" for _, r in results]
          for d in dims],
    ]
    return header, columns


def _rows(evaluation: Evaluation, decimals: int) -> tuple[list[str], list[list[Any]]]:
    """The header and the typed cells row by row."""
    header, columns = _columns(evaluation, decimals)
    return header, [list(row) for row in zip(*columns, strict=True)]


@functools.lru_cache(maxsize=4096)
def _figure_text(value: float, decimals: int) -> str:
    # The text csv.writer writes for the Decimal of _figure, without making the Decimal.
    return f"{value:.{decimals}f}"


def _table(evaluation: Evaluation, decimals: int) -> str:
    header, typed = _rows(evaluation, decimals)
    body = [[str(c) for c in row] for row in typed]
    widths = [max(_width(row[i]) for row in [header, *body]) for i in range(len(header))]
    numeric = {1, 4} | set(range(7, len(header)))
    lines = [evaluation.contest, "  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True))]
    lines += [
        "  ".join(
            _pad(c, w, i in numeric) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in body
    ]
    lines += [f"! {w}" for w in evaluation.warnings]
    return "\n".join(lines) + "\n"


_TEXT_COLUMNS = (0, 2, 3, 5, 6)  # group, entrant, name, grade, award


def _csv(evaluation: Evaluation, decimals: int) -> str:
    # Column by column: a campaign ranks a million households, and a cell that starts
    # with a letter or digit (nearly all) needs no formula guard.
    header, columns = _columns(evaluation, decimals, _figure_text)
    for k in _TEXT_COLUMNS:
        columns[k] = [v if v and v[:1].isalnum() else csv_cell(v) for v in columns[k]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_row(["group", "rank", "entrant", "name", "total", "grade", "award",
                             *header[7:]]))
    writer.writerows(zip(*columns, strict=True))
    return buffer.getvalue()


def _json(evaluation: Evaluation, decimals: int) -> str:
    return json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2) + "\n"


_TEXT_WRITERS: dict[str, Callable[[Evaluation, int], str]] = {
    "table": _table,
    "csv": _csv,
    "json": _json,
}


def render(evaluation: Evaluation, fmt: str, decimals: int = 2) -> str:
    """The evaluation as text in ``fmt`` (table, json or csv)."""
    if fmt in _TEXT_WRITERS:
        return _TEXT_WRITERS[fmt](evaluation, decimals)
    if fmt in FORMATS:
        raise ExportUnavailable(
            f"format {fmt!r} is not available in this build (use table, json or csv)"
        )
    raise ValueError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")


def _file(evaluation: Evaluation, fmt: str, out: str | Path, observations: Sequence[Observation],
          robustness: RankRobustness | None = None) -> None:
    """The XLSX workbook or PDF report, by the writers the web pages use."""
    from dataclasses import asdict

    args = (evaluation.to_dict(explain=True),
            [{**asdict(o), "source": str(getattr(o.source, "value", o.source))} for o in observations],
            [asdict(r.entrant) for g in evaluation.groups for r in g.results])
    if fmt == "xlsx":
        from bipin.io.xlsx_report import write_xlsx

        write_xlsx(out, *args, title=evaluation.contest, robustness=robustness)
    else:
        from bipin.io.pdf_report import write_pdf

        write_pdf(out, *args, title=evaluation.contest)


def write_result(evaluation: Evaluation, fmt: str, out: str | Path | TextIO, *, decimals: int = 2,
                 observations: Sequence[Observation] = (),
                 robustness: RankRobustness | None = None) -> None:
    """Write ``evaluation`` in ``fmt`` to a path or a text stream (the workbook
    with a 排名稳健性 sheet when ``robustness`` is given).

    >>> from bipin.scoring import Evaluation
    >>> buffer = io.StringIO()
    >>> write_result(Evaluation("示例", [], []), "json", buffer)
    >>> json.loads(buffer.getvalue())
    {'contest': '示例', 'groups': [], 'warnings': []}
    """
    if fmt in ("xlsx", "pdf"):
        if not isinstance(out, (str, Path)):
            raise ExportUnavailable(f"format {fmt!r} is not available on standard output: give --out FILE")
        _file(evaluation, fmt, out, observations, robustness)
        return
    text = render(evaluation, fmt, decimals)
    if isinstance(out, (str, Path)):
        # utf-8-sig for CSV so Excel opens Chinese text correctly.
        Path(out).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    else:
        out.write(text)
