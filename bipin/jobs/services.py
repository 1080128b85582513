"""Starting, cancelling and reviving background jobs.

The job row and its queue entry are written in the caller's transaction (the
queue is a table of the same database), so there is never a job nobody will
run, nor a queued run of a job that was rolled back.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from bipin.contests.models import Contest
from bipin.jobs.models import Job
from bipin.jobs.runner import stalled


def start(actor, contest: Contest, kind: str, label: str, *, params: dict | None = None,
          data: bytes | None = None) -> Job:
    """Queue ``kind`` for ``contest``; the returned job may already be done (an inline queue)."""
    with transaction.atomic():
        job = Job.objects.create(contest=contest, kind=kind, label=label[:300], params=params or {},
                                 data=data, created_by=actor, heartbeat_at=timezone.now())
        _enqueue(job)
    job.refresh_from_db()
    return job


def start_once(actor, contest: Contest, kind: str, label: str, *, params: dict | None = None) -> Job:
    """:func:`start`, unless the same work (kind and params) is queued or running already:
    then that job. A second click on 全部成绩单 or 计算 opens the job the first one started
    instead of doing all of it twice."""
    params = params or {}
    with transaction.atomic():
        # Two clicks at once: the second waits for the first's job row, then finds it.
        Contest.objects.select_for_update().only("pk").get(pk=contest.pk)
        for job in Job.objects.filter(contest=contest, kind=kind,
                                      status__in=[Job.Status.QUEUED, Job.Status.RUNNING]):
            if job.params == params and not job.cancel_requested:
                return job
        return start(actor, contest, kind, label, params=params)


def cancel(job: Job) -> Job:
    """Stop a job: a queued one at once, a running one at its next progress report.

    What a stopped job had saved stays unused: each kind saves its work where
    nothing reads it until the job's last step makes it count.
    """
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.finished:
            return job
        if job.status == Job.Status.QUEUED:
            job.status, job.finished_at = Job.Status.CANCELLED, timezone.now()
            job.stage_zh, job.stage_en = "已取消", "cancelled"
        job.cancel_requested = True
        job.save(update_fields=["status", "finished_at", "stage_zh", "stage_en", "cancel_requested"])
    return job


def revive_stalled(jobs=None) -> list[Job]:
    """Queue again every unfinished job that has gone silent (its worker stopped).

    A running job without a heartbeat for a minute, or a queued one that no
    worker has taken for as long, gets a new queue entry; the run that takes
    it carries on from its checkpoint. Called when a worker starts and while a
    page watches the job.
    """
    now = timezone.now()
    revived = []
    candidates = Job.objects.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    if jobs is not None:
        candidates = candidates.filter(pk__in=[j.pk for j in jobs])
    for job in candidates:
        if not stalled(job, now):
            continue
        with transaction.atomic():
            # Back in the queue, held by no run: a silent run that wakes up finds
            # the job no longer its own and stops without writing.
            touched = (Job.objects.filter(pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at)
                       .update(status=Job.Status.QUEUED, runner="", heartbeat_at=now))
            if touched:  # not revived by another page or worker meanwhile
                _enqueue(job)
                revived.append(job)
    return revived


def _enqueue(job: Job) -> None:
    from bipin.jobs.tasks import run_job

    run_job.enqueue(job.pk)
