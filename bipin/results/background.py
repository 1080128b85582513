"""The results app's long work, run as background jobs (bipin.jobs): a large
file's import and a large contest's computation."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from bipin.jobs.kinds import JobKind
from bipin.results import services
from bipin.results.exports import card_name
from bipin.results.models import ImportBatch, ImportedObservation, Snapshot

IMPORT, COMPUTE, CARDS = "results.import", "results.compute", "results.cards"


def computes_in_background(contest) -> bool:
    """Whether computing ``contest`` takes long enough for a progress bar (its imported values)."""
    limit = settings.BIPIN_BACKGROUND_COMPUTE_ROWS
    return (ImportedObservation.objects
            .filter(batch__contest=contest, batch__status=ImportBatch.Status.ACTIVE)[:limit + 1]
            .count() > limit)


def _import(job, progress) -> dict:
    p = job.params
    batch = services.import_observations_in_steps(
        job.created_by, job.contest, bytes(job.data), p["filename"], progress,
        sheet=p.get("sheet"), correction=p.get("correction", False), reason=p.get("reason", ""))
    return {"batch": batch.pk, "rows": batch.row_count}


def _compute(job, progress) -> dict:
    snapshot, created = services.compute_snapshot(job.created_by, job.contest, progress)
    return {"snapshot": snapshot.number, "created": created}


def _cards(job, progress) -> dict:
    """Every entrant's report card of a snapshot as PDFs in one ZIP, resumable card by card.

    Each card is written to the job's folder under a temporary name and renamed
    when whole, so a restarted job skips the cards it finished and never packs
    half a file; the ZIP is packed last.
    """
    from bipin.jobs.files import job_folder, pack, remove
    from bipin.results.exports import render_card_pdfs

    snapshot = Snapshot.objects.get(contest=job.contest, number=job.params["snapshot"])
    entrants = list(job.contest.entrants.filter(pk__in=[int(e["id"]) for e in snapshot.inputs["entrants"]])
                    .order_by("group__order", "order", "pk"))
    folder = job_folder(job, "cards")
    done = {path.stem for path in folder.glob("*.pdf")}
    progress.stage("生成成绩单", "making the report cards", total=len(entrants), unit="份", done=len(done))
    todo = [e for e in entrants if str(e.pk) not in done]
    try:
        for entrant, data, _name in render_card_pdfs(job.contest, snapshot, todo, reveal_judges=True):
            partial = folder / f"{entrant.pk}.part"
            partial.write_bytes(data)
            partial.replace(folder / f"{entrant.pk}.pdf")
            progress.advance()
        progress.stage("打包", "packing the ZIP", total=len(entrants), unit="份")
        names = {str(e.pk): card_name(job.contest, snapshot, e) for e in entrants}
        pack(job, [(folder / f"{pk}.pdf", names[pk]) for pk in names], progress)
    except Exception:
        remove(job)  # cancelled or failed: no half-made cards left behind
        raise
    return {"file": f"{job.contest.name}-成绩单-第{snapshot.number}版.zip", "count": len(entrants),
            "snapshot": snapshot.number}


def _imports_page(job) -> str:
    return reverse("results:imports", args=[job.contest.slug])


def _computed(job) -> str:
    number = job.outcome.get("snapshot")
    slug = job.contest.slug
    if job.outcome.get("created") and number and number > 1:  # what moved since the last one
        return reverse("results:diff", args=[slug, number])
    if number and Snapshot.objects.filter(contest=job.contest, number=number).exists():
        return reverse("results:ranking", args=[slug]) + f"?snapshot={number}"
    return reverse("results:desk", args=[slug])


def _desk(job) -> str:
    return reverse("results:desk", args=[job.contest.slug])


JOBS = {
    IMPORT: JobKind(run=_import, done_url=lambda job: _imports_page(job) + f"#batch-{job.outcome['batch']}",
                    back_url=_imports_page),
    COMPUTE: JobKind(run=_compute, done_url=_computed, back_url=_desk),
    CARDS: JobKind(run=_cards, done_url=lambda job: reverse("jobs:download", args=[job.contest.slug, job.pk]),
                   back_url=_desk),
}
