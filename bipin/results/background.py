"""The results app's long work, run as background jobs (bipin.jobs): a large
file's import and a large contest's computation."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from bipin.jobs.kinds import JobKind
from bipin.results import services
from bipin.results.models import ImportBatch, ImportedObservation, Snapshot

IMPORT, COMPUTE = "results.import", "results.compute"


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


JOBS = {
    IMPORT: JobKind(run=_import, done_url=lambda job: _imports_page(job) + f"#batch-{job.outcome['batch']}",
                    back_url=_imports_page),
    COMPUTE: JobKind(run=_compute, done_url=_computed,
                     back_url=lambda job: reverse("results:desk", args=[job.contest.slug])),
}
