"""The printable results report: cover, ranking tables, one page per entrant, notes.

Pure like :mod:`bipin.io.xlsx_report`: it takes the evaluation dict and the
entrants and returns PDF bytes. Chinese text uses the bundled Bipin Sans SC
(a GB2312 subset of Noto Sans CJK SC, see docs/pdf-fonts.md), embedded in
every file, so the report reads the same on a machine with no fonts.

An office files what it prints: the cover names the contest, the issuing
office, the date and the snapshot (its hash appears there once, not in every
footer); every later page says "第 n 页 / 共 N 页"; a table header is never
broken inside a word (columns are as wide as their headers, and a ranking
too wide for a portrait page is set landscape); notes go to an appendix.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from bipin.io.radar import RadarSeries, radar_geometry
from bipin.io.report_data import (
    GroupReport,
    Report,
    Row,
    StagedReport,
    StagePlacing,
    StageReport,
    StageRow,
    figure,
    group_notes,
    is_staged,
    read_report,
    read_staged,
    veto_effects,
)
from bipin.io.rule_text import coverage_words, say_rule, veto_effect

__all__ = ["FONT", "card_pdf_bytes", "pdf_bytes", "register_font", "staged_pdf_bytes", "write_pdf"]

FONT = "BipinSansSC"
FONT_FILE = Path(__file__).parent / "fonts" / "BipinSansSC-Regular.ttf"
ACCENT = colors.HexColor("#b42318")
GREY = colors.HexColor("#656d76")
MARGIN = 18 * mm
VETO_FILL, AWARD_FILL = colors.HexColor("#fdecea"), colors.HexColor("#fff8c5")
SERIES_COLOURS = {"own": ACCENT, "mean": colors.HexColor("#656d76"), "best": colors.HexColor("#1a7f37")}


def register_font() -> None:
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


def _radar(group: GroupReport, row: Row) -> Drawing | None:
    """The radar, or nothing for fewer than three dimensions (two axes make no chart)."""
    if len(group.dimensions) < 3:
        return None
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


def _veto_words(row: Row) -> str:
    return "、".join(veto_effect(e).zh for e in veto_effects(row.explanation))


def _row_notes(report: Report, row: Row) -> list[str]:
    return row.warnings + [w for w in report.warnings if row.name in w.split(" · ")]


def _entrant_page(group: GroupReport, row: Row, st: dict, notes: int) -> list:
    dims = group.dimensions
    rel = []
    for d in dims:
        v, m, full = row.dimensions.get(d), group.mean(d), group.dimension_full[d]
        if v is not None and m is not None and full:
            rel.append((d, (v - m) / full, v, m))
    strengths = [f"{d}({_fmt(v)},组内平均 {_fmt(m)})" for d, x, v, m in sorted(rel, key=lambda t: -t[1]) if x > 0.005]
    weaknesses = [f"{d}({_fmt(v)},组内平均 {_fmt(m)})" for d, x, v, m in sorted(rel, key=lambda t: t[1]) if x < -0.005]
    facts = [["总分", _fmt(row.total), "组内名次", f"{row.rank or '—'} / {len(group.rows)}"],
             ["等次", row.grade or "—", "奖项", f"★ {row.award}" if row.award else "—"]]
    dim_table = [["维度", "本单位", "组内平均", "组内最高"]] + [
        [d, _fmt(row.dimensions.get(d)), _fmt(group.mean(d)), _fmt(group.best(d))] for d in dims]
    flow = [Paragraph(f"{_esc(row.name)} 成绩单", st["h1"]), Paragraph(_esc(group.name), st["small"]),
            Spacer(1, 4 * mm), _table(facts, [25 * mm, 50 * mm, 25 * mm, 50 * mm])]
    if row.award:
        flow.append(Paragraph(f"获奖:{_esc(row.award)}", st["h2"]))
    unranked = coverage_words((row.explanation or {}).get("coverage") if isinstance(row.explanation, dict) else None)
    if unranked is not None:
        flow.append(Paragraph(f"<font color='#b42318'>{_esc(unranked.zh)}。</font>", st["body"]))
    if row.vetoed:
        effect = _veto_words(row)
        flow.append(Paragraph(f"<font color='#b42318'>本单位触发一票否决项{(',按方案规定' + _esc(effect)) if effect else ''}。</font>",
                              st["body"]))
    radar = _radar(group, row)
    numbers = _table(dim_table, [26 * mm, 18 * mm, 18 * mm, 18 * mm], numeric_from=1)
    if radar is None:
        flow += [Spacer(1, 3 * mm), numbers]
    else:
        side = Table([[radar, numbers]], colWidths=[84 * mm, 86 * mm])
        side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        flow += [Spacer(1, 3 * mm), side]
    flow += [Paragraph("优势", st["h2"]), Paragraph(_esc(";".join(strengths) or "无明显高于组内平均的维度"), st["body"]),
             Paragraph("短板", st["h2"]), Paragraph(_esc(";".join(weaknesses) or "无明显低于组内平均的维度"), st["body"])]
    if isinstance(row.explanation, Mapping):
        flow += [Paragraph("得分明细", st["h2"]), _explanation_table(row.explanation, st)]
    if notes:
        flow.append(Paragraph(f"本单位有 {notes} 条计算提示,见附录。", st["small"]))
    return flow


def _explanation_table(explanation: Mapping[str, Any], st: dict) -> Table:
    """Each dimension and indicator of an entrant's tree: its rule, points and full marks."""
    lines = [["维度 / 指标", "计分规则", "得分", "满分"]]
    for dim in explanation.get("children", []):
        lines.append([Paragraph(_esc(dim.get("name")), st["cell"]), "", _fmt(dim.get("points")),
                      _fmt(dim.get("max") or None)])
        for leaf in dim.get("children", []):
            rule = say_rule(leaf.get("rule"), leaf.get("max")).zh
            lines.append([Paragraph("&nbsp;&nbsp;&nbsp;&nbsp;" + _esc(leaf.get("name")), st["cell"]),
                          Paragraph(_esc(rule), st["cell"]), _fmt(leaf.get("points")),
                          _fmt(leaf.get("max") or None)])
    return _table(lines, [62 * mm, 78 * mm, 17 * mm, 17 * mm], numeric_from=2, size=8)


def _ranking_table(g: GroupReport, st: dict, width: float, size: float) -> Table:
    """A group's ranking; every header as one unbroken line, the name column takes the rest."""
    awards = any(r.award for r in g.rows)
    head = ["名次", "参评单位", "总分", "等次", *(["奖项"] if awards else []), *g.dimensions]
    body = []
    for r in g.rows:
        name = _esc(r.name)
        if r.vetoed:
            effect = _veto_words(r)
            name += f" <font color='#b42318'>〔一票否决{(':' + _esc(effect)) if effect else ''}〕</font>"
        body.append([r.rank or "—", Paragraph(name, st["cell"]), _fmt(r.total), r.grade or "—",
                     *([f"★ {r.award}" if r.award else ""] if awards else []),
                     *[_fmt(r.dimensions.get(d)) for d in g.dimensions]])
    widths = _column_widths(head, body, size)
    widths[1] = max(widths[1], width - (sum(widths) - widths[1]))
    first_dim = 5 if awards else 4
    table = _table([head, *body], widths, numeric=[0, 2, *range(first_dim, len(head))], size=size)
    marks = [("BACKGROUND", (0, i), (-1, i), VETO_FILL) for i, r in enumerate(g.rows, start=1) if r.vetoed]
    marks += [("BACKGROUND", (0, i), (-1, i), AWARD_FILL) for i, r in enumerate(g.rows, start=1)
              if r.award and not r.vetoed]
    table.setStyle(TableStyle(marks))
    return table


def _column_widths(head: Sequence[str], body: Sequence[Sequence[Any]], size: float) -> list[float]:
    """Each column as wide as its widest header or figure; the name column's minimum is 30 mm."""
    pad = 12
    widths = []
    for i, h in enumerate(head):
        texts = [h] + [c for row in body if isinstance(c := row[i], str | int)]
        widths.append(max(pdfmetrics.stringWidth(str(t), FONT, size) for t in texts) + pad)
    widths[1] = 30 * mm
    return widths


def _ranking_layout(groups: Sequence[GroupReport]) -> tuple[bool, float]:
    """Whether the rankings need landscape pages, and the font size that fits them."""
    need = 0.0
    for g in groups:
        head = ["名次", "参评单位", "总分", "等次", "奖项", *g.dimensions]
        body = [["", "", _fmt(r.total), r.grade or "—", f"★ {r.award}" if r.award else "",
                 *[_fmt(r.dimensions.get(d)) for d in g.dimensions]] for r in g.rows]
        need = max(need, sum(_column_widths(head, body, 8.5)))
    portrait, wide = A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN
    if need <= portrait:
        return False, 8.5
    return True, max(6.0, min(8.5, 8.5 * wide / need))


def _appendix(notes: Sequence[str], st: dict) -> list:
    flow = [Paragraph("附录 计算提示", st["h1"]),
            Paragraph("计算中遇到的缺少数据、一票否决等情况,同类合并,并列出涉及的组别和单位。", st["small"]),
            Spacer(1, 3 * mm)]
    for i, note in enumerate(group_notes(notes), start=1):
        flow.append(Paragraph(f"{i}. {_esc(note.message)}(共 {note.count} 处)", st["body"]))
        if note.places:
            flow.append(Paragraph(_esc(";".join(note.places)), st["small"]))
    return flow


def _cover(st: dict, title: str, subtitle: str, issuer: str, issued: str, snapshot: str,
           scope: str) -> list:
    # The hash goes on a line of its own, small enough never to wrap, and only once:
    # a label's short hash ("第3版 · 1a2b3c4d") is the start of the full one.
    *label, digest = (snapshot or "命令行计算,未存快照").split(" · ")
    label = [p for p in label if not digest.startswith(p)]
    version = (" · ".join(map(_esc, label)) + f"<br/><font size=7.5>{_esc(digest)}</font>" if label
               else _esc(digest))
    facts = [[k, Paragraph(v, st["body"])] for k, v in (
        ("发布单位", _esc(issuer)), ("发布日期", _esc(issued)), ("数据版本", version),
        ("范围", _esc(scope))) if v]
    table = Table(facts, colWidths=[28 * mm, 120 * mm])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 11), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TEXTCOLOR", (0, 0), (0, -1), GREY),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d7de"))]))
    return [Spacer(1, 50 * mm), Paragraph(_esc(title), st["title"]), Spacer(1, 8 * mm),
            Paragraph(_esc(subtitle), st["subtitle"]), Spacer(1, 30 * mm), table, Spacer(1, 20 * mm),
            Paragraph("全部分值由 Bipin 评分引擎计算,本报告为上述数据版本的原样输出。", st["small"])]


def _numbered_canvas(title: str):
    """A canvas that knows the page count when it writes each footer ("第 n 页 / 共 N 页")."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if self._pageNumber > 1:  # the cover carries no footer
                    width = self._pagesize[0]
                    self.saveState()
                    self.setFont(FONT, 7.5)
                    self.setFillColor(GREY)
                    self.drawString(MARGIN, 10 * mm, title[:80])
                    self.drawRightString(width - MARGIN, 10 * mm, f"第 {self._pageNumber} 页 / 共 {total} 页")
                    self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


def _document(buffer: io.BytesIO, title: str, snapshot: str) -> BaseDocTemplate:
    doc = BaseDocTemplate(buffer, pagesize=A4, title=title, author="Bipin", subject=snapshot)
    templates = []
    for name, size in (("portrait", A4), ("landscape", landscape(A4))):
        frame = Frame(MARGIN, MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN, id=name,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates.append(PageTemplate(id=name, frames=[frame], pagesize=size))
    doc.addPageTemplates(templates)
    return doc


def _begin(evaluation: Mapping[str, Any], title: str) -> tuple[dict, str]:
    """The styles (fonts registered first) and the report's title."""
    register_font()
    return _styles(), title or str(evaluation.get("contest", ""))


def _with_appendix(flow: list, notes: Sequence[str], st: dict) -> list:
    return flow + [PageBreak(), *_appendix(notes, st)] if notes else flow


def _card(st: dict, title: str, name: str, where: str, page: list, notes: Sequence[str], *,
          issuer: str, issued: str, snapshot: str) -> list:
    """One entrant's card: a cover, its page, and its own notes in an appendix."""
    cover = _cover(st, title, f"{name} 成绩单", issuer, issued, snapshot, where)
    return _with_appendix([*cover, PageBreak(), *page], notes, st)


def _laid_out(flow: list, title: str, snapshot: str, running: str = "") -> bytes:
    """``flow`` on numbered A4 pages, ``running`` (the title by default) in the footer."""
    buffer = io.BytesIO()
    _document(buffer, title, snapshot).build(flow, canvasmaker=_numbered_canvas(running or title))
    return buffer.getvalue()


def pdf_bytes(evaluation: Mapping[str, Any], observations: Sequence[Mapping[str, Any]] = (),
              entrants: Sequence[Mapping[str, Any]] = (), *, title: str = "",
              snapshot: str = "", issuer: str = "", issued: str = "") -> bytes:
    """The whole report as PDF bytes; ``snapshot`` names the figures' version, on the cover."""
    if is_staged(evaluation):
        return staged_pdf_bytes(evaluation, entrants, title=title, snapshot=snapshot, issuer=issuer,
                                issued=issued)
    st, title = _begin(evaluation, title)
    report = read_report(evaluation, entrants)
    scope = f"参评对象 {sum(len(g.rows) for g in report.groups)} 个,分 {len(report.groups)} 组排名"
    flow: list = _cover(st, title, "综合评价结果报告", issuer, issued, snapshot, scope)
    wide, size = _ranking_layout(report.groups)
    width = (A4[1] if wide else A4[0]) - 2 * MARGIN
    flow += [NextPageTemplate("landscape" if wide else "portrait"), PageBreak()]
    for g in report.groups:
        flow += [KeepTogether([Paragraph(f"{_esc(g.name)} 排名", st["h1"])]),
                 _ranking_table(g, st, width, size), Spacer(1, 6 * mm)]
    flow.append(Paragraph("★ 获奖单位;〔一票否决〕触发一票否决项的单位,按方案规定处理。"
                          + (" 计算提示见附录。" if report.warnings else ""), st["small"]))
    flow.append(NextPageTemplate("portrait"))
    for g in report.groups:
        for r in g.rows:
            flow += [PageBreak(), *_entrant_page(g, r, st, len(_row_notes(report, r)))]
    return _laid_out(_with_appendix(flow, report.warnings, st), title, snapshot)


def card_pdf_bytes(evaluation: Mapping[str, Any], entrants: Sequence[Mapping[str, Any]],
                   entrant_id: str, *, title: str = "", snapshot: str = "", issuer: str = "",
                   issued: str = "") -> bytes:
    """One entrant's own report card: cover, its page, and its own notes in an appendix.

    Raises ``KeyError`` naming the entrant if it is not in the evaluation.
    """
    (card,) = card_pdfs(evaluation, entrants, [entrant_id], title=title, snapshot=snapshot,
                        issuer=issuer, issued=issued)
    return card


def card_pdfs(evaluation: Mapping[str, Any], entrants: Sequence[Mapping[str, Any]],
              entrant_ids: Iterable[str], *, title: str = "", snapshot: str = "", issuer: str = "",
              issued: str = "") -> Iterator[bytes]:
    """The report cards of ``entrant_ids``, one PDF each, in that order; the results are read
    once for all of them (10,000 households' cards in one background job)."""
    if is_staged(evaluation):
        for entrant_id in entrant_ids:
            yield staged_pdf_bytes(evaluation, entrants, title=title, snapshot=snapshot, issuer=issuer,
                                   issued=issued, entrant_id=str(entrant_id))
        return
    st, title = _begin(evaluation, title)
    report = read_report(evaluation, entrants)
    rows = {row.entrant_id: (group, row) for group in report.groups for row in group.rows}
    for entrant_id in entrant_ids:
        found = rows.get(str(entrant_id))
        if found is None:
            raise KeyError(f"参评对象不在此次结果中 / entrant not in these results: {entrant_id}")
        group, row = found
        notes = _row_notes(report, row)
        flow = _card(st, title, row.name, group.name, _entrant_page(group, row, st, len(notes)), notes,
                     issuer=issuer, issued=issued, snapshot=snapshot)
        yield _laid_out(flow, title, snapshot, f"{title} · {row.name}")


ADVANCED = {True: "晋级", False: "淘汰", None: ""}


def _stage_table(stage: StageReport, rows: Sequence[StageRow], st: dict, width: float) -> Table:
    """A stage's ranking in one group: the totals it adds, the ranked total, 晋级/淘汰."""
    head = ["名次", "参评对象", *stage.ranked_on, "排名总分", *(["晋级"] if stage.next else [])]
    body = [[r.rank, Paragraph(_esc(r.name), st["cell"]), *[_fmt(v) for _, v in r.parts],
             _fmt(r.ranked_total), *([ADVANCED[r.advanced]] if stage.next else [])] for r in rows]
    widths = _column_widths(head, body, 8.5)
    widths[1] = max(widths[1], width - (sum(widths) - widths[1]))
    table = _table([head, *body], widths, numeric=[0, *range(2, 3 + len(stage.ranked_on))])
    table.setStyle(TableStyle([("TEXTCOLOR", (0, i), (-1, i), GREY)
                               for i, r in enumerate(rows, start=1) if r.advanced is False]))
    return table


def _placings_table(placings: Sequence[StagePlacing], st: dict, width: float, awards: bool) -> Table:
    head = ["名次", "参评对象", "决定名次的阶段", "排名总分", *(["奖项"] if awards else [])]
    body = [[p.place, Paragraph(_esc(p.name), st["cell"]), p.decided_in, _fmt(p.ranked_total),
             *([f"★ {p.award}" if p.award else ""] if awards else [])] for p in placings]
    widths = _column_widths(head, body, 8.5)
    widths[1] = max(widths[1], width - (sum(widths) - widths[1]))
    return _table([head, *body], widths, numeric=[0, 3])


def _path_page(staged: StagedReport, placing: StagePlacing, st: dict, notes: int) -> list:
    """One entrant's page: its final place, its path through the stages, each stage's tree."""
    path = staged.path(placing.entrant_id)
    facts = [["最终名次", str(placing.place), "决定名次的阶段", placing.decided_in],
             ["排名总分", _fmt(placing.ranked_total), "奖项", f"★ {placing.award}" if placing.award else "—"]]
    steps = [["阶段", "本阶段得分", "排名依据", "排名总分", "名次", "结果"]]
    for stage, row in path:
        size = sum(len(rows) for g, rows in stage.groups if g == row.group)
        steps.append([stage.id, _fmt(row.total),
                      Paragraph(_esc(" + ".join(f"{k} {_fmt(v)}" for k, v in row.parts)), st["cell"]),
                      _fmt(row.ranked_total), f"{row.rank} / {size}",
                      ADVANCED[row.advanced] or "末轮"])
    flow = [Paragraph(f"{_esc(placing.name)} 成绩单", st["h1"]), Paragraph(_esc(placing.group), st["small"]),
            Spacer(1, 4 * mm), _table(facts, [25 * mm, 50 * mm, 30 * mm, 45 * mm]),
            Paragraph("各阶段", st["h2"]),
            _table(steps, [22 * mm, 24 * mm, 62 * mm, 24 * mm, 18 * mm, 20 * mm], numeric=[1, 3, 4])]
    for stage, _row in path:
        found = stage.report.find(placing.entrant_id)
        if found is not None and isinstance(found[1].explanation, Mapping):
            flow += [Paragraph(f"得分明细 · {_esc(stage.id)}", st["h2"]),
                     _explanation_table(found[1].explanation, st)]
    if notes:
        flow.append(Paragraph(f"本单位有 {notes} 条计算提示,见附录。", st["small"]))
    return flow


def staged_pdf_bytes(evaluation: Mapping[str, Any], entrants: Sequence[Mapping[str, Any]] = (), *,
                     title: str = "", snapshot: str = "", issuer: str = "", issued: str = "",
                     entrant_id: str | None = None) -> bytes:
    """A staged contest's report: the final places, each stage's ranking and cut, then one
    page per entrant; with ``entrant_id`` only that entrant's card (KeyError if absent)."""
    st, title = _begin(evaluation, title)
    staged = read_staged(evaluation, entrants)
    everyone = [p for _, rows in staged.placings for p in rows]
    notes = staged.warnings + [n for stage in staged.stages for n in stage.tie_notes]
    if entrant_id is not None:
        placing = staged.placing(entrant_id)
        if placing is None:
            raise KeyError(f"参评对象不在此次结果中 / entrant not in these results: {entrant_id}")
        own = [n for n in notes if placing.name in n]
        flow = _card(st, title, placing.name, placing.group, _path_page(staged, placing, st, len(own)), own,
                     issuer=issuer, issued=issued, snapshot=snapshot)
        return _laid_out(flow, title, snapshot, f"{title} · {placing.name}")
    scope = (f"参评对象 {len(everyone)} 个,分 {len(staged.placings)} 组;"
             f"阶段:{' → '.join(s.id for s in staged.stages)}"
             + (f"(尚未进行:{'、'.join(staged.pending)})" if staged.pending else ""))
    flow: list = [*_cover(st, title, "分阶段比赛结果报告", issuer, issued, snapshot, scope), PageBreak()]
    width = A4[0] - 2 * MARGIN
    for group, rows in staged.placings:
        flow += [Paragraph(f"{_esc(group)} 最终名次", st["h1"]),
                 _placings_table(rows, st, width, staged.has_awards), Spacer(1, 6 * mm)]
    for stage in staged.stages:
        basis = f"排名依据 {' + '.join(stage.ranked_on)}" + (f";{stage.cut}" if stage.cut else "")
        flow += [PageBreak(), Paragraph(_esc(stage.id), st["h1"]), Paragraph(_esc(basis), st["small"])]
        flow += [Paragraph(_esc(n), st["body"]) for n in stage.tie_notes]
        for group, rows in stage.groups:
            flow += [Paragraph(_esc(group), st["h2"]), _stage_table(stage, rows, st, width),
                     Spacer(1, 4 * mm)]
    for p in everyone:
        flow += [PageBreak(), *_path_page(staged, p, st, len([n for n in notes if p.name in n]))]
    return _laid_out(_with_appendix(flow, notes, st), title, snapshot)


def write_pdf(out: str | Path, *args: Any, **kwargs: Any) -> None:
    Path(out).write_bytes(pdf_bytes(*args, **kwargs))
