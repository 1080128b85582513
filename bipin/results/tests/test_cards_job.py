"""The organizer downloads every report card at once: a background job makes one PDF per
entrant and packs them in a ZIP; nobody else can start it or fetch the file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from bipin.jobs.models import Job
from bipin.jobs.progress import Progress

pytestmark = pytest.mark.django_db


def start(client, cast):
    return client.post(reverse("results:cards", args=[cast.contest.slug]))


def zip_of(client, cast, job) -> zipfile.ZipFile:
    answer = client.get(reverse("jobs:download", args=[cast.contest.slug, job.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/zip"
    assert "filename*=UTF-8''" in answer["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content)))


def test_every_card_comes_as_a_pdf_in_one_zip(client_as, cast, snapshot):
    client = client_as("organizer")
    answer = start(client, cast)
    job = Job.objects.get()
    assert answer.url == reverse("jobs:job", args=[cast.contest.slug, job.pk])
    assert job.status == Job.Status.DONE and job.outcome["count"] == 3
    state = client.get(reverse("jobs:status", args=[cast.contest.slug, job.pk])).json()
    assert state["done_url"] == reverse("jobs:download", args=[cast.contest.slug, job.pk])
    archive = zip_of(client, cast, job)
    assert sorted(archive.namelist()) == sorted(
        f"{cast.contest.name}-{name}-成绩单-第1版.pdf" for name in ("南川县", "北原县", "教育局"))
    assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())


class ServerStopped(BaseException):
    pass


def test_a_restart_keeps_the_cards_already_made(client_as, cast, snapshot, monkeypatch):
    advance = Progress.advance
    made = []

    def stop_after_one(self, count=1):
        advance(self, count)
        made.append(self.job.attempts)
        if self.job.attempts == 1:
            raise ServerStopped()

    monkeypatch.setattr(Progress, "advance", stop_after_one)
    start(client_as("organizer"), cast)
    job = Job.objects.get()
    assert job.status == Job.Status.RUNNING
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=5))
    client_as("organizer").get(reverse("jobs:status", args=[cast.contest.slug, job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2
    assert made == [1, 2, 2]  # the second run made only the two cards left
    assert len(zip_of(client_as("organizer"), cast, job).namelist()) == 3


@pytest.mark.parametrize("who", ["judge", "entrant", "other_organizer", "bystander"])
def test_nobody_else_starts_it_or_fetches_the_file(client_as, cast, snapshot, who):
    start(client_as("organizer"), cast)
    job = Job.objects.get()
    client = client_as(who)
    assert start(client, cast).status_code in (403, 404)
    assert client.get(reverse("jobs:download", args=[cast.contest.slug, job.pk])).status_code in (403, 404)
    assert Job.objects.count() == 1


def test_a_contest_without_a_snapshot_has_no_cards_to_make(client_as, cast, scheme):
    assert start(client_as("organizer"), cast).status_code == 404
    assert not Job.objects.exists()


def test_a_second_click_while_the_cards_are_made_opens_the_same_job(client_as, cast, snapshot, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no worker yet
    client = client_as("organizer")
    first, second = start(client, cast), start(client, cast)
    job = Job.objects.get()
    assert first.url == second.url == reverse("jobs:job", args=[cast.contest.slug, job.pk])
    other = client.post(reverse("results:cards", args=[cast.contest.slug]) + "?snapshot=1")
    assert other.url == first.url  # ?snapshot=1 is the latest: the same cards
    job.status = Job.Status.DONE
    job.save(update_fields=["status"])
    start(client, cast)  # once made, a click makes them again (a released key renames them)
    assert Job.objects.count() == 2
