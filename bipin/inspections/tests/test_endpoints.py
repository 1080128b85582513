"""Every inspections URL: wrong method, strangers, read-only roles, anonymous.

The behaviour of each page is tested in its own file; this table keeps the
access checks for every URL in one place.
"""

import pytest

from bipin.inspections import services, setup, sitedraws
from bipin.inspections.tests.conftest import record
from bipin.testing.endpoints import METHODS, unexpected

# (url, allowed methods, a role that may use it, roles refused with 403)
ENDPOINTS = [
    (
        "/c/test-contest/inspections/rounds/",
        {"get", "post"},
        "organizer",
        {"inspector", "entrant", "judge"},
    ),
    (
        "/c/test-contest/inspections/rounds/{round}/",
        {"get", "post"},
        "organizer",
        {"inspector", "entrant", "judge"},
    ),
    (
        "/c/test-contest/inspections/visits/{visit}/draws/",
        {"get", "post"},
        "organizer",
        {"judge", "reporter"},
    ),
    (
        "/c/test-contest/inspections/visits/{visit}/draws/1/reveal/",
        {"post"},
        "organizer",
        {"inspector", "entrant", "judge"},
    ),
    (
        "/c/test-contest/inspections/record/",
        {"get"},
        "inspector",
        {"organizer", "entrant", "judge"},
    ),
    ("/c/test-contest/inspections/team/", {"get"}, "inspector", {"organizer", "entrant", "judge"}),
    (
        "/c/test-contest/inspections/findings/",
        {"get"},
        "organizer",
        {"inspector", "entrant", "judge"},
    ),
    (
        "/c/test-contest/inspections/findings/{finding}/",
        {"get"},
        "organizer",
        {"judge", "reporter"},
    ),
    (
        "/c/test-contest/inspections/findings/{finding}/confirm/",
        {"post"},
        "inspector",
        {"organizer", "entrant", "judge"},
    ),
    (
        "/c/test-contest/inspections/findings/{finding}/return/",
        {"post"},
        "inspector",
        {"organizer", "entrant", "judge"},
    ),
    (
        "/c/test-contest/inspections/findings/{finding}/withdraw/",
        {"post"},
        "organizer",
        {"entrant", "judge"},
    ),
    (
        "/c/test-contest/inspections/findings/{finding}/appeal/",
        {"post"},
        "entrant",
        {"organizer", "inspector", "judge"},
    ),
    (
        "/c/test-contest/inspections/appeals/{appeal}/decide/",
        {"post"},
        "organizer",
        {"inspector", "entrant", "judge"},
    ),
    (
        "/c/test-contest/inspections/feedback/",
        {"get"},
        "entrant",
        {"organizer", "inspector", "judge"},
    ),
    (
        "/api/inspections/test-contest/visits",
        {"get"},
        "inspector",
        {"organizer", "entrant", "judge"},
    ),
    ("/api/inspections/test-contest/findings", {"get", "post"}, "organizer", {"judge", "reporter"}),
    (
        "/api/inspections/test-contest/visits/{visit}/draws/1.json",
        {"get"},
        "inspector",
        {"judge", "reporter"},
    ),
    (
        "/api/inspections/test-contest/findings/endpoint-key-1",
        {"get"},
        "inspector",
        {"organizer", "entrant", "judge"},
    ),
]


@pytest.fixture
def world(field):
    finding, _ = record(field, key="endpoint-key-1")
    services.confirm_finding(field.inspector, finding)
    field.finding = finding
    field.appeal = services.file_appeal(field.entrant, finding, "申辩")
    draw = sitedraws.commit_site_draw(field.organizer, field.visit, ["石桥村", "李家村"], 1)
    sitedraws.reveal_site_draw(field.organizer, draw, ["5"])
    return field


def _url(world, url):
    return url.format(
        round=world.round.pk,
        finding=world.finding.pk,
        appeal=world.appeal.pk,
        visit=world.visit.pk,
    )


def _call(client, method, url):
    if method in ("post", "put"):
        return getattr(client, method)(url, data="{}", content_type="application/json")
    return getattr(client, method)(url)


def test_each_endpoint_refuses_a_wrong_method(world, client_as):
    cases = [(_url(world, url), role, method)
             for url, methods, role, _ in ENDPOINTS for method in METHODS - methods]
    assert unexpected(client_as, cases, 405, _call) == []


def test_each_endpoint_hides_the_contest_from_strangers(world, client_as):
    cases = [(_url(world, url), name, method) for url, methods, _, _ in ENDPOINTS
             for name in ("bystander", "other_organizer") for method in methods]
    assert unexpected(client_as, cases, 404, _call) == []


def test_each_endpoint_refuses_the_wrong_roles(world, client_as):
    cases = [(_url(world, url), name, method) for url, methods, _, refused in ENDPOINTS
             for name in sorted(refused) for method in methods]
    assert unexpected(client_as, cases, 403, _call) == []


@pytest.mark.parametrize("url, methods, role, refused", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_each_endpoint_lets_its_role_in(world, client_as, url, methods, role, refused):
    r = client_as(role).get(_url(world, url)) if "get" in methods else None
    if r is not None:
        assert r.status_code == 200, r.status_code


def test_anonymous_visitors_are_sent_to_log_in_and_the_api_answers_401(world, client):
    for url, methods, _, _ in ENDPOINTS:
        method = sorted(methods)[0]
        r = _call(client, method, _url(world, url))
        if url.startswith("/api/"):
            assert r.status_code == 401 and r.json()["errors"][0]["zh"] == "请重新登录", url
        else:
            assert r.status_code == 302 and "/accounts/login/" in r["Location"], url


def test_an_inspector_of_another_team_cannot_see_the_finding(world, client_as):
    from bipin.contests.models import Role
    from bipin.contests.services import grant_role
    from bipin.testing.cast import make_user

    outsider = make_user("inspector3", contest=world.contest)
    grant_role(world.organizer, world.contest, outsider, Role.INSPECTOR)
    other_team = setup.add_team(world.organizer, world.round, "第二核查组")
    setup.add_member(world.organizer, other_team, outsider, is_leader=True)
    from django.test import Client

    c = Client()
    c.force_login(outsider)
    assert c.get(f"/c/test-contest/inspections/findings/{world.finding.pk}/").status_code == 404
    assert (
        c.post(f"/c/test-contest/inspections/findings/{world.finding.pk}/confirm/").status_code
        == 404
    )
    assert c.get("/api/inspections/test-contest/findings/endpoint-key-1").status_code == 404


def test_unknown_api_urls_answer_json_404(client_as):
    r = client_as("inspector").get("/api/inspections/test-contest/nothing")
    assert r.status_code == 404 and r.json()["errors"][0]["en"] == "no such record"
