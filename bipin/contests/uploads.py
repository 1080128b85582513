"""The one way a page runs an all-or-nothing file import.

The view posts the file here and redirects; on failure every problem waits in
the session, in both languages, for the page the view redirects to, with the
sheets to choose from when a workbook has several that hold data.

Uploads are bounded twice. :class:`LimitedUploadHandler` stops keeping a
file's bytes once it passes ``BIPIN_UPLOAD_MAX_MB`` (Django applies
``DATA_UPLOAD_MAX_MEMORY_SIZE`` to form fields, never to files), and
:class:`~bipin.contests.forms.UploadForm` then refuses it with a message; the
problems kept in the session are capped (:mod:`bipin.io.problems`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from bipin.io import ImportFailed

_SESSION_KEY = "import_problems"


def upload_limit() -> int:
    """The largest upload in bytes (BIPIN_UPLOAD_MAX_MB)."""
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def stored_length(model, field: str) -> int:
    """The longest text a model's field stores, for an import to check first."""
    return model._meta.get_field(field).max_length


class OversizedFile(UploadedFile):
    """What is left of a file that passed the limit: its name and its size, no bytes."""

    def __init__(self, name: str, content_type: str, size: int) -> None:
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class LimitedUploadHandler(FileUploadHandler):
    """First of the upload handlers: passes chunks on until the file passes the limit.

    Past it, the later handlers get nothing more (no memory, no temporary
    file grows) and the file arrives as an :class:`OversizedFile` that the
    upload form refuses by its size.
    """

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        return None if self.received > upload_limit() else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.received > upload_limit():
            return OversizedFile(self.file_name, self.content_type, self.received)
        return None


@dataclass(frozen=True)
class Upload:
    """A file posted to an import, and the sheet the person chose (if asked)."""

    data: bytes
    name: str
    sheet: str | None = None


class PageProblems(list):
    """The problems shown on a page, and the sheets to choose from."""

    def __init__(self, items: Iterable[dict[str, str]] = (), sheets: Iterable[str] = ()) -> None:
        super().__init__(items)
        self.sheets = list(sheets)

    @classmethod
    def of(cls, failed: ImportFailed) -> PageProblems:
        return cls(failed.messages(), failed.sheets)


def import_upload(request, run: Callable[[Upload], int], done: str, failed: str) -> None:
    """Call ``run(upload)``; ``done`` may use ``%(n)s`` for what it returned."""
    from bipin.contests.forms import UploadForm

    form = UploadForm(request.POST, request.FILES)
    try:
        count = run(form.upload())
    except ImportFailed as exc:
        messages.error(request, failed)
        request.session[_SESSION_KEY] = {"problems": exc.messages(), "sheets": list(exc.sheets)}
    else:
        messages.success(request, done % {"n": count})


def pop_problems(request) -> PageProblems:
    """The problems of the last failed import, shown once."""
    kept = request.session.pop(_SESSION_KEY, None) or {}
    return PageProblems(kept.get("problems", []), kept.get("sheets", []))
