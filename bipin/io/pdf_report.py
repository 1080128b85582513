"""The printable results report: cover, ranking tables, one page per entrant.

Pure like :mod:`bipin.io.xlsx_report`: it takes the evaluation dict and the
entrants and returns PDF bytes. Chinese text uses the bundled Bipin Sans SC
(a GB2312 subset of Noto Sans CJK SC, see docs/pdf-fonts.md), embedded in
every file, so the report reads the same on a machine with no fonts.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from bipin.io.radar import RadarSeries, radar_geometry
from bipin.io.report_data import GroupReport, Row, figure, read_report

__all__ = ["FONT", "pdf_bytes", "write_pdf"]

FONT = "BipinSansSC"
FONT_FILE = Path(__file__).parent / "fonts" / "BipinSansSC-Regular.ttf"
ACCENT = colors.HexColor("#b42318")
SERIES_COLOURS = {"own": ACCENT, "mean": colors.HexColor("#656d76"), "best": colors.HexColor("#1a7f37")}


def _register() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))
        # One weight ships; bold text is set larger instead of in a bold face.
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=15, wordWrap="CJK")
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12, textColor=colors.HexColor("#656d76")),
        "title": ParagraphStyle("title", parent=base, fontSize=24, leading=34, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=20, alignment=TA_CENTER),
        "h1": ParagraphStyle("h1", parent=base, fontSize=16, leading=24, spaceAfter=6, textColor=ACCENT),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12.5, leading=19, spaceBefore=8, spaceAfter=4),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
    }


def _fmt(value: float | None) -> str:
    return figure(value)


def _esc(text: Any) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(data: list[list[Any]], widths: Sequence[float], numeric_from: int = 0,
           numeric: Sequence[int] = (), size: float = 8.5) -> Table:
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [("FONT", (0, 0), (-1, -1), FONT, size), ("LEADING", (0, 0), (-1, -1), size + 2),
             ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
             ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d7de")),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for col in numeric:
        style.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    if numeric_from:
        style.append(("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"))
    table.setStyle(TableStyle(style))
    return table


def _radar(group: GroupReport, row: Row) -> Drawing:
    dims = group.dimensions
    fulls = [group.dimension_full[d] for d in dims]
    series = [RadarSeries("本单位", [row.dimensions.get(d) for d in dims], "own"),
              RadarSeries("组内平均", [group.mean(d) for d in dims], "mean"),
              RadarSeries("组内最高", [group.best(d) for d in dims], "best")]
    r = 22 * mm
    cx, cy = 40 * mm, 40 * mm
    drawing = Drawing(80 * mm, 70 * mm)
    axes, polygons = radar_geometry(fulls, series, r)
    grey = colors.HexColor("#d0d7de")
    for ring in (0.25, 0.5, 0.75, 1.0):
        pts = [c for x, y in axes for c in (cx + x * ring, cy + y * ring)]
        drawing.add(Polygon(pts, strokeColor=grey, fillColor=None, strokeWidth=0.5))
    for (x, y), label in zip(axes, dims, strict=True):
        drawing.add(Line(cx, cy, cx + x, cy + y, strokeColor=grey, strokeWidth=0.5))
        anchor = "middle" if abs(x) < 1 else ("start" if x > 0 else "end")
        drawing.add(String(cx + x * 1.15, cy + y * 1.15 - 3, label, fontName=FONT, fontSize=8,
                           textAnchor=anchor))
    for s, poly in zip(series, polygons, strict=True):
        colour = SERIES_COLOURS[s.css]
        fill = colors.Color(colour.red, colour.green, colour.blue, alpha=0.12)
        pts = [c for x, y in poly for c in (cx + x, cy + y)]
        drawing.add(Polygon(pts, strokeColor=colour, fillColor=fill, strokeWidth=1.4))
    for i, s in enumerate(series):
        x = 6 * mm + i * 25 * mm
        drawing.add(Rect(x, 2 * mm, 3 * mm, 3 * mm, fillColor=SERIES_COLOURS[s.css], strokeColor=None))
        drawing.add(String(x + 4.5 * mm, 2.3 * mm, s.label[:8], fontName=FONT, fontSize=7.5))
    return drawing


def _entrant_page(group: GroupReport, row: Row, st: dict, snapshot: str) -> list:
    dims = group.dimensions
    rel = []
    for d in dims:
        v, m, full = row.dimensions.get(d), group.mean(d), group.dimension_full[d]
        if v is not None and m is not None and full:
            rel.append((d, (v - m) / full, v, m))
    strengths = [f"{d}({_fmt(v)},组内平均 {_fmt(m)})" for d, x, v, m in sorted(rel, key=lambda t: -t[1]) if x > 0.005]
    weaknesses = [f"{d}({_fmt(v)},组内平均 {_fmt(m)})" for d, x, v, m in sorted(rel, key=lambda t: t[1]) if x < -0.005]
    facts = [["总分", _fmt(row.total), "组内名次", f"{row.rank or '—'} / {len(group.rows)}"],
             ["等次", row.grade or "—", "奖项", row.award or "—"]]
    dim_table = [["维度", "本单位", "组内平均", "组内最高"]] + [
        [d, _fmt(row.dimensions.get(d)), _fmt(group.mean(d)), _fmt(group.best(d))] for d in dims]
    flow = [Paragraph(f"{_esc(row.name)} 成绩单", st["h1"]),
            Paragraph(f"{_esc(group.name)} · {_esc(snapshot)}", st["small"]), Spacer(1, 4 * mm),
            _table(facts, [25 * mm, 50 * mm, 25 * mm, 50 * mm])]
    if row.vetoed:
        flow.append(Paragraph("本单位触发一票否决项。", st["body"]))
    side = Table([[_radar(group, row), _table(dim_table, [26 * mm, 18 * mm, 18 * mm, 18 * mm],
                                              numeric_from=1)]], colWidths=[84 * mm, 86 * mm])
    side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    flow += [Spacer(1, 3 * mm), side,
             Paragraph("优势", st["h2"]), Paragraph(_esc(";".join(strengths) or "无明显高于组内平均的维度"), st["body"]),
             Paragraph("短板", st["h2"]), Paragraph(_esc(";".join(weaknesses) or "无明显低于组内平均的维度"), st["body"])]
    if isinstance(row.explanation, Mapping):
        lines = [["维度 / 指标", "得分", "满分"]]
        for dim in row.explanation.get("children", []):
            lines.append([dim.get("name"), _fmt(dim.get("points")), _fmt(dim.get("max") or None)])
            for leaf in dim.get("children", []):
                lines.append([f"    {leaf.get('name')}", _fmt(leaf.get("points")), _fmt(leaf.get("max") or None)])
        flow += [Paragraph("得分明细", st["h2"]),
                 _table(lines, [100 * mm, 25 * mm, 25 * mm], numeric_from=1, size=8)]
    if row.warnings:
        flow += [Paragraph("提示", st["h2"])] + [Paragraph(_esc(w), st["small"]) for w in row.warnings]
    return flow


def pdf_bytes(evaluation: Mapping[str, Any], observations: Sequence[Mapping[str, Any]] = (),
              entrants: Sequence[Mapping[str, Any]] = (), *, title: str = "",
              snapshot: str = "") -> bytes:
    """The report as PDF bytes; ``snapshot`` names the figures' version on every page."""
    _register()
    st = _styles()
    report = read_report(evaluation, entrants)
    title = title or str(evaluation.get("contest", ""))
    buffer = io.BytesIO()

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#656d76"))
        canvas.drawString(18 * mm, 10 * mm, " · ".join(x for x in (title, snapshot) if x)[:110])
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm, title=title,
                            author="Bipin", subject=snapshot)
    flow: list = [Spacer(1, 60 * mm), Paragraph(_esc(title), st["title"]), Spacer(1, 8 * mm),
                  Paragraph("综合评价结果报告", st["subtitle"]), Spacer(1, 30 * mm),
                  Paragraph(f"快照:{_esc(snapshot or '命令行计算,未存快照')}", st["subtitle"]),
                  Paragraph(f"参评对象 {sum(len(g.rows) for g in report.groups)} 个,"
                            f"分 {len(report.groups)} 组排名", st["subtitle"]),
                  Spacer(1, 20 * mm),
                  Paragraph("全部分值由 Bipin 评分引擎计算,本报告为该快照的原样输出。", st["small"]),
                  PageBreak()]
    width = A4[0] - 36 * mm
    for g in report.groups:
        dims = g.dimensions
        head = ["名次", "参评单位", "总分", "等次", "奖项", *dims]
        rows = [head] + [[r.rank or "—", Paragraph(_esc(r.name), st["cell"]), _fmt(r.total),
                          r.grade, r.award, *[_fmt(r.dimensions.get(d)) for d in dims]] for r in g.rows]
        fixed = 12 * mm + 16 * mm + 12 * mm + 14 * mm
        dim_w = min(20 * mm, (width - fixed - 40 * mm) / max(len(dims), 1))
        widths = [12 * mm, width - fixed - dim_w * len(dims), 16 * mm, 12 * mm, 14 * mm] + [dim_w] * len(dims)
        header = [Paragraph(_esc(h), st["cell"]) for h in head]
        rows[0] = header
        flow += [KeepTogether([Paragraph(f"{_esc(g.name)} 排名", st["h1"])]),
                 _table(rows, widths, numeric=[0, 2, *range(5, 5 + len(dims))]), Spacer(1, 6 * mm)]
    if report.warnings:
        flow += [Paragraph("计算提示", st["h2"])] + [Paragraph(_esc(w), st["small"]) for w in report.warnings]
    for g in report.groups:
        for r in g.rows:
            flow += [PageBreak(), *_entrant_page(g, r, st, snapshot)]
    doc.build(flow, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def write_pdf(out: str | Path, *args: Any, **kwargs: Any) -> None:
    Path(out).write_bytes(pdf_bytes(*args, **kwargs))
