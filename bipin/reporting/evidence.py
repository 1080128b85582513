"""The evidence files a grid's rows and cells carry, as the viewer may open them."""

from __future__ import annotations

from collections import defaultdict

from bipin.evidence.access import visible
from bipin.reporting.models import Attachment


def by_cell(contest, submission, user) -> dict[tuple[int, str], list]:
    """{(entrant id, item or ""): [EvidenceFile]} of ``submission``, only files ``user`` may open."""
    if submission is None:
        return {}
    rows = list(Attachment.objects.filter(submission=submission).select_related("file"))
    allowed = {f.pk for f in visible(user, contest, {r.file_id: r.file for r in rows}.values())}
    out: dict[tuple[int, str], list] = defaultdict(list)
    for r in rows:
        if r.file_id in allowed:
            out[(r.entrant_id, r.item)].append(r.file)
    return dict(out)


def files_of(contest, values, user) -> dict[int, list[tuple[str, str]]]:
    """{value pk: [(name, url)]}: each value's files, its cell's and its row's."""
    cells: dict = {}
    out = {}
    for v in values:
        if v.submission_id not in cells:
            cells[v.submission_id] = by_cell(contest, v.submission, user)
        found = cells[v.submission_id]
        files = [*found.get((v.entrant_id, v.item), []), *found.get((v.entrant_id, ""), [])]
        out[v.pk] = [(f.name, f.get_absolute_url()) for f in files]
    return out
