"""An event-day set-up on the test cast: one panel (脱稿汇报) with judge, judge2
and chief seated, criteria with a maximum and a step."""

from __future__ import annotations

import json

import pytest

from bipin.contests import services as contest_services
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


GOE_SCHEME = """
contest: 示例滑冰
groups: [县, 部门]
panels:
  goe:
    aggregate: trimmed
    criteria:
      - {id: 执行分, min: -5, max: 5, step: 1}
dimensions:
  - name: 短节目
    indicators:
      - {name: 要素, points: 10, source: panel, panel: goe, rule: "scaled(max=10)"}
"""


@pytest.fixture
def goe(event):
    """A signed panel (GOE −5 … +5) from the scheme, on stage, with judge seated."""
    contest_services.upload_scheme(event.organizer, event.contest, GOE_SCHEME.encode(), "s.yaml")
    panel = services.create_panel_from_scheme(event.organizer, event.contest, "goe", "执行分")
    services.seat_judge(event.organizer, panel, event.judge)
    stage = services.stage_of(event.contest)
    stage.panel = panel
    stage.save(update_fields=["panel"])
    return panel
