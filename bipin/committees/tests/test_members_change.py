"""During the term the organizer changes a member's position or relieves them.

The committee keeps at most one chair: making a member chair makes the chair until
then a member, in one step, and the chair is relieved only once another is chair. A
relieved member stays on record with their reviews but is given no new entry and
submits no more reviews; an entry assigned to them and not reviewed waits for the
chair to name another member.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from bipin.audit.models import Record
from bipin.committees import services
from bipin.committees.models import Member, Position
from bipin.committees.tests.conftest import add, review, reviewers

pytestmark = pytest.mark.django_db


def positions(committee) -> dict[str, str]:
    return {m.user.username: m.position for m in committee.members.select_related("user")}


def test_a_new_chair_takes_over_and_the_former_chair_becomes_a_member(cast, committee):
    services.change_position(cast.organizer, committee.seat["judge2"], Position.CHAIR)
    assert positions(committee) == {"chief": "member", "judge": "deputy", "judge2": "chair",
                                    "inspector": "member", "reporter": "member"}
    record = Record.objects.get(action="committee.position")
    assert (record.data["from"], record.data["to"], record.data["former_chair"]) == (
        "member", "chair", committee.seat["chief"].name)


def test_a_relieved_member_gets_no_new_entry_and_reviews_no_more(cast, committee, entry):
    assert reviewers(entry) == ["chief", "judge", "judge2"]
    services.relieve(cast.organizer, committee.seat["judge"], "工作调动")
    # The rotation goes on without the deputy.
    assert reviewers(add(cast, committee, "第2期")) == ["inspector", "reporter", "chief"]
    assert reviewers(add(cast, committee, "第3期")) == ["judge2", "inspector", "reporter"]
    with pytest.raises(services.JudgingError) as refused:
        review(cast, entry, "judge", 80)
    assert "已被免去委员职务" in refused.value.problems[0].zh
    with pytest.raises(services.JudgingError):
        services.assign_by_hand(cast.chief, add(cast, committee, "第4期"), committee.seat["judge"])
    record = Record.objects.get(action="committee.relieve")
    assert record.data["unreviewed"] == ["第1期"] and record.reason == "工作调动"


def test_the_chair_is_relieved_only_after_another_is_made_chair(cast, committee):
    with pytest.raises(services.JudgingError) as refused:
        services.relieve(cast.organizer, committee.seat["chief"], "退休")
    assert "请先将另一位委员调整为主任委员" in refused.value.problems[0].zh
    assert Member.objects.get(pk=committee.seat["chief"].pk).serving
    services.change_position(cast.organizer, committee.seat["judge"], Position.CHAIR)
    services.relieve(cast.organizer, committee.seat["chief"], "退休")
    with pytest.raises(services.JudgingError):
        services.change_position(cast.organizer, committee.seat["chief"], Position.CHAIR)


def test_a_relief_needs_a_reason_and_nothing_changes_without_one(cast, committee):
    with pytest.raises(services.JudgingError):
        services.relieve(cast.organizer, committee.seat["judge2"], "  ")
    assert Member.objects.get(pk=committee.seat["judge2"].pk).serving
    assert not Record.objects.filter(action="committee.relieve").exists()


@pytest.mark.parametrize(("who", "status"), [("chief", 403), ("judge2", 403), ("reviewer", 404),
                                             ("other_organizer", 404), ("bystander", 404)])
def test_only_the_organizer_changes_positions_or_relieves(cast, committee, client_as, who, status):
    client = client_as(who)
    member = committee.seat["judge2"]
    args = [cast.contest.slug, committee.pk, member.pk]
    assert client.post(reverse("committees:position", args=args),
                       {"position": "chair"}).status_code == status
    assert client.post(reverse("committees:relieve", args=args),
                       {"reason": "越权"}).status_code == status
    assert positions(committee)["judge2"] == "member" and Member.objects.get(pk=member.pk).serving


def test_the_organizer_relieves_a_member_on_the_committee_page(cast, committee, client_as):
    organizer = client_as("organizer")
    args = [cast.contest.slug, committee.pk, committee.seat["reporter"].pk]
    page = organizer.post(reverse("committees:relieve", args=args), {"reason": "任期内辞任"},
                          follow=True).content.decode()
    assert "已免去其委员职务" in page and "任期内辞任" in page
