"""Fixtures every test may use: the fixed cast and the browser (Playwright)."""

import pytest

from bipin.testing.browser import browser, page, phone  # noqa: F401  (fixtures)


def pytest_configure(config):
    from django.conf import settings

    # The real hasher is slow on purpose; tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db):
    from bipin.testing.cast import build_cast

    return build_cast()


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
