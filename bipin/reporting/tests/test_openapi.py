"""The served OpenAPI document describes every URL and status of the grid API."""

from bipin.reporting import urls

SIGNED_IN = {"401", "403", "404", "405"}
GRID = "/api/reporting/{slug}/departments/{department}/"
STATUSES = {
    ("/api/reporting/openapi.json", "get"): {"200", "405"},
    (GRID + "grid", "get"): {"200", *SIGNED_IN},
    (GRID + "values", "put"): {"200", "400", *SIGNED_IN, "409", "413"},
    (GRID + "submit", "post"): {"200", "400", *SIGNED_IN, "409"},
    (GRID + "review", "post"): {"200", "400", *SIGNED_IN, "409", "413"},
}


def test_every_api_url_and_status_is_in_the_document(client):
    doc = client.get("/api/reporting/openapi.json").json()
    for pattern in urls.urlpatterns:
        route = str(pattern.pattern)
        if route.startswith("api/") and not route.startswith("^"):
            path = "/" + route.replace("<slug:slug>", "{slug}").replace(
                "<str:department>", "{department}"
            )
            assert path in doc["paths"], path
    documented = {
        (p, m): set(op["responses"]) for p, ops in doc["paths"].items() for m, op in ops.items()
    }
    assert documented == STATUSES
