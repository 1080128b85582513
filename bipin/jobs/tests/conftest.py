"""A large observation file for the results tests' contest, and a queue that only keeps jobs."""

from __future__ import annotations

import pytest

from bipin.results.tests.conftest import give_scheme, imported  # noqa: F401  (fixture)

ENTRANTS = ("南川县", "北原县", "教育局")
REPORTERS = 114


def long_file() -> bytes:
    """A department evaluation by 114 fictional reporters of each of the three entrants."""
    rows = ["参评对象,来源,指标,评委,分值"] + [
        f"{name},department,部门评价,部门{k:03d},{80 + k % 20}"
        for k in range(REPORTERS) for name in ENTRANTS]
    return ("\n".join(rows) + "\n").encode()


ROWS = len(ENTRANTS) * REPORTERS  # 342: four chunks of 100 rows in these tests


@pytest.fixture
def scheme(cast):
    return give_scheme(cast.contest)


@pytest.fixture
def background(settings):
    """Every upload and computation goes to the background (tiny thresholds)."""
    settings.BIPIN_BACKGROUND_IMPORT_BYTES = 0
    settings.BIPIN_BACKGROUND_COMPUTE_ROWS = 0


@pytest.fixture
def queue_only(settings):
    """Jobs stay queued, as when no worker is running."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def small_chunks(monkeypatch):
    from bipin.results import services

    monkeypatch.setattr(services, "CHUNK_ROWS", 100)
