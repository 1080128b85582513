"""A job belongs to its contest: only that contest's organizers see, poll or cancel it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bipin.jobs import services
from bipin.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(cast, queue_only):
    return services.start(cast.organizer, cast.contest, "results.compute", "计算成绩")


def urls(slug: str, job: Job) -> list[tuple[str, str]]:
    return [("get", reverse("jobs:job", args=[slug, job.pk])),
            ("get", reverse("jobs:status", args=[slug, job.pk])),
            ("post", reverse("jobs:cancel", args=[slug, job.pk]))]


@pytest.mark.parametrize("who", ["judge", "inspector", "reviewer", "entrant", "bystander",
                                 "other_organizer"])
def test_nobody_but_its_organizers_reaches_a_job(client_as, cast, job, who):
    client = client_as(who)
    for method, url in urls(cast.contest.slug, job):
        assert getattr(client, method)(url).status_code in (403, 404), (who, url)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and not job.cancel_requested


def test_another_contests_organizer_cannot_reach_it_through_their_own_contest(client_as, cast, job):
    client = client_as("other_organizer")
    for method, url in urls(cast.other_contest.slug, job):
        assert getattr(client, method)(url).status_code == 404, url
    job.refresh_from_db()
    assert not job.cancel_requested


def test_someone_not_logged_in_is_sent_to_log_in(client, cast, job):
    for method, url in urls(cast.contest.slug, job):
        answer = getattr(client, method)(url)
        assert answer.status_code == 302 and "/accounts/login/" in answer.url


def test_its_organizer_watches_and_cancels_it(client_as, cast, job):
    client = client_as("organizer")
    page = client.get(reverse("jobs:job", args=[cast.contest.slug, job.pk])).content.decode()
    assert "排队中" in page and "取消任务" in page
    client.post(reverse("jobs:cancel", args=[cast.contest.slug, job.pk]))
    state = client.get(reverse("jobs:status", args=[cast.contest.slug, job.pk])).json()
    assert state["status"] == "cancelled" and state["finished"]
