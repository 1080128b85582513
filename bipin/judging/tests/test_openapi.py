"""The served OpenAPI document describes every API URL, every status it
answers, and what it refuses (the schema and the API agree both ways)."""

import json

import pytest
from django.urls import get_resolver

from bipin.judging import urls
from bipin.judging.models import Sheet


def test_every_api_url_is_in_the_openapi_document(client):
    doc = client.get("/api/judging/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for pattern in urls.urlpatterns:
        route = str(pattern.pattern)
        if not route.startswith("api/"):
            continue
        path = "/" + route.replace("<slug:slug>", "{slug}").replace("<str:key>", "{key}").replace(
            "<id:number>", "{number}").replace("<str:token>", "{token}")
        assert path in doc["paths"], path
    assert get_resolver()  # the URLconf imports cleanly


def test_the_openapi_document_needs_get(client):
    assert client.post("/api/judging/openapi.json").status_code == 405


# Every status each operation can answer; the document must name each one.
STATUSES = {
    ("/api/judging/openapi.json", "get"): {"200", "405"},
    ("/api/judging/{slug}/tasks", "get"): {"200", "401", "403", "404", "405"},
    ("/api/judging/{slug}/sheets", "post"): {"200", "201", "400", "401", "403", "404", "405",
                                              "409", "413"},
    ("/api/judging/{slug}/sheets/{key}", "get"): {"200", "401", "403", "404", "405"},
    ("/api/judging/{slug}/board", "get"): {"200", "304", "401", "403", "404", "405"},
    ("/api/judging/{slug}/console", "get"): {"200", "304", "401", "403", "404", "405"},
    ("/api/judging/{slug}/draws/{number}.json", "get"): {"200", "404", "405"},
    ("/api/judging/screen/{token}/board", "get"): {"200", "304", "404", "405"},
}


def test_every_status_the_api_answers_is_documented(client):
    doc = client.get("/api/judging/openapi.json").json()
    documented = {(path, method): set(op["responses"])
                  for path, ops in doc["paths"].items() for method, op in ops.items()}
    assert documented == STATUSES
    for (path, method), statuses in STATUSES.items():
        for status in statuses - {"200", "201", "304"}:
            schema = doc["paths"][path][method]["responses"][status]["content"]["application/json"]
            assert schema["schema"] == {"$ref": "#/components/schemas/Errors"}, (path, status)


def post(client, event, **fields):
    body = {"key": "schema-key-001", "panel": "report", "entry": event.refs["南川县"],
            "marks": {"content": "5", "delivery": "3"}} | fields
    return client.post("/api/judging/test-contest/sheets", json.dumps(body),
                       content_type="application/json")


def test_a_sheet_without_marks_is_refused_and_the_schema_says_so(event, client_as, client):
    doc = client.get("/api/judging/openapi.json").json()
    assert doc["components"]["schemas"]["SheetIn"]["properties"]["marks"]["minProperties"] == 1
    r = post(client_as("judge"), event, marks={})
    assert r.status_code == 400 and [e["field"] for e in r.json()["errors"]] == ["marks"]
    assert not Sheet.objects.exists()


@pytest.mark.parametrize("comment", [123, None, ["好"], {"text": "好"}, True])
def test_a_comment_that_is_not_text_is_refused(event, client_as, comment):
    r = post(client_as("judge"), event, comment=comment)
    assert r.status_code == 400
    assert r.json()["errors"] == [{"field": "comment", "zh": "评价指导须为文字",
                                   "en": "comment must be a string"}]
    assert not Sheet.objects.exists()


def test_a_comment_over_the_documented_length_is_refused_not_cut(event, client_as, client):
    limit = client.get("/api/judging/openapi.json").json()[
        "components"]["schemas"]["SheetIn"]["properties"]["comment"]["maxLength"]
    judge = client_as("judge")
    r = post(judge, event, comment="长" * (limit + 1))
    assert r.status_code == 400
    assert r.json()["errors"] == [{"field": "comment", "zh": f"评价指导不能超过 {limit} 字",
                                   "en": f"comment: at most {limit} characters"}]
    assert not Sheet.objects.exists()
    r = post(judge, event, comment="长" * limit)
    assert r.status_code == 201 and Sheet.objects.get().comment == "长" * limit


@pytest.mark.parametrize("field", ["key", "panel", "entry"])
def test_a_required_field_that_is_not_text_is_refused_naming_it(event, client_as, field):
    r = post(client_as("judge"), event, **{field: 12345678})
    assert r.status_code == 400 and [e["field"] for e in r.json()["errors"]] == [field]
