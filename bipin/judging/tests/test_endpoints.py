"""Every event-day endpoint: wrong method, wrong user, read-only role.

A table keeps the three checks for every URL in one place; the behaviour of
each page is tested in its own file.
"""

import pytest

from bipin.judging import draws, services

# (url, allowed methods, roles that may use it)
ENDPOINTS = [
    ("/c/test-contest/judging/score/", {"get"}, {"judge"}),
    ("/c/test-contest/judging/screen/", {"get"}, {"organizer", "chief"}),
    ("/c/test-contest/judging/console/", {"get"}, {"organizer", "chief"}),
    ("/c/test-contest/judging/console/action/", {"post"}, {"organizer"}),
    ("/c/test-contest/judging/setup/", {"get", "post"}, {"organizer"}),
    ("/c/test-contest/judging/sheets/", {"get"}, {"organizer", "chief"}),
    ("/c/test-contest/judging/sheets/{sheet}/reopen/", {"post"}, {"chief"}),
    ("/c/test-contest/judging/sheets/{sheet}/confirm/", {"post"}, {"organizer", "chief"}),
    ("/c/test-contest/judging/paper/", {"get", "post"}, {"organizer", "chief"}),
    ("/c/test-contest/judging/labels/", {"get", "post"}, {"organizer"}),
    ("/c/test-contest/judging/draws/", {"get", "post"}, {"organizer"}),
    ("/c/test-contest/judging/draws/1/ceremony/", {"get", "post"}, {"organizer"}),
    ("/c/test-contest/judging/rounds/", {"get", "post"}, {"organizer"}),
    ("/c/test-contest/judging/flights/", {"get", "post"}, {"organizer"}),
    ("/api/judging/test-contest/tasks", {"get"}, {"judge"}),
    ("/api/judging/test-contest/sheets", {"post"}, {"judge"}),
    ("/api/judging/test-contest/sheets/endpoint-key-1", {"get"}, {"judge"}),
    ("/api/judging/test-contest/board", {"get"}, {"organizer", "chief"}),
    ("/api/judging/test-contest/console", {"get"}, {"organizer", "chief"}),
]


@pytest.fixture
def world(event):
    sheet, _ = services.submit_sheet(event.judge, event.panel, event.entrants["南川县"],
                                     key="endpoint-key-1", marks={"content": "5", "delivery": "3"})
    draws.commit_draw(event.organizer, event.contest)
    event.sheet = sheet
    return event


def _call(client, method, url):
    return getattr(client, method)(url, content_type="application/json") if method in ("post", "put") \
        else getattr(client, method)(url)


@pytest.mark.parametrize("url, methods, roles", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_each_endpoint_refuses_a_wrong_method(world, client_as, url, methods, roles):
    client = client_as(sorted(roles)[0])
    for method in {"get", "post", "put", "delete"} - methods:
        assert _call(client, method, url.format(sheet=world.sheet.pk)).status_code == 405, method


@pytest.mark.parametrize("url, methods, roles", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_each_endpoint_hides_the_contest_from_strangers(world, client_as, url, methods, roles):
    for name in ("bystander", "other_organizer"):
        client = client_as(name)
        for method in methods:
            r = _call(client, method, url.format(sheet=world.sheet.pk))
            assert r.status_code == 404, (name, method, r.status_code)


@pytest.mark.parametrize("url, methods, roles", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_each_endpoint_refuses_a_read_only_role(world, client_as, url, methods, roles):
    for name in ("inspector", "entrant"):
        client = client_as(name)
        for method in methods:
            assert _call(client, method, url.format(sheet=world.sheet.pk)).status_code == 403, (name, method)


def test_anonymous_visitors_are_sent_to_log_in_and_the_api_answers_401(world, client):
    assert client.get("/c/test-contest/judging/score/").status_code == 302
    for url, methods, _ in ENDPOINTS:
        if url.startswith("/api/"):
            method = sorted(methods)[0]
            r = _call(client, method, url.format(sheet=world.sheet.pk))
            assert r.status_code == 401 and r.json()["errors"][0]["zh"] == "请重新登录", url
