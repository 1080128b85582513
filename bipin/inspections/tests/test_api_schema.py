"""A property-based run of the inspections API against its own OpenAPI document.

As for the judges' API (bipin/judging/tests/test_api_schema.py; both use
bipin.testing.apischema): schemathesis reads the document
the app serves and sends generated requests, allowed and forbidden ones, to
the WSGI app in this process, logged in with the CSRF token the phone sends.
Every answer must be in the document: no 5xx, a documented status, content
type and body, 405 with Allow for an undocumented method, and a forbidden
request refused. The session is an organizer who is also the team's leader,
so one session reaches every operation. Bounded and derandomized; the answers
the phone and a provincial system depend on (stored, resent, key reused, the
organizer's list, a revealed draw's record) are also sent explicitly.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import strategies as st

from bipin.contests.models import Role
from bipin.contests.services import grant_role
from bipin.inspections import setup, sitedraws
from bipin.testing.apischema import CHECKS, SLUG, run_schemathesis, served_in_this_transaction

EXAMPLES = 15  # per operation and mode (5 more with a generated slug)
DOC = "/api/inspections/openapi.json"


@pytest.fixture
def session(field, client):
    """The organizer, also leading the team: the phone's cookies and CSRF header."""
    grant_role(field.organizer, field.contest, field.organizer, Role.INSPECTOR)
    setup.add_member(field.organizer, field.team, field.organizer, is_leader=True)
    draw = sitedraws.commit_site_draw(field.organizer, field.visit, ["石桥村", "李家村"], 1)
    sitedraws.reveal_site_draw(field.organizer, draw, ["5"])
    client.force_login(field.organizer)
    client.get("/c/test-contest/inspections/record/")  # sets the CSRF cookie, as the page does
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    return cookies, {"X-CSRFToken": cookies["csrftoken"]}


def real_findings(field):
    """Half the generated findings name the real visit and valid choices, so stored
    (201), repeated (200) and refused-by-the-scheme (400) answers are checked too."""

    def flatmap_body(context, body):
        if context.operation.path != "/api/inspections/{slug}/findings" or not isinstance(
            body, dict
        ):
            return st.just(body)
        valid = st.fixed_dictionaries(
            {
                "key": st.sampled_from(["phone-key-0001", "phone-key-0002"]),
                "visit": st.sampled_from([field.visit.pk, str(field.visit.pk)]),
                "item": st.just("实地核查"),
                "category": st.sampled_from(["管网老化", "水表损坏", "自来水"]),
                "severity": st.sampled_from(["一般", "严重"]),
                "description": st.sampled_from(["水表破损", " "]),
            }
        )
        return st.one_of(valid.map(lambda v: body | v), st.just(body))

    return flatmap_body


def real_draws(field):
    """Some draw records asked for are the revealed one, so its 200 answer is checked."""

    def flatmap_path_parameters(context, params):
        if "{visit_id}" not in context.operation.path or not isinstance(params, dict):
            return st.just(params)
        real = {"visit_id": field.visit.pk, "number": 1}
        return st.one_of(st.just(params | real), st.just(params))

    return flatmap_path_parameters


def test_every_answer_of_the_api_is_in_its_openapi_document(field, session):
    with served_in_this_transaction() as app:
        check_the_answers_a_phone_lives_on(field, app, *session)
        seen = run_schemathesis(
            app,
            DOC,
            *session,
            hooks=[
                ("flatmap_body", real_findings(field)),
                ("flatmap_path_parameters", real_draws(field)),
            ],
            examples=EXAMPLES,
        )
    # The generated requests got past the URL and the session, not only to a 404.
    assert {200, 201, 400, 404} <= set(seen), sorted(set(seen))


def check_the_answers_a_phone_lives_on(field, wsgi_app, cookies, headers) -> None:
    schema = schemathesis.openapi.from_wsgi(DOC, wsgi_app)
    finding = {
        "key": "explicit-key-1",
        "visit": field.visit.pk,
        "item": "实地核查",
        "category": "水表损坏",
        "severity": "一般",
        "site": "李家村",
        "description": "水表玻璃破裂",
    }
    other = setup.add_visit(field.organizer, field.team, field.entrants["北原县"])
    submit = schema["/api/inspections/{slug}/findings"]["POST"]
    for body, status in [
        (finding, 201),
        (finding, 200),
        ({**finding, "visit": other.pk}, 409),  # the key was used at another visit
        ({**finding, "key": "explicit-key-2", "category": "自来水"}, 400),
    ]:
        case = submit.Case(path_parameters=SLUG, body=body, media_type="application/json")
        response = case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS)
        assert response.status_code == status, body
    for path, params in [
        ("/api/inspections/{slug}/visits", SLUG),
        ("/api/inspections/{slug}/findings", SLUG),
        ("/api/inspections/{slug}/findings/{key}", SLUG | {"key": "explicit-key-1"}),
        (
            "/api/inspections/{slug}/visits/{visit_id}/draws/{number}.json",
            SLUG | {"visit_id": field.visit.pk, "number": 1},
        ),
    ]:
        case = schema[path]["GET"].Case(path_parameters=params)
        response = case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS)
        assert response.status_code == 200, path
