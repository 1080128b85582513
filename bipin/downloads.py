"""Every file Bipin hands out (XLSX, PDF, CSV, JSON, evidence) is named here.

Names are Chinese (``示例市-整改台账.xlsx``). RFC 6266 carries them as
``filename*=UTF-8''…``; old mail gateways, download managers and some office
browsers only read ``filename=``, and without it they save ``export.xlsx`` or
the URL's last part. So both are sent: a plain ASCII name first, then the real
one for every browser that reads it.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

__all__ = ["ascii_fallback", "content_disposition", "download"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_fallback(filename: str) -> str:
    """The name reduced to ASCII letters, digits, ``._-``; never empty.

    >>> ascii_fallback("demo-dabipin-示例乡村振兴局-填报表.xlsx")
    'demo-dabipin.xlsx'
    >>> ascii_fallback("2026年大比拼(示例)-考评数据模板.csv")
    '2026.csv'
    >>> ascii_fallback("示例整改后照片.png")
    'download.png'
    >>> ascii_fallback('Café "report".pdf')
    'Cafe_report.pdf'
    """
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    # NFKD splits é into e + accent, so Latin names keep their letters.
    def clean(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return _UNSAFE.sub("_", text)

    stem = re.sub(r"([_-])[_-]+", r"\1", clean(stem)).strip("._-") or "download"
    ext = clean(ext).strip("._-")
    return f"{stem}.{ext}" if ext else stem


def content_disposition(filename: str, inline: bool = False, fallback: str = "") -> str:
    """``attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded>``.

    ``fallback`` is a better ASCII name than the one left of ``filename`` (a
    contest's slug says more than the digits of its Chinese name).

    >>> content_disposition("示例-整改台账.xlsx")
    'attachment; filename="download.xlsx"; filename*=UTF-8\\'\\'%E7%A4%BA%E4%BE%8B-%E6%95%B4%E6%94%B9%E5%8F%B0%E8%B4%A6.xlsx'
    >>> content_disposition("a.pdf", inline=True)
    'inline; filename="a.pdf"; filename*=UTF-8\\'\\'a.pdf'
    """
    kind = "inline" if inline else "attachment"
    plain = ascii_fallback(fallback or filename)
    return f"{kind}; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download(data: bytes, content_type: str, filename: str, fallback: str = "") -> HttpResponse:
    """An HTTP response that saves ``data`` as ``filename``."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, fallback=fallback)
    return response
