"""A 星级文明户 campaign run by the test cast's organizer.

Households come from a sheet: 东河镇 has 甲村 (three households) and 乙村 (two),
西山乡 has 丙村 (one). ``scorer_a`` scores 甲村, ``scorer_b`` 乙村, ``reviewer_e``
reviews 东河镇 and ``reviewer_w`` 西山乡. The cast's judge is in the test contest
but not in the campaign; the other organizer and the bystander are in neither;
``helper`` holds a judge's role in the campaign, but no part of it.

The checklist: 庭院整洁 40 (yes/no), 绿化美化 0–30 (points), 孝老爱亲 30 (yes/no)
and 遵纪守法 (veto); 五星 ≥ 90, 四星 ≥ 80, 三星 ≥ 60; objections for 7 days.
"""

from __future__ import annotations

import itertools

import pytest

from bipin.campaigns import services
from bipin.campaigns.households import import_households
from bipin.campaigns.models import Area, Level
from bipin.contests import services as contests
from bipin.contests.models import Role
from bipin.testing.cast import make_user

CHECKLIST = [{"id": "clean", "text": "庭院整洁", "points": "40"},
             {"id": "green", "text": "绿化美化", "points": "30", "kind": "points"},
             {"id": "kin", "text": "孝老爱亲", "points": "30"},
             {"id": "law", "text": "遵纪守法", "veto": True}]
LEVELS = [{"stars": 5, "min": "90"}, {"stars": 4, "min": "80"}, {"stars": 3, "min": "60"}]
SHEET = ("2026年星级文明户名单\n乡镇,村,户主,门牌号,备注\n"
         "东河镇,甲村,张一,1号,\n东河镇,甲村,李二,2号,\n东河镇,甲村,王三,3号,\n"
         "东河镇,乙村,赵四,1号,\n东河镇,乙村,钱五,2号,\n西山乡,丙村,孙六,1号,\n")
FULL = {"clean": True, "green": "30", "kin": True, "law": True}  # 100 points, five stars
_keys = itertools.count(1)


def key() -> str:
    return f"key-{next(_keys)}"


def area(campaign, name: str) -> Area:
    return campaign.areas.get(name=name)


def household(campaign, village: str, number: str):
    return campaign.households.get(village__name=village, house_number=number)


def score(campaign, who, village: str, number: str, answers=None):
    found = household(campaign, village, number)
    return services.score_household(who, found, answers or FULL, key())[0]


def score_all(campaign, who, village: str, answers=None) -> None:
    for h in area(campaign, village).households.all():
        services.score_household(who, h, answers or FULL, key())


@pytest.fixture
def campaign(cast):
    c = services.create_campaign(cast.organizer, name="2026年星级文明户评定", slug="stars", county="示例县",
                                 checklist=CHECKLIST, levels=LEVELS, objection_days=7, year=2026)
    import_households(cast.organizer, c, SHEET.encode(), "名单.csv")
    for username, role, place in [("scorer_a", Role.VILLAGE_SCORER, "甲村"),
                                  ("scorer_b", Role.VILLAGE_SCORER, "乙村"),
                                  ("reviewer_e", Role.TOWNSHIP_REVIEWER, "东河镇"),
                                  ("reviewer_w", Role.TOWNSHIP_REVIEWER, "西山乡")]:
        cast.users[username] = make_user(username, contest=c.contest)
        services.assign_area(cast.organizer, c, cast.users[username], role, area(c, place))
    cast.users["helper"] = make_user("helper", contest=c.contest)
    contests.grant_role(cast.organizer, c.contest, cast.users["helper"], Role.JUDGE)
    return c


@pytest.fixture
def village_a(campaign):
    return campaign.areas.get(level=Level.VILLAGE, name="甲村")
