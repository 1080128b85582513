"""Fixtures every test may use: the fixed cast and the browser (Playwright)."""

import os

import pytest

from bipin.testing.browser import browser, page, phone  # noqa: F401  (fixtures)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite tests use a database file of their own, not pytest-django's in-memory one.

    With an in-memory database the live server hands one connection to all its
    request threads, so two requests at once share a transaction, and the test
    thread (whose connection Playwright's event loop puts in another slot) gets
    "database table is locked" at once while a request writes. A file gives each
    thread its own connection, WAL and the writer lock, as `bipin serve` does.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "bipin.db.sqlite":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("db") / "test.sqlite3"
        )


@pytest.fixture(autouse=True)
def _evidence_files_in_tmp(settings, tmp_path_factory):
    """Files stored by any test (photos, scans; the demo's too) go to a temporary folder,
    never to the checkout's var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _language_of_its_own():
    """Each test starts in the default language and leaves it so.

    A request in English activates English for the thread that served it; a
    later test in the same worker would otherwise read English text where it
    expects Chinese, and pass or fail by the order xdist hands out tests.
    """
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


def pytest_configure(config):
    from django.conf import settings

    # The real hasher is slow on purpose; tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A job runs inside the request that starts it, so a test sees it finished;
    # the worker's own path is tested with a real worker (bipin/jobs/tests).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def cast(db):
    """The fixed cast: built for real in a process's first test, then put back (replay.py)."""
    from bipin.testing.cast import build_cast
    from bipin.testing.replay import replayed

    return replayed("cast", build_cast)


@pytest.fixture
def client_as(client, cast):
    """Log the test client in as one of the cast: ``client_as("judge")``."""

    def login(username: str):
        client.force_login(cast.users[username])
        return client

    return login


@pytest.fixture
def live_cast(transactional_db):
    """The cast, committed, for browser tests against ``live_server``."""
    from bipin.testing.cast import build_cast

    return build_cast()


# What makes a test touch the suite's database: pytest-django's fixtures (the
# set-up one is behind every other, and the backup round trip asks for it alone).
SUITE_DATABASE = {"django_db_setup", "db", "transactional_db", "live_server"}


def touches_the_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        SUITE_DATABASE & set(getattr(item, "fixturenames", ())))


def drives_a_browser(item) -> bool:
    return item.get_closest_marker("browser") is not None or "browser" in getattr(
        item, "fixturenames", ())


def tells_the_demo(item) -> bool:
    """A test of the demo's own story (its test_demo*.py): the demo is loaded on SQLite."""
    return item.path.name.startswith("test_demo")


def pytest_collection_modifyitems(config, items):
    """The PostgreSQL pass runs the tests that touch the database, and only those.

    The scoring core, the file readers, the doctests and the servers of their
    own (SQLite files, see bipin.testing.server) do the same thing whichever
    database the suite names; the SQLite pass has run them already, and running
    them twice kept CI over its 20 minutes. So do the browser tests: what they
    add over the HTTP tests (which run here) is the page in Chromium, and a
    page's script reads the same answers from either database. And the tests of
    the demo's story, which play whole days over it: `make demo` loads it on
    SQLite; the crawl, the exports and the verification tests still start from
    it here.
    """
    if os.environ.get("BIPIN_DB") != "postgres":
        return
    kept = [item for item in items if touches_the_database(item)
            and not drives_a_browser(item) and not tells_the_demo(item)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


def pytest_report_header(config):
    if os.environ.get("BIPIN_DB") == "postgres":
        return ("PostgreSQL pass: tests that touch no database, browser tests and the demo's "
                "story (test_demo*.py) are deselected; the SQLite pass runs them")
