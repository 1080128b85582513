"""A file the browser saves under its Chinese name."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    # RFC 5987: a plain filename= would turn the Chinese name into mojibake.
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
