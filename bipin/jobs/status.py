"""A job's state in the words and numbers its page shows (and polls as JSON)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language

from bipin.jobs.kinds import kind_of
from bipin.jobs.models import Job


def status_of(job: Job, now=None) -> dict:
    now = now or timezone.now()
    english = (get_language() or "").startswith("en")
    percent = eta = None
    if job.total:
        percent = min(100.0, round(100.0 * job.done / job.total, 1))
        if job.stage_started_at and job.done and not job.finished:
            elapsed = (now - job.stage_started_at).total_seconds()
            eta = round(elapsed * (job.total - job.done) / job.done)
    kind = kind_of(job)
    return {
        "id": job.pk, "status": job.status, "status_label": str(job.get_status_display()),
        "finished": job.finished, "stage": (job.stage_en if english else job.stage_zh) or "",
        "done": job.done, "total": job.total, "unit": job.unit, "percent": percent,
        "eta_seconds": eta, "cancel_requested": job.cancel_requested, "attempts": job.attempts,
        "problems": job.problems,
        "done_url": kind.done_url(job) if job.status == Job.Status.DONE else "",
        "back_url": kind.back_url(job),
    }
