"""Junk sent to every grid page and API answers a refusal, never a 5xx, and writes nothing."""

import json

import pytest

from bipin.reporting import services
from bipin.reporting.models import Value

from .test_endpoints import ENDPOINTS

JUNK = ["²", "9" * 30, "x" * 5000, "甲", "NaN", "-inf", "1e999", "0x10", " ", "\x00"]


@pytest.mark.parametrize("value", JUNK)
def test_junk_in_every_field_is_refused_without_a_5xx(dept, client_as, value, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fields = {
        f: value for f in ("deadline", "reason", "decision", "entrant", "item", "then", "sheet")
    }
    fields |= {
        services.cell_field(k): value
        for k in [(dept.ids["南川县"], "教育保障"), (dept.ids["教育局"], "教育专项")]
    }
    for who in ("reporter", "reviewer", "organizer"):
        c = client_as(who)
        for url, methods, _, _ in ENDPOINTS:
            for method in methods:
                if method == "get":
                    r = c.get(url, {"page": value})
                elif url.startswith("/api/"):
                    body = {
                        "values": [{"entrant": value, "item": value, "value": value}],
                        "decision": value,
                        "reason": value,
                    }
                    r = getattr(c, method)(url, json.dumps(body), content_type="application/json")
                else:
                    r = c.post(url, fields)
                assert r.status_code < 500, (who, method, url, r.status_code)
    assert not Value.objects.filter(current=True).exclude(value__isnull=True).exists()
