"""What a running job tells its page, and how it hears that it should stop."""

from __future__ import annotations

import time

from django.db import transaction
from django.utils import timezone

from bipin.jobs.models import Job

# How often progress is written at most: a page polls about once a second,
# and a million rows must not mean a million updates.
FLUSH_SECONDS = 0.5


class Cancelled(Exception):
    """The organizer asked the job to stop, or another run took it over."""


class Progress:
    """The running job's stage and count, written now and then, checked for a stop."""

    def __init__(self, job: Job, clock=time.monotonic):
        self.job, self.clock = job, clock
        self.done, self.total = 0, None
        self._flushed = clock()

    def stage(self, zh: str, en: str, *, total: int | None = None, unit: str = "", done: int = 0) -> None:
        """Start a named step; ``total`` gives the bar its length (None: no length known)."""
        self.done, self.total = done, total
        self._write(stage_zh=zh, stage_en=en, stage_started_at=timezone.now(), unit=unit)

    def advance(self, count: int = 1) -> None:
        self.reached(self.done + count)

    def reached(self, done: int) -> None:
        self.done = done
        if self.clock() - self._flushed >= FLUSH_SECONDS:
            self._write()

    def check(self) -> None:
        """Write the count now and stop here if the job was cancelled (raises Cancelled)."""
        self._write()

    def save_checkpoint(self, **state) -> None:
        """Record how far the work has come; call inside the transaction that saved that work."""
        self.job.checkpoint = {**self.job.checkpoint, **state}
        self._write(checkpoint=self.job.checkpoint)

    def _write(self, **fields) -> None:
        fields.update(done=self.done, total=self.total, heartbeat_at=timezone.now())
        with transaction.atomic():
            updated = (Job.objects.filter(pk=self.job.pk, runner=self.job.runner, cancel_requested=False)
                       .update(**fields))
        self._flushed = self.clock()
        if not updated:
            raise Cancelled()
