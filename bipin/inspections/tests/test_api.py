"""The phone's and a provincial system's JSON API, and its OpenAPI document."""

import json
import re

from bipin.inspections import services, urls
from bipin.inspections.models import Finding
from bipin.inspections.tests.conftest import record


def post(client, field, **fields):
    body = {
        "key": "api-key-000001",
        "visit": field.visit.pk,
        "item": "实地核查",
        "category": "水表损坏",
        "severity": "一般",
        "site": "王家户",
        "description": "水表玻璃破裂",
    } | fields
    return client.post(
        "/api/inspections/test-contest/findings", json.dumps(body), content_type="application/json"
    )


def test_the_inspector_gets_the_visits_with_what_to_pick(field, client_as):
    data = client_as("inspector2").get("/api/inspections/test-contest/visits").json()
    assert data == {
        "visits": [
            {
                "id": field.visit.pk,
                "round": "第一轮实地核查",
                "team": "第一核查组",
                "entrant": "南川县",
                "sites": ["石桥村", "王家户"],
                "draw": None,
                "items": [
                    {
                        "id": "实地核查",
                        "name": "实地核查",
                        "catalogue": ["管网老化", "水表损坏", "公示不到位"],
                        "severities": ["一般", "较重", "严重"],
                    }
                ],
            }
        ]
    }


def test_a_recused_inspector_does_not_get_that_visit(field, client_as):
    from bipin.judging.services import recuse

    recuse(field.organizer, field.contest, field.inspector2, field.entrants["南川县"], "亲属在该县")
    assert client_as("inspector2").get("/api/inspections/test-contest/visits").json() == {
        "visits": []
    }
    r = post(client_as("inspector2"), field)
    assert r.status_code == 404 and Finding.objects.count() == 0


def test_a_finding_is_stored_once_and_a_resend_answers_200(field, client_as):
    client = client_as("inspector2")
    first = post(client, field)
    again = post(client, field)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["created"] is True and again.json()["created"] is False
    assert again.json()["id"] == first.json()["id"] and Finding.objects.count() == 1
    got = client.get("/api/inspections/test-contest/findings/api-key-000001").json()
    assert (got["status"], got["category"], got["recorded_by"]) == (
        "recorded",
        "水表损坏",
        "inspector2",
    )


def test_a_multipart_finding_without_photos_is_stored(field, client_as):
    r = client_as("inspector2").post(
        "/api/inspections/test-contest/findings",
        {
            "key": "api-key-multipart",
            "visit": str(field.visit.pk),
            "item": "实地核查",
            "category": "公示不到位",
            "severity": "严重",
            "site": "",
            "description": "村务公开栏空白",
        },
    )
    assert r.status_code == 201, r.json()
    assert Finding.objects.get().severity == "严重"


def test_bad_input_is_refused_with_the_field(field, client_as):
    r = post(client_as("inspector2"), field, severity="很严重")
    assert r.status_code == 400
    assert r.json()["errors"] == [
        {
            "field": "severity",
            "zh": "严重程度“很严重”不在方案列出的选项中(可选:一般、较重、严重)",
            "en": "severity '很严重' is not one the scheme lists (choose from: 一般, 较重, 严重)",
        }
    ]
    r = post(client_as("inspector2"), field, visit="x", description=3)
    assert {e["field"] for e in r.json()["errors"]} == {"visit", "description"}
    assert Finding.objects.count() == 0


def test_the_organizer_lists_and_filters_findings(field, client_as):
    a, _ = record(field, category="管网老化")
    b, _ = record(field, category="水表损坏", severity="严重")
    services.confirm_finding(field.inspector, b)
    client = client_as("organizer")
    everything = client.get("/api/inspections/test-contest/findings").json()
    assert everything["count"] == 2 and [f["id"] for f in everything["findings"]] == [a.pk, b.pk]
    confirmed = client.get(
        "/api/inspections/test-contest/findings?status=confirmed&severity=严重"
    ).json()
    assert [f["id"] for f in confirmed["findings"]] == [b.pk]


def test_every_api_url_is_in_the_openapi_document(client):
    doc = client.get("/api/inspections/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for pattern in urls.urlpatterns:
        route = str(pattern.pattern)
        if route.startswith("api/") and "<" in route or route == "api/inspections/openapi.json":
            path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
            assert path in doc["paths"], path


def test_the_organizer_page_filters_and_pages(field, client_as):
    for n in range(3):
        record(field, category="管网老化", description=f"问题{n}")
    record(field, category="公示不到位", description="公示栏")
    page = client_as("organizer").get("/c/test-contest/inspections/findings/?category=公示不到位")
    text = page.content.decode()
    assert "公示栏" in text and "问题0" not in text and "共 1 条" in text


def test_the_list_refuses_a_filter_it_cannot_read_rather_than_answering_everything(
    field, client_as
):
    record(field)
    c = client_as("organizer")
    r = c.get("/api/inspections/test-contest/findings?team=true&status=open&page=0")
    assert r.status_code == 400
    assert [(e["field"], e["en"]) for e in r.json()["errors"]] == [
        ("team", "team must be a whole number of at least 1"),
        ("page", "page must be a whole number of at least 1"),
        ("status", "status must be one of recorded, confirmed, withdrawn"),
    ]
    r = c.get("/api/inspections/test-contest/findings?page=2")
    assert r.status_code == 400
    assert r.json()["errors"][0]["zh"] == "没有第 2 页(共 1 页)"
    assert (
        c.get(f"/api/inspections/test-contest/findings?team={field.team.pk}").json()["count"] == 1
    )
