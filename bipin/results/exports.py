"""Downloads of a snapshot, built by the same writers as ``bipin compute --format``."""

from __future__ import annotations

from django.http import Http404

from bipin.contests.models import Contest
from bipin.results.models import Snapshot

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def render_export(contest: Contest, snapshot: Snapshot, fmt: str) -> tuple[bytes, str, str]:
    """The file's bytes, content type and download name."""
    if fmt not in CONTENT_TYPES:
        raise Http404("unknown format")
    from bipin.results.presenters import judge_labels, ordered_evaluation, relabel

    # Downloads are for organizers only, so judges appear by name.
    labels = judge_labels(snapshot, reveal=True)
    args = (relabel(ordered_evaluation(snapshot), labels),
            relabel(snapshot.inputs["observations"], labels), snapshot.inputs["entrants"])
    meta = {"title": contest.name, "snapshot": f"{snapshot.label} · {snapshot.input_hash}"}
    if fmt == "xlsx":
        from bipin.io.xlsx_report import workbook_bytes
        from bipin.results.robustness import for_snapshot

        data = workbook_bytes(*args, **meta, robustness=for_snapshot(snapshot))
    else:
        from bipin.io.pdf_report import pdf_bytes

        data = pdf_bytes(*args, **meta)
    name = f"{contest.name}-成绩-第{snapshot.number}版-{snapshot.short_hash}.{fmt}"
    return data, CONTENT_TYPES[fmt], name
