"""Running one job in a queue worker: claim it, keep it alive, record how it ended.

A job whose worker stopped (the server restarted, the process was killed)
stops sending heartbeats; :func:`bipin.jobs.services.revive_stalled` queues it
again, and the next run claims it with a new runner id and carries on from the
job's checkpoint. The old run, if it was only slow, finds the job no longer
its own at its next progress report and stops without writing.
"""

from __future__ import annotations

import logging
import threading
import uuid

from django.conf import settings
from django.db import close_old_connections, connection, connections, transaction
from django.utils import timezone

from bipin.io import ImportFailed
from bipin.jobs.kinds import kind_of
from bipin.jobs.models import Job
from bipin.jobs.progress import Cancelled, Progress

log = logging.getLogger(__name__)



def stall_seconds() -> int:
    """A running job counts as stalled after this long without a heartbeat (BIPIN_JOB_STALL_SECONDS)."""
    return settings.BIPIN_JOB_STALL_SECONDS


def heartbeat_seconds() -> float:
    # Often enough that a busy machine never lets a live job look stalled, even
    # while one long step (the engine on 100,000 households) reports nothing.
    return stall_seconds() / 6


def run(job_id: int) -> None:
    job = _claim(job_id)
    if job is None:
        return
    progress = Progress(job)
    beating = _Heartbeat(job) if not connection.in_atomic_block else None
    try:
        outcome = kind_of(job).run(job, progress)
    except Cancelled:
        _finish(job, Job.Status.CANCELLED, stage_zh="已取消", stage_en="cancelled")
    except ImportFailed as exc:
        # The first few hundred, and how many more, as an import in the page shows them.
        _finish(job, Job.Status.FAILED, problems=exc.messages())
    except Exception as exc:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        zh = getattr(exc, "message_zh", None) or "任务出错,未保存任何结果;请重试或联系管理员"
        en = str(exc) if getattr(exc, "message_zh", None) else "the job failed and saved nothing; try again"
        _finish(job, Job.Status.FAILED, problems=[{"zh": zh, "en": en}])
    else:
        _finish(job, Job.Status.DONE, outcome=outcome, stage_zh="已完成", stage_en="done")
    finally:
        if beating is not None:
            beating.stop()


def _claim(job_id: int) -> Job | None:
    """The job, now this run's; None if it is finished or another live run holds it."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        if job.cancel_requested:
            _end(job, Job.Status.CANCELLED, stage_zh="已取消", stage_en="cancelled")
            return None
        if job.status == Job.Status.RUNNING and not stalled(job):
            return None
        now = timezone.now()
        job.status, job.runner, job.attempts = Job.Status.RUNNING, uuid.uuid4().hex, job.attempts + 1
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.save(update_fields=["status", "runner", "attempts", "started_at", "heartbeat_at"])
    return job


def stalled(job: Job, now=None) -> bool:
    now = now or timezone.now()
    return job.heartbeat_at is None or (now - job.heartbeat_at).total_seconds() > stall_seconds()


def _finish(job: Job, status: str, **fields) -> None:
    with transaction.atomic():
        # Only the run that holds the job ends it.
        if Job.objects.select_for_update().filter(pk=job.pk, runner=job.runner).exists():
            _end(job, status, **fields)


def _end(job: Job, status: str, **fields) -> None:
    # The uploaded file was kept to read it again after a restart; an ended job
    # is never run again, and a campaign's file is tens of megabytes.
    fields.update(status=status, finished_at=timezone.now(), data=None)
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


class _Heartbeat:
    """A thread that says the job is alive while its run is busy in one long step."""

    def __init__(self, job: Job):
        self.job, self._stop = job, threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job.pk}-heartbeat", daemon=True)
        self.thread.start()

    def _beat(self) -> None:
        try:
            while not self._stop.wait(heartbeat_seconds()):
                with transaction.atomic():
                    Job.objects.filter(pk=self.job.pk, runner=self.job.runner).update(
                        heartbeat_at=timezone.now())
        finally:
            connections.close_all()

    def stop(self) -> None:
        self._stop.set()
        self.thread.join()
        close_old_connections()
