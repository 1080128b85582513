"""Downloads of a snapshot, built by the same writers as ``bipin compute --format``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import Http404
from django.utils import timezone

from bipin.contests.models import Contest, Entrant, Membership, Role
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

        data = pdf_bytes(*args, **meta, **cover(contest, snapshot))
    name = f"{contest.name}-成绩-第{snapshot.number}版-{snapshot.short_hash}.{fmt}"
    return data, CONTENT_TYPES[fmt], name


def cover(contest: Contest, snapshot: Snapshot) -> dict[str, str]:
    """The issuing office and date a PDF's cover prints.

    The office is the department the organizers gave themselves in the contest
    (成员 page); the date (发布日期) is the snapshot's latest release, or its
    computation for a draft, on the site's calendar (a release at 01:30 in
    Beijing is that day's, though UTC still says the day before).
    """
    office = (Membership.objects.filter(contest=contest, role=Role.ORGANIZER).exclude(department="")
              .order_by("pk").values_list("department", flat=True).first())
    release = snapshot.releases.order_by("-released_at").first()
    when = timezone.localtime(release.released_at if release else snapshot.computed_at)
    return {"issuer": office or "", "issued": f"{when.year}年{when.month}月{when.day}日"}


def render_card_pdf(contest: Contest, snapshot: Snapshot, entrant: Entrant, *,
                    reveal_judges: bool) -> tuple[bytes, str, str]:
    """One entrant's report card as a PDF, judges named as the viewer may see them."""
    ((_entrant, data, name),) = render_card_pdfs(contest, snapshot, [entrant], reveal_judges=reveal_judges)
    return data, CONTENT_TYPES["pdf"], name


def render_card_pdfs(contest: Contest, snapshot: Snapshot, entrants: Iterable[Entrant], *,
                     reveal_judges: bool) -> Iterator[tuple[Entrant, bytes, str]]:
    """Each entrant's card as (entrant, PDF, file name), the snapshot read once for all."""
    from bipin.io.pdf_report import card_pdfs
    from bipin.results.presenters import judge_labels, ordered_evaluation, relabel

    entrants = list(entrants)
    labels = judge_labels(snapshot, reveal=reveal_judges)
    pdfs = card_pdfs(relabel(ordered_evaluation(snapshot), labels), snapshot.inputs["entrants"],
                     [str(e.pk) for e in entrants], title=contest.name,
                     snapshot=f"{snapshot.label} · {snapshot.input_hash}", **cover(contest, snapshot))
    for entrant, data in zip(entrants, pdfs, strict=True):
        yield entrant, data, card_name(contest, snapshot, entrant)


def card_name(contest: Contest, snapshot: Snapshot, entrant: Entrant) -> str:
    return f"{contest.name}-{entrant.name}-成绩单-第{snapshot.number}版.pdf"
