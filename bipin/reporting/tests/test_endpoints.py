"""Every department-grid endpoint: wrong method, strangers, roles that may not.

A table keeps the checks for every URL in one place; what each page does is
tested in its own file.
"""

import pytest

D = "/c/test-contest/reporting/d/教育局/"
A = "/api/reporting/test-contest/departments/教育局/"

# (url, allowed methods, a role that may use it, roles refused with 403)
OUTSIDERS = {"inspector", "entrant", "health", "judge"}
ENDPOINTS = [
    ("/c/test-contest/reporting/", {"get"}, "organizer", {"inspector", "entrant", "judge"}),
    (D, {"get", "post"}, "reporter", OUTSIDERS),
    (D + "template.xlsx", {"get"}, "reporter", OUTSIDERS),
    (D + "upload/", {"post"}, "reporter", OUTSIDERS | {"reviewer", "organizer"}),
    (D + "submit/", {"post"}, "reporter", OUTSIDERS | {"reviewer", "organizer"}),
    (D + "review/", {"post"}, "reviewer", OUTSIDERS | {"reporter", "organizer"}),
    (D + "reopen/", {"post"}, "organizer", OUTSIDERS | {"reporter", "reviewer"}),
    (D + "deadline/", {"post"}, "organizer", OUTSIDERS | {"reporter", "reviewer"}),
    (D + "history/", {"get"}, "reviewer", OUTSIDERS),
    (D + "evidence/", {"post"}, "reporter", OUTSIDERS | {"organizer"}),
    (A + "grid", {"get"}, "reporter", OUTSIDERS),
    (A + "values", {"put"}, "reporter", OUTSIDERS | {"reviewer", "organizer"}),
    (A + "submit", {"post"}, "reporter", OUTSIDERS | {"reviewer", "organizer"}),
    (A + "review", {"post"}, "reviewer", OUTSIDERS | {"reporter", "organizer"}),
]
IDS = [e[0] for e in ENDPOINTS]


def _call(client, method, url):
    if method in ("post", "put"):
        return getattr(client, method)(url, data="{}", content_type="application/json")
    return getattr(client, method)(url)


@pytest.mark.parametrize("url, methods, user, refused", ENDPOINTS, ids=IDS)
def test_each_endpoint_refuses_a_wrong_method(dept, client_as, url, methods, user, refused):
    client = client_as(user)
    for method in {"get", "post", "put", "delete"} - methods:
        assert _call(client, method, url).status_code == 405, method


@pytest.mark.parametrize("url, methods, user, refused", ENDPOINTS, ids=IDS)
def test_each_endpoint_hides_the_contest_from_strangers(
    dept, client_as, url, methods, user, refused
):
    for name in ("bystander", "other_organizer"):
        client = client_as(name)
        for method in methods:
            r = _call(client, method, url)
            assert r.status_code == 404, (name, method, r.status_code)


@pytest.mark.parametrize("url, methods, user, refused", ENDPOINTS, ids=IDS)
def test_each_endpoint_refuses_the_wrong_role(dept, client_as, url, methods, user, refused):
    for name in sorted(refused):
        client = client_as(name)
        for method in methods:
            assert _call(client, method, url).status_code == 403, (name, method)


@pytest.mark.parametrize("url, methods, user, refused", ENDPOINTS, ids=IDS)
def test_each_endpoint_lets_its_role_in(dept, client_as, url, methods, user, refused):
    client = client_as(user)
    for method in methods:
        assert _call(client, method, url).status_code not in (401, 403, 404, 405), method


def test_an_unknown_department_is_404(dept, client_as):
    assert client_as("organizer").get("/c/test-contest/reporting/d/不存在/").status_code == 404
    assert (
        client_as("reporter").get("/api/reporting/test-contest/departments/不存在/grid").status_code
        == 404
    )
    assert client_as("reporter").get("/api/reporting/nothing-here").json()["errors"][0]["en"]


def test_anonymous_visitors_are_sent_to_log_in_and_the_api_answers_401(dept, client):
    for url, methods, _, _ in ENDPOINTS:
        r = _call(client, sorted(methods)[0], url)
        if url.startswith("/api/"):
            assert r.status_code == 401 and r.json()["errors"][0]["zh"] == "请重新登录", url
        else:
            assert r.status_code == 302 and "/accounts/login" in r["Location"], url
