"""A panel of four judges on the test cast's three entrants, one of them severe.

Content and delivery (step 0.5 each, so one step of the total is 1 point):
judges one to three mark close to each other; judge four gives 2 points less
on every criterion, so 4 points less per sheet: −4.00 against the others on
all three entrants, and every one of their marks is 4 steps from the panel.
"""

from __future__ import annotations

import pytest

from bipin.contests import services as contest_services
from bipin.contests.models import Role
from bipin.judging import services
from bipin.testing.cast import make_user

CRITERIA = [
    {"id": "content", "name": "内容", "max": 10, "step": 0.5},
    {"id": "delivery", "name": "表达", "max": 10, "step": 0.5},
]
BASE = {"南川县": 7.0, "北原县": 6.0, "教育局": 8.0}
# (content offset, delivery offset) per judge
OFFSETS = {"judge": (0, 0), "judge2": (0.5, 0), "judge3": (0, -0.5), "judge4": (-2, -2)}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_panel(cast):
    """The panel of four judges on ``cast`` (judge3 and judge4 made here)."""
    for name in ("judge3", "judge4"):
        cast.users[name] = make_user(name, f"评委{name[-1]}", contest=cast.contest)
        contest_services.grant_role(cast.organizer, cast.contest, cast.users[name], Role.JUDGE)
    p = services.create_panel(cast.organizer, cast.contest, item="report", name="脱稿汇报", criteria=CRITERIA)
    for name in OFFSETS:
        services.seat_judge(cast.organizer, p, cast.users[name])
    return p


@pytest.fixture
def panel(cast):
    return make_panel(cast)


def file_sheet(cast, panel, judge: str, entrant: str, offsets=None):
    content, delivery = offsets or OFFSETS[judge]
    base = BASE[entrant]
    return services.submit_sheet(cast.users[judge], panel, cast.entrants[entrant],
                                 key=f"k-{judge}-{cast.entrants[entrant].pk}-{panel.pk}",
                                 marks={"content": base + content, "delivery": base + delivery})[0]


@pytest.fixture
def scored(cast, panel):
    for judge in OFFSETS:
        for entrant in BASE:
            file_sheet(cast, panel, judge, entrant)
    return panel
