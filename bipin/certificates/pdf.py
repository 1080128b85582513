"""The 获奖证书 as a one-page PDF: what is printed, and how to check it.

Set with the PDF reports' font (bipin.io.pdf_report), so Chinese prints the
same everywhere; the code and a QR code of the public check page sit at the
foot, where a reader looks for them.
"""

from __future__ import annotations

import io

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from bipin.certificates.models import Certificate
from bipin.io.pdf_report import ACCENT, FONT, GREY, register_font

PAGE = landscape(A4)


def certificate_pdf(c: Certificate, check_url: str) -> bytes:
    """The certificate ``c``; ``check_url`` is the public page that verifies its code."""
    register_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1)
    canvas.setTitle(f"获奖证书 · {c.holder} · {c.award}")
    width, height = PAGE
    _frame(canvas, width, height)
    middle = width / 2
    canvas.setFillColor(ACCENT)
    canvas.setFont(FONT, 40)
    canvas.drawCentredString(middle, height - 52 * mm, "获 奖 证 书")
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT, 22)
    canvas.drawCentredString(middle, height - 80 * mm, c.holder)
    canvas.setFont(FONT, 14)
    sample = f"(样品编号 {c.sample})" if c.sample else ""
    canvas.drawCentredString(middle, height - 96 * mm, f"在{c.contest.name}中{sample}荣获")
    canvas.setFont(FONT, 26)
    canvas.setFillColor(ACCENT)
    canvas.drawCentredString(middle, height - 116 * mm, " ".join(p for p in (c.group, c.award) if p))
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT, 12)
    canvas.drawCentredString(middle, height - 130 * mm, f"得分 {c.total} · {c.release.title}")
    canvas.drawCentredString(middle, height - 140 * mm, f"颁发日期 {c.issued_at:%Y年%m月%d日}")
    _check(canvas, c.code, check_url)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _frame(canvas: Canvas, width: float, height: float) -> None:
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)


def _check(canvas: Canvas, code: str, url: str) -> None:
    """The code in words and the QR code of the page that checks it, bottom right."""
    size = 30 * mm
    left, bottom = PAGE[0] - 24 * mm - size, 22 * mm
    matrix = segno.make(f"{url}?code={code}", error="m").matrix
    cell = size / len(matrix)
    canvas.setFillColor(colors.black)
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            if dark:
                canvas.rect(left + column * cell, bottom + size - (row + 1) * cell, cell, cell,
                            stroke=0, fill=1)
    canvas.setFillColor(GREY)
    canvas.setFont(FONT, 10)
    right = left - 4 * mm
    canvas.drawRightString(right, bottom + 18 * mm, f"核验码 / verification code: {code}")
    canvas.drawRightString(right, bottom + 12 * mm, f"核验网址 / check at: {url}")
    canvas.drawRightString(right, bottom + 6 * mm, "扫码或输入核验码即可查验真伪 / scan or type the code")
