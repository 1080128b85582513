"""Sticker labels with only the blind code, and the sealed key sheet, as PDFs.

Labels fit the common A4 sheet of 3 × 8 stickers (70 × 37 mm); each carries
the code large and the category small, nothing a judge could read a
producer from. The key sheet lists code ↔ registration for the organizer to
seal in an envelope until the key is released.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from bipin.contests.models import Contest
from bipin.io.pdf_report import ACCENT, FONT, GREY, register_font
from bipin.registration.models import Registration

COLUMNS, ROWS = 3, 8
LABEL_W, LABEL_H = 70 * mm, 37 * mm
KEY_ROW = 8 * mm


def labels_pdf(contest: Contest, labels: list[tuple[str, str]], copies: int) -> bytes:
    """``copies`` stickers of each (code, category), in code order, 24 to a page."""
    register_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{contest.name} · 样品标签")
    width, height = A4
    left = (width - COLUMNS * LABEL_W) / 2
    top = height - (height - ROWS * LABEL_H) / 2
    stickers = [label for label in labels for _ in range(copies)]
    for n, (code, group) in enumerate(stickers):
        if n and n % (COLUMNS * ROWS) == 0:
            canvas.showPage()
        slot = n % (COLUMNS * ROWS)
        x = left + (slot % COLUMNS) * LABEL_W
        y = top - (slot // COLUMNS + 1) * LABEL_H
        canvas.setStrokeColor(colors.lightgrey)
        canvas.setLineWidth(0.3)
        canvas.rect(x, y, LABEL_W, LABEL_H)
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT, 34)
        canvas.drawCentredString(x + LABEL_W / 2, y + 15 * mm, code)
        canvas.setFillColor(GREY)
        canvas.setFont(FONT, 10)
        canvas.drawCentredString(x + LABEL_W / 2, y + 6 * mm, group)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def key_pdf(contest: Contest, rows: list[tuple[str, str, Registration]], printed_at: str) -> bytes:
    """The key: each code's category, registration number, producer, variety and origin."""
    register_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{contest.name} · 盲评编号对应表(密封)")
    width, height = A4
    columns = [(18, "编号"), (40, "组别"), (68, "报名号"), (88, "报送者"), (150, "品种"), (175, "产地")]
    y = height
    for n, (code, group, reg) in enumerate(rows):
        if n == 0 or y < 20 * mm:
            if n:
                canvas.showPage()
            y = _key_head(canvas, contest, columns, printed_at, width, height)
        cells = [code, group, reg.label, reg.producer, reg.variety, reg.origin]
        canvas.setFont(FONT, 10)
        canvas.setFillColor(colors.black)
        for (x, _), text in zip(columns, cells, strict=True):
            canvas.drawString(x * mm, y, text[:24])
        y -= KEY_ROW
    if not rows:
        _key_head(canvas, contest, columns, printed_at, width, height)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _key_head(canvas: Canvas, contest: Contest, columns, printed_at: str, width, height) -> float:
    canvas.setFillColor(ACCENT)
    canvas.setFont(FONT, 16)
    canvas.drawString(18 * mm, height - 20 * mm, f"{contest.name} · 盲评编号对应表")
    canvas.setFont(FONT, 10)
    canvas.drawString(18 * mm, height - 27 * mm,
                      f"密封保存,成绩确定并公开对应关系前不得拆阅 / SEALED · 打印于 {printed_at}")
    canvas.setFillColor(GREY)
    for x, head in columns:
        canvas.drawString(x * mm, height - 38 * mm, head)
    return height - 38 * mm - KEY_ROW
