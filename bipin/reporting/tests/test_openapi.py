"""The served OpenAPI document describes every URL and status of the grid API."""

from bipin.reporting import urls

STATUSES = {
    ("/api/reporting/openapi.json", "get"): {"200", "405"},
    ("/api/reporting/{slug}/departments/{department}/grid", "get"): {
        "200",
        "401",
        "403",
        "404",
        "405",
    },
    ("/api/reporting/{slug}/departments/{department}/values", "put"): {
        "200",
        "400",
        "401",
        "403",
        "404",
        "405",
        "409",
        "413",
    },
    ("/api/reporting/{slug}/departments/{department}/submit", "post"): {
        "200",
        "400",
        "401",
        "403",
        "404",
        "405",
        "409",
    },
    ("/api/reporting/{slug}/departments/{department}/review", "post"): {
        "200",
        "400",
        "401",
        "403",
        "404",
        "405",
        "409",
        "413",
    },
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
