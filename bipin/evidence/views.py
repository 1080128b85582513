"""Serving evidence files to the people allowed to open them.

Files are never served from a public media URL: every request comes here,
through :mod:`bipin.evidence.access`. A photo or PDF opens in the browser; an
XLSX or DOCX downloads. ``nosniff`` stops a browser from guessing another type
than the one the file was checked to be.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from bipin.downloads import content_disposition
from bipin.evidence.access import NOT_FOUND, evidence_for

_INLINE = {"image/jpeg", "image/png", "application/pdf"}
# The bytes under an address never change (content-addressed), but who may see
# them can: browsers keep them a day, shared caches never.
_MAX_AGE = 24 * 3600


def _serve(field, content_type: str, filename: str, inline: bool) -> FileResponse:
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404(NOT_FOUND) from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=_MAX_AGE)
    return response


@login_required
@require_GET
def file(request, slug: str, pk: int):
    evidence = evidence_for(request.user, slug, pk)
    return _serve(
        evidence.file, evidence.content_type, evidence.name, evidence.content_type in _INLINE
    )


@login_required
@require_GET
def thumb(request, slug: str, pk: int):
    evidence = evidence_for(request.user, slug, pk)
    if not evidence.thumbnail:
        raise Http404(NOT_FOUND)
    stem = evidence.name.rsplit(".", 1)[0]
    return _serve(evidence.thumbnail, "image/jpeg", f"{stem}-thumb.jpg", True)
