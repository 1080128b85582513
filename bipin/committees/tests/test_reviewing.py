"""An assigned member reviews with the rubric, a vote and a comment; the review
can be revised until the entry is decided, and is locked after that."""

from __future__ import annotations

import pytest

from bipin.committees import services
from bipin.committees.models import Review
from bipin.committees.tests.conftest import review

pytestmark = pytest.mark.django_db


def test_a_member_reviews_with_half_points_and_revises_before_the_decision(cast, entry):
    first = review(cast, entry, "judge", {"content": "35.5", "form": "25", "effect": "20"},
                   "approve", "导向正确,制作精良")
    assert (first.total, first.scores) == (80.5, {"content": "35.5", "form": "25", "effect": "20"})
    revised = review(cast, entry, "judge", {"content": "30", "form": "25", "effect": "20"},
                     "reject", "再看一遍,节奏拖沓")
    assert revised.pk == first.pk and revised.total == 75 and revised.revised_at is not None


@pytest.mark.parametrize("scores, zh, en", [
    ({"content": "40.5", "form": "0", "effect": "0"},
     "“内容导向”的得分须在 0 到 40 之间,以 0.5 为单位",
     "the score for 'content' must be from 0 to 40 in steps of 0.5"),
    ({"content": "10", "form": "7.25", "effect": "0"},
     "“制作水平”的得分须在 0 到 30 之间,以 0.5 为单位",
     "the score for 'form' must be from 0 to 30 in steps of 0.5"),
    ({"content": "10", "form": "5", "effect": "-1"},
     "“社会效果”的得分须在 0 到 30 之间,以 0.5 为单位",
     "the score for 'effect' must be from 0 to 30 in steps of 0.5"),
    ({"content": "10", "form": "5"}, "请填写“社会效果”的得分", "give a score for 'effect'"),
])
def test_a_score_out_of_range_is_refused_precisely_and_nothing_is_saved(cast, entry, scores, zh, en):
    with pytest.raises(services.JudgingError) as refused:
        review(cast, entry, "judge", scores)
    assert (refused.value.problems[0].zh, refused.value.problems[0].en) == (zh, en)
    assert not Review.objects.exists()


def test_a_comment_and_a_vote_are_required(cast, entry):
    with pytest.raises(services.JudgingError) as refused:
        review(cast, entry, "judge", 80, comment="  ")
    assert refused.value.problems[0].zh == "请填写评审意见"
    with pytest.raises(services.JudgingError) as refused:
        review(cast, entry, "judge", 80, vote="maybe")
    assert refused.value.problems[0].zh == "请选择表决意见(同意、不同意或弃权)"


def test_a_review_is_locked_once_the_entry_is_decided(cast, entry):
    for who in ("chief", "judge", "judge2"):
        review(cast, entry, who, 80)
    services.decide(cast.chief, entry)
    with pytest.raises(services.JudgingError) as refused:
        review(cast, entry, "judge", 10, "reject", "改主意了")
    assert refused.value.status == 409
    assert refused.value.problems[0].zh.startswith("该事项已作出决议,不能再更改")
    assert Review.objects.get(assignment__member__user=cast.judge).total == 80
