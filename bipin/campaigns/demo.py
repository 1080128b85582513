"""A 星级文明户 campaign in the demo (示例数据, all fictional).

示例县 rates its households: 示例镇 has two villages, 示例东村 (150 households)
and 示例西村 (130). The names and house numbers are made up from a fixed seed.
示例东村 is scored in full, sampled and approved by the township, and
published for objections (公示), where a household without a star has objected;
示例西村's scorer has scored the first 60.
``village_scorer`` scores 示例西村, ``village_scorer2`` scored 示例东村,
``township_reviewer`` reviews 示例镇.
"""

from __future__ import annotations

import random

from bipin.campaigns import services
from bipin.campaigns.households import import_households
from bipin.contests.demo import demo_user
from bipin.contests.models import Role

SLUG = "demo-stars"
NAME = "2026年星级文明户评定(示例)"
CHECKLIST = [{"id": "clean", "text": "庭院整洁、物品摆放有序", "points": "30"},
             {"id": "green", "text": "房前屋后绿化美化", "points": "20", "kind": "points"},
             {"id": "thrift", "text": "勤俭节约、移风易俗", "points": "25"},
             {"id": "kin", "text": "孝老爱亲、邻里和睦", "points": "25"},
             {"id": "law", "text": "遵纪守法(否决项)", "veto": True}]
LEVELS = [{"stars": 5, "min": "90"}, {"stars": 4, "min": "80"}, {"stars": 3, "min": "70"}]
TOWNSHIP = "示例镇"
VILLAGES = [("示例东村", 150, 150), ("示例西村", 130, 60)]  # (name, households, scored)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国秀英志明桂兰海军玉梅德华春生丽娟永强红霞文"


def _sheet(rng: random.Random) -> bytes:
    lines = ["示例:虚构的农户名单", "乡镇,村,户主,门牌号"]
    for village, count, _scored in VILLAGES:
        for number in range(1, count + 1):
            head = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            lines.append(f"{TOWNSHIP},{village},{head}(示例),{number}号")
    return ("\n".join(lines) + "\n").encode()


def _answers(rng: random.Random) -> dict:
    return {"clean": rng.random() < 0.85, "green": str(rng.randint(8, 20)),
            "thrift": rng.random() < 0.8, "kin": rng.random() < 0.9, "law": rng.random() < 0.97}


def load(contests: dict, users: dict) -> None:
    organizer = users.get("organizer")
    if organizer is None:
        return
    rng = random.Random(2026)
    campaign = services.create_campaign(organizer, name=NAME, slug=SLUG, county="示例县", checklist=CHECKLIST,
                                        levels=LEVELS, objection_days=7, year=2026, is_demo=True)
    import_households(organizer, campaign, _sheet(rng), "示例农户名单.csv")
    township = campaign.areas.get(name=TOWNSHIP)
    reviewer = demo_user("township_reviewer", "示例镇审核员")
    services.assign_area(organizer, campaign, reviewer, Role.TOWNSHIP_REVIEWER, township)
    scorers = {"示例西村": demo_user("village_scorer", "示例西村评分员"),
               "示例东村": demo_user("village_scorer2", "示例东村评分员")}
    for village_name, _count, scored in VILLAGES:
        village = campaign.areas.get(name=village_name, parent=township)
        scorer = scorers[village_name]
        services.assign_area(organizer, campaign, scorer, Role.VILLAGE_SCORER, village)
        for n, household in enumerate(village.households.order_by("pk")[:scored]):
            services.score_household(scorer, household, _answers(rng), f"demo-{village.pk}-{n}")
    east = campaign.areas.get(name="示例东村")
    services.draw_sample(reviewer, east, 10)
    services.review_village(reviewer, east, "approved")
    services.publish_village(organizer, east)
    vetoed = east.households.filter(scores__superseded_at__isnull=True, scores__stars=0).order_by("pk").first()
    if vetoed is not None:
        services.file_objection(vetoed, "示例:本户已按要求整改,请重新核实是否违纪。")
