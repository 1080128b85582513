"""The QR code printed on a login card, and whether its address reaches a phone."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str) -> SafeString:
    # segno writes the SVG itself from the URL; nothing in it comes from a person's input.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4))


def only_this_computer(url: str | None = None) -> bool:
    """Whether ``url`` (default: SITE_URL, which QR codes and links carry) names
    this computer only (127.0.0.1, localhost, ::1): a phone or the projector PC
    scanning it reaches itself, not Bipin.

    >>> only_this_computer("http://127.0.0.1:8000"), only_this_computer("http://192.168.1.20:8000")
    (True, False)
    """
    host = (urlsplit(url or settings.SITE_URL).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
