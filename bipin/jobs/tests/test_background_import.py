"""An organizer imports a long file: it goes to the background, shows its progress,
can be cancelled, and carries on after the server stops, never counting half a file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bipin.audit.verification import verify
from bipin.jobs import runner, services
from bipin.jobs.models import Job
from bipin.jobs.progress import Progress
from bipin.jobs.tests.conftest import ROWS, long_file
from bipin.results.models import ImportBatch
from bipin.results.observations import collect

pytestmark = pytest.mark.django_db


def upload(client, cast, data: bytes = None, name: str = "campaign.csv"):
    url = reverse("results:imports", args=[cast.contest.slug])
    return client.post(url, {"file": SimpleUploadedFile(name, data or long_file(), "text/csv")})


def only_job() -> Job:
    (job,) = Job.objects.all()
    return job


def chain_intact(cast) -> bool:
    return verify(f"contest:{cast.contest.pk}").ok


def test_a_long_file_is_imported_in_the_background_and_its_page_leads_to_the_batch(
        client_as, cast, scheme, background, small_chunks):
    answer = upload(client_as("organizer"), cast)
    job = only_job()
    assert answer.status_code == 302
    assert answer.url == reverse("jobs:job", args=[cast.contest.slug, job.pk])
    assert job.status == Job.Status.DONE and job.attempts == 1
    assert (job.done, job.total, job.unit) == (ROWS, ROWS, "行")
    assert job.data is None  # the file is not kept once the job has ended
    (batch,) = ImportBatch.objects.all()
    assert batch.status == ImportBatch.Status.ACTIVE and batch.row_count == ROWS
    assert sorted(batch.rows.values_list("row_number", flat=True)) == list(range(2, ROWS + 2))
    assert len(collect(cast.contest)) == ROWS
    page = client_as("organizer").get(answer.url)
    assert "已完成" in page.content.decode()
    assert f"#batch-{batch.pk}" in page.content.decode()
    state = client_as("organizer").get(reverse("jobs:status", args=[cast.contest.slug, job.pk])).json()
    assert state["status"] == "done" and state["percent"] == 100.0
    assert state["done_url"].endswith(f"#batch-{batch.pk}")
    assert chain_intact(cast)


def test_a_small_file_is_still_imported_at_once(client_as, cast, scheme):
    answer = upload(client_as("organizer"), cast)
    assert answer.url == reverse("results:imports", args=[cast.contest.slug])
    assert not Job.objects.exists()
    assert ImportBatch.objects.get().status == ImportBatch.Status.ACTIVE


def test_a_wrong_file_fails_its_job_with_the_rows_named_and_nothing_counts(
        client_as, cast, scheme, background):
    bad = long_file().replace("北原县,department,部门评价,部门002".encode(),
                              "西山县,department,部门评价,部门002".encode(), 1)
    answer = upload(client_as("organizer"), cast, bad)
    job = only_job()
    assert job.status == Job.Status.FAILED
    assert [p["zh"] for p in job.problems] == [
        "campaign.csv 第9行 A列:参评对象“西山县”不在本活动中(按名称或编号匹配)"]
    assert not ImportBatch.objects.exists()
    page = client_as("organizer").get(answer.url).content.decode()
    assert "西山县" in page and "未保存任何结果" in page


def test_a_queued_import_cancelled_before_any_worker_took_it_never_runs(
        client_as, cast, scheme, background, queue_only):
    upload(client_as("organizer"), cast)
    job = only_job()
    assert job.status == Job.Status.QUEUED
    client_as("organizer").post(reverse("jobs:cancel", args=[cast.contest.slug, job.pk]))
    runner.run(job.pk)  # the worker comes by later
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED and job.attempts == 0
    assert not ImportBatch.objects.exists()


def test_an_import_cancelled_midway_leaves_its_rows_withdrawn_and_uncounted(
        client_as, cast, scheme, background, small_chunks, monkeypatch):
    reached = Progress.reached

    def organizer_cancels_after_two_chunks(self, done):
        reached(self, done)
        if done >= 200:
            Job.objects.filter(pk=self.job.pk).update(cancel_requested=True)

    monkeypatch.setattr(Progress, "reached", organizer_cancels_after_two_chunks)
    upload(client_as("organizer"), cast)
    job = only_job()
    assert job.status == Job.Status.CANCELLED
    (batch,) = ImportBatch.objects.all()
    assert batch.status == ImportBatch.Status.WITHDRAWN
    assert "取消" in batch.withdraw_reason
    assert collect(cast.contest) == []
    assert chain_intact(cast)


class ServerStopped(BaseException):
    """What a killed worker looks like to the code it was running."""


def test_an_import_interrupted_by_a_restart_carries_on_where_it_stopped(
        client_as, cast, scheme, background, small_chunks, monkeypatch):
    reached = Progress.reached

    def server_stops_after_two_chunks(self, done):
        reached(self, done)
        if done >= 200 and self.job.attempts == 1:
            raise ServerStopped()

    monkeypatch.setattr(Progress, "reached", server_stops_after_two_chunks)
    upload(client_as("organizer"), cast)  # the queue's worker dies with it; the job does not end
    job = only_job()
    assert job.status == Job.Status.RUNNING and job.checkpoint["written"] == 200
    assert ImportBatch.objects.get().status == ImportBatch.Status.PENDING
    assert collect(cast.contest) == []  # half a file never counts
    # Nothing is revived while its heartbeat is fresh ...
    assert services.revive_stalled() == []
    # ... a minute of silence later, the page that watches it queues it again.
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=2))
    client_as("organizer").get(reverse("jobs:status", args=[cast.contest.slug, job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2
    (batch,) = ImportBatch.objects.all()
    assert batch.status == ImportBatch.Status.ACTIVE
    numbers = list(batch.rows.values_list("row_number", flat=True))
    assert sorted(numbers) == list(range(2, ROWS + 2))  # every row once
    assert chain_intact(cast)


def test_a_run_that_lost_its_job_to_a_new_run_stops_without_writing(cast, scheme):
    job = services.start(cast.organizer, cast.contest, "results.compute", "计算成绩")
    stale = Job.objects.get(pk=job.pk)
    stale.runner = "an-earlier-run"
    from bipin.jobs.progress import Cancelled

    with pytest.raises(Cancelled):
        Progress(stale).check()


def test_a_large_contest_is_computed_in_the_background_and_opens_its_ranking(
        client_as, cast, imported, background):
    answer = client_as("organizer").post(reverse("results:compute", args=[cast.contest.slug]))
    job = only_job()
    assert answer.url == reverse("jobs:job", args=[cast.contest.slug, job.pk])
    assert job.status == Job.Status.DONE and job.outcome == {"snapshot": 1, "created": True}
    state = client_as("organizer").get(reverse("jobs:status", args=[cast.contest.slug, job.pk])).json()
    assert state["done_url"] == reverse("results:ranking", args=[cast.contest.slug]) + "?snapshot=1"


def test_computing_again_while_the_last_click_is_queued_opens_that_job(
        client_as, cast, imported, background, queue_only):
    organizer = client_as("organizer")
    compute = reverse("results:compute", args=[cast.contest.slug])
    first, second = organizer.post(compute), organizer.post(compute)
    job = only_job()
    assert first.url == second.url == reverse("jobs:job", args=[cast.contest.slug, job.pk])
    services.cancel(job)  # cancelled: the next click is new work
    organizer.post(compute)
    assert Job.objects.count() == 2


def test_a_snapshot_too_large_for_the_database_fails_with_words_that_say_so(
        client_as, cast, imported, background, monkeypatch):
    from django.db import InternalError

    from bipin.results.models import Snapshot

    def postgres_refuses(**values):  # what PostgreSQL says of a value over 1 GB
        raise InternalError("invalid memory alloc request size 1073741824")

    monkeypatch.setattr(Snapshot.objects, "create", postgres_refuses)
    client_as("organizer").post(reverse("results:compute", args=[cast.contest.slug]))
    job = only_job()
    assert job.status == Job.Status.FAILED
    (problem,) = job.problems
    assert problem["zh"].startswith("快照过大,数据库无法保存(3 个参评对象")
    assert "over PostgreSQL's 1 GB" in problem["en"]
    assert not Snapshot.objects.exists()
