"""评审委员会 in the city demo (示例数据, all fictional).

The city's demo judges sit on a standing committee for a year of TV and radio
programmes: the chief judge chairs it, 示例评委一 is its deputy, 示例评委二 to 四
are members. 示例评委三 declared a conflict with 示例县融媒体中心 (a fictional
former employer), so the round robin skips them for that party's entries; the
others declared none, except 示例评委二, who has not declared yet. Four
programmes arrived over the past months: two decided under the committee's
mean rule (one approved with a dissent, one rejected), one reopened by the
organizer after the party sent more material and decided again, and the
newest waiting for two of its three reviews.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from bipin.committees import services
from bipin.contests.demo import CITY_SLUG

NAME = "2026年度示例节目评审委员会(示例)"
RUBRIC = [{"id": "guide", "name": "导向把握", "max": "40"},
          {"id": "content", "name": "内容质量", "max": "30"},
          {"id": "craft", "name": "制作水平", "max": "30"}]
SEATS = [("chief", "chair"), ("judge1", "deputy"), ("judge2", "member"), ("judge3", "member"),
         ("judge4", "member")]
CONFLICTED = ("judge3", "示例县融媒体中心")
# (title, party, days ago received, {reviewer: (guide, content, craft, vote, comment)})
ENTRIES = [
    ("《示例农技课堂》第3期", "示例农业广播站", 120, {
        "chief": (30, 20, 18, "reject", "示例:选题好,但讲解过快,农户难以跟上。"),
        "judge1": (28, 18, 16, "reject", "示例:字幕错漏较多,建议重新剪辑。"),
        "judge2": (32, 22, 20, "approve", "示例:内容实用,可以播出。"),
    }),
    ("《示例乡村新貌》第1期", "示例县融媒体中心", 90, {
        "judge4": (36, 26, 25, "approve", "示例:导向正确,画面生动。"),
        "chief": (35, 25, 24, "approve", "示例:结构清楚,同意播出。"),
        "judge1": (30, 20, 20, "reject", "示例:采访对象单一,代表性不足。"),
    }),
    ("《示例非遗故事》第2期", "示例县文化馆", 60, {
        "judge2": (28, 18, 16, "reject", "示例:传承人讲述不完整。"),
        "judge3": (34, 24, 22, "approve", "示例:非遗介绍准确。"),
        "judge4": (28, 18, 17, "reject", "示例:时长超出规定。"),
    }),
    ("《示例山村教师》专题片", "示例县融媒体中心", 7, {
        "chief": (37, 27, 26, "approve", "示例:人物真实感人,建议播出。"),
    }),
]
REOPENED = "《示例非遗故事》第2期"
REVISED = {"judge2": (35, 25, 23, "approve", "示例:补充传承人完整访谈后,同意播出。"),
           "judge4": (34, 24, 22, "approve", "示例:已按规定剪辑到时长以内。")}


def _review(entry, who, users, given) -> None:
    guide, content, craft, vote, comment = given
    assignment = entry.assignments.get(member__user=users[who])
    services.submit_review(users[who], assignment, vote=vote, comment=comment,
                           scores={"guide": guide, "content": content, "craft": craft})


def load(contests: dict, users: dict) -> None:
    city, organizer = contests.get(CITY_SLUG), users.get("organizer")
    if city is None or organizer is None or any(who not in users for who, _ in SEATS):
        return
    today = timezone.localdate()
    committee = services.create_committee(
        organizer, city, name=NAME, term_start=today - datetime.timedelta(days=150),
        term_end=today + datetime.timedelta(days=215), rule="mean", pass_mark="70",
        reviewers_per_entry=3, rubric=RUBRIC)
    seats = {who: services.appoint(organizer, committee, users[who], position)
             for who, position in SEATS}
    who, party = CONFLICTED
    services.declare_conflicts(users[who], seats[who], party)
    for nothing in ("chief", "judge1", "judge4"):  # judge2 has not declared yet
        services.declare_conflicts(users[nothing], seats[nothing], "无")
    for title, party, days, reviews in ENTRIES:
        entry = services.add_entry(
            organizer, committee, title=title, party=party,
            received_on=today - datetime.timedelta(days=days),
            description="示例:虚构的节目,用于演示评审委员会的评审和决议。")
        for reviewer, given in reviews.items():
            _review(entry, reviewer, users, given)
        if len(reviews) < committee.reviewers_per_entry:
            continue  # the newest, still waiting for its reviews
        services.decide(users["chief"], entry)
        if title == REOPENED:
            services.reopen(organizer, entry, "示例:申报单位补充了传承人完整访谈,提请重新审议。")
            for reviewer, given in REVISED.items():
                _review(entry, reviewer, users, given)
            services.decide(users["chief"], entry)
