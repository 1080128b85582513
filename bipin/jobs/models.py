"""Long work done in the background: what was asked, how far it has come, how it ended.

A job is the page's view of work a queue worker does (bipin.jobs.runner).
The queue (django-tasks) only carries the job's id; everything a user sees,
and everything needed to carry on after a restart, is here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Contest


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")
        CANCELLED = "cancelled", _("已取消")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=50)
    label = models.CharField(_("任务"), max_length=300)
    params = models.JSONField(default=dict)
    # The uploaded file an import job reads; kept so a restarted job reads it again.
    data = models.BinaryField(null=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage_zh = models.CharField(max_length=100, blank=True)
    stage_en = models.CharField(max_length=100, blank=True)
    stage_started_at = models.DateTimeField(null=True, blank=True)
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(null=True, blank=True)
    unit = models.CharField(max_length=20, blank=True)
    # What the runner needs to carry on where it stopped (saved with the work it describes).
    checkpoint = models.JSONField(default=dict)
    outcome = models.JSONField(default=dict)
    problems = models.JSONField(default=list)  # [{"zh": ..., "en": ...}]
    cancel_requested = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    # Which run holds the job: a run that lost it (taken over after it went
    # silent) stops at its next report instead of writing beside the new one.
    runner = models.CharField(max_length=32, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["contest", "-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat")]

    def __str__(self) -> str:
        return self.label

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED)
