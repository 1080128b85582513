"""The one way a page runs an all-or-nothing file import.

The view posts the file here and redirects; on failure every problem waits in
the session, in both languages, for the page the view redirects to.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.utils.translation import gettext as _

from bipin.contests.forms import UploadForm
from bipin.io import ImportFailed

_SESSION_KEY = "import_problems"


def import_upload(request, run: Callable[[bytes, str], int], done: str, failed: str) -> None:
    """Call ``run(data, filename)``; ``done`` may use ``%(n)s`` for what it returned."""
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
        return
    upload = form.cleaned_data["file"]
    try:
        count = run(upload.read(), upload.name)
    except ImportFailed as exc:
        messages.error(request, failed)
        request.session[_SESSION_KEY] = [{"zh": p.zh, "en": p.en} for p in exc.problems]
    else:
        messages.success(request, done % {"n": count})


def pop_problems(request) -> list[dict[str, str]]:
    """The problems of the last failed import, shown once."""
    return request.session.pop(_SESSION_KEY, [])
