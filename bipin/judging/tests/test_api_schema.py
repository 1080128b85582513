"""A property-based run of the judges' API against its own OpenAPI document.

schemathesis reads the document the app serves and sends generated requests,
both ones the document allows and ones it forbids, to the WSGI app in this
process (no network), as a logged-in judge with the CSRF token the phone sends.
Every answer must be in the document: no 5xx, a documented status, content
type, headers and body, 405 with Allow for an undocumented method, and a
request the document forbids is refused. The run is bounded and derandomized,
so it costs the same few seconds on every run; the answers a phone depends on
(stored, resent, locked, unchanged) are also sent explicitly, so they are
checked whatever the generator happens to reach.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import strategies as st

from bipin.testing.apischema import CHECKS, run_schemathesis, served_in_this_transaction

EXAMPLES = 15  # per operation and mode (5 more with a generated slug): ~250 requests


@pytest.fixture
def judge_session(event, client):
    """The cookies and header of a judge's phone: session, CSRF cookie and token.

    The chief judge scores on the panel and also watches the big screen and the
    console, so one session reaches every answer. (A 403 is JSON in the documented
    shape too: test_api_errors.py refuses a sheet without its CSRF token.)
    """
    client.force_login(event.chief)
    client.get("/c/test-contest/judging/score/")  # sets the CSRF cookie, as the page does
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    return cookies, {"X-CSRFToken": cookies["csrftoken"]}


def real_sheets(event):
    """Half the generated sheets name a real panel and entry, some with valid marks,
    so stored sheets (201), repeats (200) and locked ones (409) are checked too."""
    refs = [event.refs[name] for name in sorted(event.refs)]  # not by ref: ids vary by run

    def flatmap_body(context, body):
        if context.operation.path != "/api/judging/{slug}/sheets" or not isinstance(body, dict):
            return st.just(body)
        real = st.fixed_dictionaries({"panel": st.just("report"), "entry": st.sampled_from(refs)})
        valid = st.fixed_dictionaries({
            "key": st.sampled_from(["phone-key-0001", "phone-key-0002"]),
            "marks": st.fixed_dictionaries({"content": st.sampled_from(["0", "5.5", 6]),
                                            "delivery": st.sampled_from(["4", 1, "0"])})})
        return st.one_of(st.tuples(real, valid).map(lambda rv: body | rv[0] | rv[1]),
                         real.map(lambda r: body | r), st.just(body))

    return flatmap_body


def current_etags(event):
    """Some polls send the ETag the screen last saw, so the 304 answer is checked too."""
    from bipin.judging.services import stage_of

    def etag():
        return f'"{event.contest.pk}-{stage_of(event.contest).version}"'

    def flatmap_headers(context, headers):
        if "If-None-Match" not in (headers or {}):
            return st.just(headers)
        return st.one_of(st.builds(lambda: headers | {"If-None-Match": etag()}), st.just(headers))

    return flatmap_headers


def test_every_answer_of_the_api_is_in_its_openapi_document(event, judge_session):
    with served_in_this_transaction() as app:
        check_the_answers_a_phone_lives_on(event, app, *judge_session)
        seen = run_schemathesis(app, "/api/judging/openapi.json", *judge_session,
                                hooks=[("flatmap_body", real_sheets(event)),
                                       ("flatmap_headers", current_etags(event))],
                                examples=EXAMPLES)
    # The generated requests got past the URL and the session, not only to a 404.
    assert {200, 400, 404} <= set(seen), sorted(set(seen))


def check_the_answers_a_phone_lives_on(event, wsgi_app, cookies, headers) -> None:
    """Stored (201), resent (200), locked (409) and unchanged (304), each checked
    against the document too, whatever the generated run happened to reach."""
    from bipin.judging import services

    schema = schemathesis.openapi.from_wsgi("/api/judging/openapi.json", wsgi_app)
    slug = {"slug": "test-contest"}
    sheet = {"key": "explicit-key-1", "panel": "report", "entry": event.refs["北原县"],
             "marks": {"content": "5.5", "delivery": 3}, "comment": "表达清楚"}
    services.submit_sheet(event.chief, event.panel, event.entrants["南川县"], key="scored-first",
                          marks={"content": "5", "delivery": "3"})
    submit = schema["/api/judging/{slug}/sheets"]["POST"]
    for body, status in [(sheet, 201), (sheet, 200),
                         ({**sheet, "key": "explicit-key-2", "entry": event.refs["南川县"]}, 409)]:
        case = submit.Case(path_parameters=slug, body=body)
        assert case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS
                                      ).status_code == status, body
    board = schema["/api/judging/{slug}/board"]["GET"]
    etag = board.Case(path_parameters=slug).call(headers=headers, cookies=cookies).headers["etag"]
    case = board.Case(path_parameters=slug, headers={"If-None-Match": etag[0]})
    assert case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS).status_code == 304
