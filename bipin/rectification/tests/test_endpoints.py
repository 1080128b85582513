"""Every ledger URL: wrong method, strangers, read-only roles, anonymous visitors.

A table keeps the checks for every URL in one place; what each page does is
tested in its own file.
"""

import datetime

import pytest

from bipin.rectification import services
from bipin.testing.endpoints import METHODS, unexpected

# (url, allowed methods, roles that may use it)
ENDPOINTS = [
    ("/c/test-contest/rectification/", {"get"}, {"organizer", "entrant", "inspector"}),
    ("/c/test-contest/rectification/ledger.xlsx", {"get"}, {"organizer", "entrant"}),
    ("/c/test-contest/rectification/terms/", {"get", "post"}, {"organizer"}),
    ("/c/test-contest/rectification/extensions/{ext}/", {"post"}, {"organizer"}),
    ("/c/test-contest/rectification/{task}/", {"get"}, {"organizer", "entrant", "inspector"}),
    ("/c/test-contest/rectification/{task}/answer/", {"post"}, {"entrant"}),
    ("/c/test-contest/rectification/{task}/verify/", {"post"}, {"organizer", "inspector"}),
    ("/c/test-contest/rectification/{task}/close/", {"post"}, {"organizer"}),
    ("/c/test-contest/rectification/{task}/deadline/", {"post"}, {"organizer"}),
    ("/c/test-contest/rectification/{task}/extension/", {"post"}, {"entrant"}),
    ("/c/test-contest/rectification/recheck/", {"get"}, {"organizer", "inspector"}),
    ("/c/test-contest/rectification/recheck/{round}/", {"get"}, {"organizer", "inspector2"}),
    ("/c/test-contest/rectification/recheck/{round}/{finding}/", {"post"}, {"inspector2"}),
    ("/c/test-contest/rectification/recheck/{round}/{finding}/correct/", {"post"}, {"organizer"}),
]
READ_ONLY = ("reporter", "reviewer", "judge")
IDS = [e[0] for e in ENDPOINTS]


@pytest.fixture
def world(ledger):
    task = ledger.task()
    ext = services.request_extension(ledger.entrant, task, datetime.date(2030, 1, 1), "雨季")
    services.record_recheck(
        ledger.users["inspector2"], ledger.recheck_round, task.finding, "recurred"
    )
    ledger.ids = {
        "task": task.pk,
        "ext": ext.pk,
        "round": ledger.recheck_round.pk,
        "finding": task.finding_id,
    }
    return ledger


def _call(client, method, url):
    return getattr(client, method)(url)


def test_each_endpoint_refuses_a_wrong_method(world, client_as):
    cases = [(url.format(**world.ids), sorted(roles)[0], method)
             for url, methods, roles in ENDPOINTS for method in METHODS - methods]
    assert unexpected(client_as, cases, 405) == []


def test_each_endpoint_hides_the_contest_from_strangers(world, client_as):
    cases = [(url.format(**world.ids), name, method) for url, methods, _ in ENDPOINTS
             for name in ("bystander", "other_organizer") for method in methods]
    assert unexpected(client_as, cases, 404) == []


def test_each_endpoint_refuses_a_role_without_a_part_in_the_ledger(world, client_as):
    cases = [(url.format(**world.ids), name, method) for url, methods, _ in ENDPOINTS
             for name in READ_ONLY for method in methods]
    assert unexpected(client_as, cases, 403) == []


@pytest.mark.parametrize("url, methods, roles", ENDPOINTS, ids=IDS)
def test_each_endpoint_serves_its_roles(world, client_as, url, methods, roles):
    for name in roles:
        client = client_as(name)
        for method in methods:
            r = _call(client, method, url.format(**world.ids))
            assert r.status_code in (200, 302), (name, method, r.status_code)
            assert "/accounts/login" not in r.get("Location", "")


@pytest.mark.parametrize("url, methods, roles", ENDPOINTS, ids=IDS)
def test_anonymous_visitors_are_sent_to_log_in(world, client, url, methods, roles):
    for method in methods:
        r = _call(client, method, url.format(**world.ids))
        assert r.status_code == 302 and "/accounts/login" in r["Location"], (method, r.status_code)
