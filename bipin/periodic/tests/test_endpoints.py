"""Every periodic-reporting URL: wrong method, strangers, roles that may not use it.

The report's unit is 丙镇 under 北原县: the cast's entrant viewer (南川县) has
no business there, and neither has the inspector.
"""

import pytest

from bipin.testing.endpoints import METHODS, unexpected

from .conftest import fill

R = "/c/test-contest/periodic/forms/{form}/periods/{period}/units/{unit}/"
# (url, allowed methods, a role that may use it)
ENDPOINTS = [
    ("/c/test-contest/periodic/", {"get"}, "organizer"),
    ("/c/test-contest/periodic/units/", {"get", "post"}, "organizer"),
    ("/c/test-contest/periodic/units/import/", {"post"}, "organizer"),
    ("/c/test-contest/periodic/units/{unit}/", {"get", "post"}, "organizer"),
    ("/c/test-contest/periodic/units/{unit}/delete/", {"post"}, "organizer"),
    ("/c/test-contest/periodic/units/{unit}/people/", {"post"}, "organizer"),
    ("/c/test-contest/periodic/people/{person}/remove/", {"post"}, "organizer"),
    ("/c/test-contest/periodic/forms/new/", {"get", "post"}, "organizer"),
    ("/c/test-contest/periodic/forms/{form}/", {"get"}, "organizer"),
    ("/c/test-contest/periodic/forms/{form}/fields/", {"post"}, "organizer"),
    ("/c/test-contest/periodic/forms/{form}/periods/", {"post"}, "organizer"),
    ("/c/test-contest/periodic/forms/{form}/fields/{field}/map/", {"post"}, "organizer"),
    (R, {"get", "post"}, "reporter2"),
    (R + "attach/", {"post"}, "reporter2"),
    (R + "submit/", {"post"}, "reporter2"),
    (R + "approve/", {"post"}, "reviewer2"),
    (R + "return/", {"post"}, "reviewer2"),
    (R + "undo/", {"post"}, "reviewer2"),
    (R + "reopen/", {"post"}, "organizer"),
]
# Who may use each (url, method) besides what ENDPOINTS names: reading the index is
# for every role of the app; a report is read by its chain and the organizer.
CHAIN = {"reporter2", "reviewer2", "city"}
ALLOWED = {
    ("/c/test-contest/periodic/", "get"): {"organizer", "reporter", "reviewer", "entrant"} | CHAIN,
    (R, "get"): {"organizer"} | CHAIN,
    (R, "post"): {"reporter2"},
    (R + "approve/", "post"): {"reviewer2", "city"},
    (R + "return/", "post"): {"reviewer2", "city"},
    (R + "undo/", "post"): {"reviewer2", "city"},
}
PEOPLE = (
    "organizer",
    "inspector",
    "entrant",
    "judge",
    "chief",
    "reporter",
    "reviewer",
    "city",
    "reviewer2",
    "reporter2",
)


@pytest.fixture
def world(area):
    from bipin.periodic.models import UnitPerson

    report = fill(area, "2026-01", "丙镇", 10, 9)
    area.ids = {
        "form": area.form.pk,
        "period": report.period_id,
        "unit": area.towns["丙镇"].pk,
        "person": UnitPerson.objects.filter(unit=area.towns["丙镇"]).first().pk,
        "field": area.households.pk,
    }
    return area


def _url(world, url):
    return url.format(**world.ids)


def test_each_endpoint_refuses_a_wrong_method(world, client_as):
    cases = [(_url(world, url), role, method)
             for url, methods, role in ENDPOINTS for method in METHODS - methods]
    assert unexpected(client_as, cases, 405) == []


def test_each_endpoint_hides_the_contest_from_strangers(world, client_as):
    cases = [(_url(world, url), name, method) for url, methods, _ in ENDPOINTS
             for name in ("bystander", "other_organizer") for method in methods]
    assert unexpected(client_as, cases, 404) == []


def test_each_endpoint_refuses_roles_without_business_there(world, client_as):
    cases = [(_url(world, url), name, method) for url, methods, role in ENDPOINTS
             for method in methods for name in PEOPLE
             if name not in ALLOWED.get((url, method), {role})]
    assert unexpected(client_as, cases, 403) == []


def test_anonymous_visitors_are_sent_to_log_in(world, client):
    for url, methods, _ in ENDPOINTS:
        for method in methods:
            r = getattr(client, method)(_url(world, url))
            assert r.status_code == 302 and "/accounts/login/" in r["Location"], (url, method)
