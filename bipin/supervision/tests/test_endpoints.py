"""Every supervision URL: wrong method, strangers, roles that may not use it.

The office's clerk is the cast's reporter (督查室), its reviewer the cast's
reviewer; edu_reporter reports for 教育局 and has no business here.
"""

from __future__ import annotations

import pytest

from bipin.supervision import services
from bipin.supervision.tests.conftest import approved, entry

P = "/c/test-contest/supervision/"
# (url, allowed methods, users who may use it, users in the contest refused with 403)
ENDPOINTS = [
    (
        P,
        {"get"},
        {"organizer", "reporter", "reviewer"},
        {"edu_reporter", "inspector", "judge", "entrant"},
    ),
    (
        P + "new/",
        {"get", "post"},
        {"organizer", "reporter"},
        {"edu_reporter", "reviewer", "inspector", "entrant"},
    ),
    (
        P + "import/",
        {"post"},
        {"organizer", "reporter"},
        {"edu_reporter", "reviewer", "inspector", "entrant"},
    ),
    (
        P + "submit/",
        {"post"},
        {"organizer", "reporter"},
        {"edu_reporter", "reviewer", "inspector", "entrant"},
    ),
    (
        P + "review/",
        {"get"},
        {"organizer", "reviewer"},
        {"edu_reporter", "reporter", "inspector", "entrant"},
    ),
    (
        P + "export/",
        {"get"},
        {"organizer"},
        {"edu_reporter", "reporter", "reviewer", "inspector", "entrant"},
    ),
    (
        P + "mine/",
        {"get"},
        {"entrant"},
        {"edu_reporter", "reporter", "reviewer", "inspector", "organizer"},
    ),
    (P + "{draft}/", {"get"}, {"organizer", "reporter", "reviewer"}, {"edu_reporter", "inspector"}),
    (
        P + "{draft}/edit/",
        {"get", "post"},
        {"reporter"},
        {"edu_reporter", "reviewer", "inspector", "entrant"},
    ),
    (
        P + "{approved}/correct/",
        {"get", "post"},
        {"reporter"},
        {"edu_reporter", "reviewer", "inspector", "entrant"},
    ),
    (
        P + "{submitted}/approve/",
        {"post"},
        {"reviewer"},
        {"edu_reporter", "reporter", "inspector", "entrant"},
    ),
    (
        P + "{submitted}/return/",
        {"post"},
        {"reviewer"},
        {"edu_reporter", "reporter", "inspector", "entrant"},
    ),
]
IDS = [e[0] for e in ENDPOINTS]


@pytest.fixture
def world(office):
    office.ids = {"approved": approved(office).pk}
    draft = services.add_record(office.reporter, office.contest, entry(office))
    submitted = services.add_record(office.reporter, office.contest, entry(office, amount="1"))
    services.submit_records(office.reporter, [submitted])
    office.ids.update(draft=draft.pk, submitted=submitted.pk)
    return office


def _call(client, method, url):
    return getattr(client, method)(url)


@pytest.mark.parametrize("url, methods, allowed, refused", ENDPOINTS, ids=IDS)
def test_each_endpoint_refuses_a_wrong_method(world, client_as, url, methods, allowed, refused):
    client = client_as(sorted(allowed)[0])
    for method in {"get", "post", "put", "delete"} - methods:
        assert _call(client, method, url.format(**world.ids)).status_code == 405, method


@pytest.mark.parametrize("url, methods, allowed, refused", ENDPOINTS, ids=IDS)
def test_each_endpoint_hides_the_contest_from_strangers(
    world, client_as, url, methods, allowed, refused
):
    for name in ("bystander", "other_organizer"):
        client = client_as(name)
        for method in methods:
            assert _call(client, method, url.format(**world.ids)).status_code == 404, (name, method)


@pytest.mark.parametrize("url, methods, allowed, refused", ENDPOINTS, ids=IDS)
def test_each_endpoint_refuses_roles_it_is_not_for(
    world, client_as, url, methods, allowed, refused
):
    for name in refused:
        client = client_as(name)
        for method in methods:
            assert _call(client, method, url.format(**world.ids)).status_code == 403, (name, method)


@pytest.mark.parametrize("url, methods, allowed, refused", ENDPOINTS, ids=IDS)
def test_each_page_opens_for_those_it_is_for(world, client_as, url, methods, allowed, refused):
    if "get" not in methods:
        return
    for name in allowed:
        assert client_as(name).get(url.format(**world.ids)).status_code == 200, name


def test_anonymous_visitors_are_sent_to_log_in(world, client):
    for url, methods, _, _ in ENDPOINTS:
        for method in methods:
            r = _call(client, method, url.format(**world.ids))
            assert r.status_code == 302 and "/accounts/login/" in r["Location"], url


def test_an_entrant_sees_only_its_own_approved_records(world, client_as):
    other = approved(world, unit="北原县", amount="1")
    client = client_as("entrant")
    assert client.get(f"{P}{world.ids['approved']}/").status_code == 200
    assert client.get(f"{P}{other.pk}/").status_code == 404
    assert client.get(f"{P}{world.ids['draft']}/").status_code == 404  # not approved yet
    page = client.get(f"{P}mine/").content.decode()
    assert f"record-{world.ids['approved']}" in page and f"record-{other.pk}" not in page
    assert f"record-{world.ids['draft']}" not in page


def test_a_record_of_another_contest_is_not_found(world, client_as):
    assert (
        client_as("organizer")
        .get(f"/c/other-contest/supervision/{world.ids['draft']}/")
        .status_code
        == 404
    )


def test_a_clerk_cannot_submit_another_offices_record(world, client_as):
    world.users["clerk2"] = world.edu_reporter
    from bipin.supervision.models import Record

    r = client_as("organizer").post(f"{P}submit/", {"records": [world.ids["draft"]]})
    assert r.status_code == 302
    # The organizer may enter only items without a department: the draft stays a draft.
    assert Record.objects.get(pk=world.ids["draft"]).status == "draft"
