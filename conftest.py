"""Fixtures every test may use: the fixed cast and the browser (Playwright)."""

import pytest

from bipin.testing.browser import browser, page, phone  # noqa: F401  (fixtures)


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
