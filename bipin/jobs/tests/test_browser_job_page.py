"""The organizer watches a background import on a phone: the page shows the queued job,
follows it once a worker takes it, and opens the imported batch when it is done."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from playwright.sync_api import expect

from bipin.jobs import runner, services
from bipin.jobs.models import Job
from bipin.jobs.tests.conftest import ROWS, long_file
from bipin.results.models import ImportBatch
from bipin.results.tests.conftest import give_scheme
from bipin.testing.a11y import axe_violations
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 392


@pytest.fixture
def queued(live_cast, settings):
    """An import waiting in the queue, as when the worker has not come by yet."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    give_scheme(live_cast.contest)
    return services.start(live_cast.organizer, live_cast.contest, "results.import", "导入 campaign.csv",
                          data=long_file(), params={"filename": "campaign.csv"})


def test_the_job_page_follows_the_import_and_opens_the_batch(live_cast, queued, live_server, phone):
    log_in(phone, live_server.url, "organizer", PASSWORD)
    phone.goto(f"{live_server.url}/c/{live_cast.contest.slug}/jobs/{queued.pk}/")
    expect(phone.locator("#job-status")).to_have_text("排队中")
    expect(phone.get_by_role("button", name="取消任务")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert axe_violations(phone) == []

    def worker():  # a worker takes the job, in a thread of its own as a worker process would
        try:
            runner.run(queued.pk)
        finally:
            connections.close_all()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(60)
    assert Job.objects.get(pk=queued.pk).status == Job.Status.DONE
    batch = ImportBatch.objects.get()
    # The page notices within a second or two and opens the batch it imported.
    expect(phone).to_have_url(f"{live_server.url}/c/{live_cast.contest.slug}/results/imports/#batch-{batch.pk}",
                              timeout=15_000)
    expect(phone.locator(f"#batch-{batch.pk}")).to_contain_text(str(ROWS))
