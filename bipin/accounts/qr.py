"""The QR code printed on a login card."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str) -> SafeString:
    # segno writes the SVG itself from the URL; nothing in it comes from a person's input.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4))
