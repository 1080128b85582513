"""Junk sent to every periodic page, as the people who get past its access check:
a refusal or a message, never a 5xx."""

from bipin.periodic.urls import urlpatterns

from .conftest import fill

JUNK = ["²", "9" * 30, "x" * 5000, "甲", "NaN", "1e999999", "-0"]
FIELDS = [
    "name",
    "level",
    "parent",
    "entrant",
    "username",
    "duty",
    "periodicity",
    "to_city",
    "code",
    "label",
    "kind",
    "unit",
    "minimum",
    "maximum",
    "numerator",
    "denominator",
    "first",
    "last",
    "deadline_days",
    "leaf",
    "combine",
    "reason",
    "v-households",
    "v-helped",
    "v-note",
    "sheet",
]


def test_no_periodic_page_answers_5xx_to_junk(area, client):
    report = fill(area, "2026-01", "丙镇", 10, 9)
    ids = {
        "slug": "test-contest",
        "form_id": area.form.pk,
        "period_id": report.period_id,
        "unit_id": area.towns["丙镇"].pk,
        "field_id": area.households.pk,
        "person_id": area.towns["丙镇"].people.first().pk,
    }
    failures = []
    for pattern in urlpatterns:
        route = str(pattern.pattern)
        url = "/" + route
        for key, value in ids.items():
            url = url.replace(f"<slug:{key}>", str(value)).replace(f"<id:{key}>", str(value))
        for who in ("organizer", "reporter2", "reviewer2", "city"):
            client.force_login(area.users[who])
            for value in JUNK:
                r = client.post(url, dict.fromkeys(FIELDS, value))
                if r.status_code >= 500:
                    failures.append((who, url, value[:10], r.status_code))
            if client.get(url, {"page": "²"}).status_code >= 500:
                failures.append((who, url, "get"))
    assert failures == []
