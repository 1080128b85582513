"""The demo's fictional standing committee, as a newcomer finds it."""

import pytest

from bipin.committees.models import Committee, Entry
from bipin.committees.services import standing_decision
from bipin.testing.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_committee_has_decisions_a_waiting_entry_and_a_skipped_conflict():
    load_demo()
    committee = Committee.objects.get(name__contains="示例")
    assert [m.position for m in committee.members.all()] == [
        "chair", "deputy", "member", "member", "member"]
    outcomes = {e.title: getattr(standing_decision(e), "outcome", None)
                for e in Entry.objects.filter(committee=committee)}
    assert outcomes == {"《示例农技课堂》第3期": "rejected", "《示例乡村新貌》第1期": "approved",
                        "《示例非遗故事》第2期": "approved", "《示例山村教师》专题片": None}
    # judge3 declared 示例县融媒体中心, whose first programme came on judge3's turn.
    skipped = Entry.objects.get(title="《示例乡村新貌》第1期")
    names = [a.member.user.username for a in skipped.assignments.select_related("member__user")]
    assert names == ["judge4", "chief", "judge1"]
    reopened = Entry.objects.get(title="《示例非遗故事》第2期").decisions.exclude(reopened_at=None)
    assert [d.outcome for d in reopened] == ["rejected"]
    assert all(e.title.startswith("《示例") for e in Entry.objects.all())
