"""The served OpenAPI document describes every API URL."""

from django.urls import get_resolver

from bipin.judging import urls


def test_every_api_url_is_in_the_openapi_document(client):
    doc = client.get("/api/judging/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for pattern in urls.urlpatterns:
        route = str(pattern.pattern)
        if not route.startswith("api/"):
            continue
        path = "/" + route.replace("<slug:slug>", "{slug}").replace("<str:key>", "{key}").replace(
            "<int:number>", "{number}")
        assert path in doc["paths"], path
    assert get_resolver()  # the URLconf imports cleanly


def test_the_openapi_document_needs_get(client):
    assert client.post("/api/judging/openapi.json").status_code == 405
