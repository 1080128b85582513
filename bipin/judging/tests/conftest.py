"""An event-day set-up on the test cast: one panel (脱稿汇报) with judge, judge2
and chief seated, criteria with a maximum and a step."""

from __future__ import annotations

import json

import pytest

from bipin.judging import services
from bipin.judging.refs import entry_ref

CRITERIA = [
    {"id": "content", "name": "内容", "max": 6, "step": 0.5, "descriptor": "内容全面、数据翔实"},
    {"id": "delivery", "name": "表达", "max": 4, "step": 1, "descriptor": "脱稿、流畅"},
]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The cast creates ten users per test; the production hasher makes that seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def event(cast):
    # An off-script report: 8 minutes on the timer, as the 大比拼 scheme declares.
    panel = services.create_panel(cast.organizer, cast.contest, item="report", name="脱稿汇报",
                                  criteria=CRITERIA, timer=480)
    for name in ("judge", "judge2", "chief"):
        services.seat_judge(cast.organizer, panel, cast.users[name])
    cast.panel = panel
    cast.refs = {name: entry_ref(e) for name, e in cast.entrants.items()}
    return cast


@pytest.fixture
def post_sheet(client):
    """POST a sheet as the logged-in user; returns the response."""

    def post(slug, entry, marks, key="key-00000001", panel="report", comment=""):
        return client.post(f"/api/judging/{slug}/sheets", data=json.dumps(
            {"key": key, "panel": panel, "entry": entry, "marks": marks, "comment": comment}),
            content_type="application/json")

    return post
