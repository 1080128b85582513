"""A standing committee of the test cast: the chief judge chairs it, a judge is its
deputy, and a second judge, the inspector and the department reporter are members.
The department reviewer and the county's entrant viewer are in the contest but not on
the committee; the other organizer and the bystander are not in the contest at all.

Its rubric is 内容导向 40 + 制作水平 30 + 社会效果 30 (100 points), three members
review each entry, and it decides by the mean with a pass mark of 70 unless a test
makes one with another rule.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bipin.committees import services
from bipin.committees.models import Position

TERM = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
RUBRIC = [{"id": "content", "name": "内容导向", "max": "40"},
          {"id": "form", "name": "制作水平", "max": "30"},
          {"id": "effect", "name": "社会效果", "max": "30"}]
# In appointment order, which is the order of the round robin.
SEATS = [("chief", Position.CHAIR), ("judge", Position.DEPUTY), ("judge2", Position.MEMBER),
         ("inspector", Position.MEMBER), ("reporter", Position.MEMBER)]
NOT_ON_IT = ("reviewer", "entrant")
OUTSIDERS = ("other_organizer", "bystander")


def make_committee(cast, *, name="节目评审委员会", rule="mean", pass_mark="70", per_entry=3,
                   seats=SEATS):
    committee = services.create_committee(
        cast.organizer, cast.contest, name=name, term_start=TERM[0], term_end=TERM[1], rule=rule,
        pass_mark=pass_mark, reviewers_per_entry=per_entry, rubric=RUBRIC)
    committee.seat = {who: services.appoint(cast.organizer, committee, cast.users[who], position)
                      for who, position in seats}
    return committee


def add(cast, committee, title="第1期", party="示例电视台", **kwargs):
    return services.add_entry(cast.organizer, committee, title=title, party=party,
                              received_on=kwargs.pop("received_on", dt.date(2026, 3, 1)), **kwargs)


def reviewers(entry) -> list[str]:
    return [a.member.user.username for a in entry.assignments.select_related("member__user")]


def review(cast, entry, who, total_or_scores, vote="approve", comment="意见"):
    """``who``'s review; a number is split over the criteria (content first)."""
    scores = total_or_scores
    if not isinstance(scores, dict):
        left, scores = float(total_or_scores), {}
        for c in RUBRIC:
            part = min(left, float(c["max"]))
            scores[c["id"]] = str(part)
            left -= part
    assignment = entry.assignments.get(member__user=cast.users[who])
    return services.submit_review(cast.users[who], assignment, scores=scores, vote=vote,
                                  comment=comment)


@pytest.fixture
def committee(cast):
    return make_committee(cast)


@pytest.fixture
def entry(cast, committee):
    """第1期, assigned round robin to the chief, the judge and judge2."""
    return add(cast, committee)
