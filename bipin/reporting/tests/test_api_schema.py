"""A property-based run of the department grid API against its own OpenAPI document.

As for the judges' and the inspections' APIs (all use bipin.testing.apischema):
schemathesis reads the document the app serves and sends generated requests,
allowed and forbidden ones, to the WSGI app in this process, logged in with
the CSRF token a script sends. Every answer must be in the document: no 5xx,
a documented status, content type and body, 405 with Allow for an
undocumented method, and a forbidden request refused. The session is 教育局's
reporter who is also its reviewer, so one session reaches every operation.
Bounded and derandomized; the answers a provincial system depends on (saved,
resent unchanged, refused cell, locked while submitted, approved, corrected)
are also sent explicitly, leaving the grid reopened so the generated run can
still save, submit and review.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import strategies as st

from bipin.contests.models import Role
from bipin.contests.services import grant_role
from bipin.reporting import services
from bipin.testing.apischema import CHECKS, SLUG, run_schemathesis, served_in_this_transaction

DOC = "/api/reporting/openapi.json"
DEPT = {"department": "教育局"}
# 教育局's six cells (tests/conftest.py), named as the API names entrants.
CELLS = [
    ("A01", "教育保障"),
    ("A01", "控辍保学率"),
    ("北原县", "教育保障"),
    ("A02", "控辍保学率"),
    ("B01", "教育专项"),
    ("B01", "教育保障"),
]


@pytest.fixture
def session(dept, client):
    """教育局's reporter, also its reviewer: a script's cookies and CSRF header."""
    grant_role(dept.organizer, dept.contest, dept.reporter, Role.DEPT_REVIEWER, department="教育局")
    client.force_login(dept.reporter)
    client.get("/c/test-contest/reporting/d/教育局/")  # sets the CSRF cookie, as the page does
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    return cookies, {"X-CSRFToken": cookies["csrftoken"]}


def real_bodies(context, body):
    """Half the generated bodies name real cells with values in and out of range,
    and real decisions, so saved (200), refused (400) and locked (409) answers
    are checked too."""
    if not isinstance(body, dict):
        return st.just(body)
    if context.operation.path.endswith("/values"):
        cell = st.sampled_from(CELLS).flatmap(
            lambda c: st.fixed_dictionaries(
                {
                    "entrant": st.just(c[0]),
                    "item": st.just(c[1]),
                    "value": st.sampled_from(["8", 7.5, 9, "100", None, "12", "-1", "九"]),
                }
            )
        )
        valid = st.fixed_dictionaries(
            {
                "values": st.lists(
                    cell, min_size=1, max_size=6, unique_by=lambda c: (c["entrant"], c["item"])
                ),
                "reason": st.sampled_from(["省平台复核更正", "", " "]),
            }
        )
        return st.one_of(valid.map(lambda v: body | v), st.just(body))
    if context.operation.path.endswith("/review"):
        valid = st.fixed_dictionaries(
            {
                "decision": st.sampled_from(["approve", "return"]),
                "reason": st.sampled_from(["数据需核实", ""]),
            }
        )
        return st.one_of(valid.map(lambda v: body | v), st.just(body))
    return st.just(body)


def test_every_answer_of_the_api_is_in_its_openapi_document(dept, session):
    with served_in_this_transaction() as app:
        check_the_answers_a_provincial_system_lives_on(dept, app, *session)
        # The department fixed too, so forbidden bodies reach the real grid, not a 404.
        fixed, hooks = SLUG | DEPT, [("flatmap_body", real_bodies)]
        seen = run_schemathesis(app, DOC, *session, hooks=hooks, path_parameters=fixed)
    # The generated requests got past the URL and the session, not only to a 404.
    assert {200, 400, 404, 409} <= set(seen), sorted(set(seen))


def check_the_answers_a_provincial_system_lives_on(dept, wsgi_app, cookies, headers) -> None:
    schema = schemathesis.openapi.from_wsgi(DOC, wsgi_app)
    base = "/api/reporting/{slug}/departments/{department}/"
    full = {"values": [{"entrant": e, "item": i, "value": "8"} for e, i in CELLS]}
    one = {"values": [{"entrant": "A01", "item": "教育保障", "value": "7"}]}
    for method, path, body, status in [
        ("GET", "grid", None, 200),
        ("PUT", "values", {"values": [{"entrant": "A01", "item": "教育保障", "value": "12"}]}, 400),
        ("POST", "submit", None, 400),  # cells still blank
        ("PUT", "values", full, 200),
        ("PUT", "values", full, 200),  # resent: nothing changes
        ("PUT", "values", {"values": [{"entrant": "A01", "item": "教育保障"}]}, 400),  # no value
        ("POST", "review", {"decision": "approve"}, 409),  # not submitted yet
        ("POST", "submit", None, 200),
        ("PUT", "values", one, 409),  # submitted: locked
        ("POST", "review", {"decision": "approve"}, 200),
        ("PUT", "values", one, 400),  # a correction needs a reason
        ("PUT", "values", {**one, "reason": 7}, 400),  # a reason is text
        ("PUT", "values", {**one, "reason": "省平台复核更正"}, 200),
        ("PUT", "values", {**one, "reason": "省平台复核更正"}, 400),  # resent: nothing to correct
        ("POST", "review", {"decision": "return", "reason": "重新核实"}, 409),  # approved
    ]:
        operation = schema[base + path][method]
        kwargs = {"media_type": "application/json", "body": body} if body is not None else {}
        case = operation.Case(path_parameters=SLUG | DEPT, **kwargs)
        response = case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS)
        assert response.status_code == status, (method, path, body, response.text)
    # Leave the grid reopened, so the generated run saves, submits and reviews again.
    sub = services.submission_of(dept.contest, "教育局")
    services.reopen(dept.organizer, sub, "再次填报")
