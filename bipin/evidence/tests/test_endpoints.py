"""Every evidence endpoint: wrong method, strangers, roles without a say-so, anonymous.

The behaviour of each (headers, attachments modules) is in test_access.py.
"""

from __future__ import annotations

import pytest

from bipin.evidence import services
from bipin.evidence.tests.conftest import jpeg, upload

# (url, allowed methods, who may use it): the organizer always; the uploader of the photo.
ENDPOINTS = [
    ("/c/test-contest/evidence/{pk}/", {"get"}, {"organizer", "inspector"}),
    ("/c/test-contest/evidence/{pk}/thumb/", {"get"}, {"organizer", "inspector"}),
]
IDS = [e[0] for e in ENDPOINTS]


@pytest.fixture
def photo(cast):
    return services.store(cast.inspector, cast.contest, upload("a.jpg", jpeg()))


@pytest.mark.parametrize("url, methods, allowed", ENDPOINTS, ids=IDS)
def test_each_endpoint_answers_those_allowed(photo, client_as, url, methods, allowed):
    for name in allowed:
        assert client_as(name).get(url.format(pk=photo.pk)).status_code == 200, name


@pytest.mark.parametrize("url, methods, allowed", ENDPOINTS, ids=IDS)
def test_each_endpoint_refuses_a_wrong_method(photo, client_as, url, methods, allowed):
    client = client_as("organizer")
    for method in {"get", "post", "put", "delete", "patch"} - methods:
        assert getattr(client, method)(url.format(pk=photo.pk)).status_code == 405, method


@pytest.mark.parametrize("url, methods, allowed", ENDPOINTS, ids=IDS)
def test_each_endpoint_hides_the_contest_from_strangers(photo, client_as, url, methods, allowed):
    for name in ("bystander", "other_organizer"):
        assert client_as(name).get(url.format(pk=photo.pk)).status_code == 404, name


@pytest.mark.parametrize("url, methods, allowed", ENDPOINTS, ids=IDS)
def test_each_endpoint_refuses_roles_without_a_say_so(photo, client_as, url, methods, allowed):
    for name in ("chief", "judge", "reporter", "reviewer", "entrant"):
        assert client_as(name).get(url.format(pk=photo.pk)).status_code == 403, name


@pytest.mark.parametrize("url, methods, allowed", ENDPOINTS, ids=IDS)
def test_each_endpoint_sends_anonymous_visitors_to_log_in(photo, client, url, methods, allowed):
    r = client.get(url.format(pk=photo.pk))
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
