"""Every refusal of the judges' API is JSON, whoever refuses: the view, a
decorator, the CSRF check or the URL resolver. The phone shows ``zh``/``en``
and keeps its unsent sheets on 401/403, so an HTML error page is a lost message.
"""

import json

import pytest
from django.test import Client

from bipin.judging import draws

GOOD = {"content": "5", "delivery": "3"}
API = [
    ("/api/judging/openapi.json", "GET"),
    ("/api/judging/test-contest/tasks", "GET"),
    ("/api/judging/test-contest/sheets", "POST"),
    ("/api/judging/test-contest/sheets/some-key-0001", "GET"),
    ("/api/judging/test-contest/board", "GET"),
    ("/api/judging/test-contest/console", "GET"),
    ("/api/judging/test-contest/draws/1.json", "GET"),
]


def errors(response):
    assert response["Content-Type"] == "application/json", response.content[:200]
    body = response.json()
    assert body["errors"] and all(set(e) == {"field", "zh", "en"} for e in body["errors"])
    return body["errors"]


@pytest.mark.parametrize("url, allowed", API, ids=[u for u, _ in API])
def test_a_wrong_method_is_a_json_405_that_names_the_allowed_one(event, client_as, url, allowed):
    draws.commit_draw(event.organizer, event.contest)
    client = client_as("organizer")
    for method in {"GET", "POST", "PUT", "PATCH", "DELETE"} - {allowed}:
        r = client.generic(method, url)
        assert r.status_code == 405, method
        assert r["Allow"] == allowed
        assert errors(r)[0]["zh"] == "不支持该请求方法"


def test_a_sheet_without_the_csrf_token_is_a_json_403(event):
    phone = Client(enforce_csrf_checks=True)
    phone.force_login(event.judge)
    body = json.dumps({"key": "csrf-key-0001", "panel": "report", "entry": event.refs["南川县"],
                       "marks": GOOD})
    r = phone.post("/api/judging/test-contest/sheets", body, content_type="application/json")
    assert r.status_code == 403
    assert errors(r)[0]["zh"] == "安全校验未通过,请刷新页面"
    phone.get("/c/test-contest/judging/score/")  # the page sets the CSRF cookie
    token = phone.cookies["csrftoken"].value
    r = phone.post("/api/judging/test-contest/sheets", body, content_type="application/json",
                   headers={"X-CSRFToken": token})
    assert r.status_code == 201


@pytest.mark.parametrize("url", [
    "/api/judging/test-contest/nothing-here",
    "/api/judging/test-contest/tasks/",
    "/api/judging/test-contest/sheets/a/b",
    "/api/judging/not a slug!/tasks",
    "/api/judging/test-contest/draws/-1.json",
    "/api/judging/",
])
def test_an_unknown_api_url_is_a_json_404(event, client_as, url):
    for method in ("get", "post"):
        r = getattr(client_as("judge"), method)(url)
        assert r.status_code == 404
        assert errors(r)[0]["zh"] == "没有这个评分对象"


def test_a_body_over_the_upload_limit_is_a_json_413(event, client_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"key": "big-key-0001", "panel": "report", "entry": event.refs["南川县"],
                       "marks": GOOD, "comment": "长" * 1000})
    r = client_as("judge").post("/api/judging/test-contest/sheets", body,
                                content_type="application/json")
    assert r.status_code == 413
    assert errors(r)[0]["en"] == "the request is too large"


@pytest.mark.parametrize("body", ["[]", "null", '"text"', "{", "\xff"])
def test_a_body_that_is_not_a_json_object_is_a_json_400(event, client_as, body):
    r = client_as("judge").post("/api/judging/test-contest/sheets", body,
                                content_type="application/json")
    assert r.status_code == 400
    errors(r)
