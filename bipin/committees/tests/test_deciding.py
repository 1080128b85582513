"""The chair decides each entry by the committee's rule; hand-computed cases for
each rule, missing reviews with a reason, and reopening with a reason."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bipin.audit.models import Record
from bipin.committees import services
from bipin.committees.models import Decision
from bipin.committees.tests.conftest import SEATS, add, make_committee, review

pytestmark = pytest.mark.django_db


def entry_under(cast, rule, per_entry=3, pass_mark="70"):
    committee = make_committee(cast, rule=rule, per_entry=per_entry, pass_mark=pass_mark)
    return add(cast, committee)  # the chief, the judge and judge2 (then inspector, reporter)


def test_the_mean_rule_approves_at_the_pass_mark(cast):
    entry = entry_under(cast, "mean")
    review(cast, entry, "chief", 72.5, "reject", "尚可")
    review(cast, entry, "judge", 64, "reject", "一般")
    review(cast, entry, "judge2", 73.5, "approve", "良好")
    # (72.5 + 64 + 73.5) / 3 = 70.00: the pass mark reached, whatever the votes.
    d = services.decide(cast.chief, entry)
    assert (d.outcome, d.mean_total, d.votes_for, d.votes_against, d.votes_abstain) == (
        "approved", Decimal("70.00"), 1, 2, 0)
    assert [x["member"] for x in d.dissent] == ["chief", "judge"]


def test_the_mean_rule_compares_the_exact_mean_not_the_rounded_one(cast):
    entry = entry_under(cast, "mean", pass_mark="70")
    for who, total in (("chief", 70), ("judge", 70), ("judge2", 69.5)):
        review(cast, entry, who, total)
    # 209.5 / 3 = 69.8333…, shown as 69.83: below 70.
    d = services.decide(cast.chief, entry)
    assert (d.outcome, d.mean_total) == ("rejected", Decimal("69.83"))


def test_the_majority_rule_does_not_count_abstentions(cast):
    entry = entry_under(cast, "majority", per_entry=5, pass_mark="")
    for who, vote in zip([w for w, _ in SEATS], ["approve", "approve", "reject", "abstain", "abstain"],
                         strict=True):
        review(cast, entry, who, 50, vote)
    d = services.decide(cast.chief, entry)
    assert (d.outcome, d.votes_for, d.votes_against, d.votes_abstain) == ("approved", 2, 1, 2)
    assert [x["member"] for x in d.dissent] == ["judge2"]


def test_a_tie_under_the_majority_rule_is_not_approved(cast):
    entry = entry_under(cast, "majority", per_entry=3, pass_mark="")
    review(cast, entry, "chief", 90, "approve")
    review(cast, entry, "judge", 90, "reject")
    review(cast, entry, "judge2", 90, "abstain")
    assert services.decide(cast.chief, entry).outcome == "rejected"


def test_under_the_chair_rule_the_chair_decides_and_dissent_is_recorded(cast):
    entry = entry_under(cast, "chair", pass_mark="")
    review(cast, entry, "chief", 88, "approve", "同意播出")
    review(cast, entry, "judge", 40, "reject", "导向有偏差,建议修改后再审")
    review(cast, entry, "judge2", 60, "abstain", "无明确意见")
    with pytest.raises(services.JudgingError) as refused:
        services.decide(cast.chief, entry)  # no outcome chosen
    assert refused.value.problems[0].zh == "请选择决议结果(通过或不通过)"
    d = services.decide(cast.chief, entry, outcome="approved")
    assert d.outcome == "approved" and d.rule == "chair"
    assert d.dissent == [{"member": "judge", "vote": "reject", "comment": "导向有偏差,建议修改后再审"}]


def test_the_outcome_is_never_typed_under_the_mean_or_majority_rule(cast):
    entry = entry_under(cast, "mean")
    for who in ("chief", "judge", "judge2"):
        review(cast, entry, who, 30, "approve")
    assert services.decide(cast.chief, entry, outcome="approved").outcome == "rejected"


def test_with_reviews_missing_a_reason_is_required_and_recorded(cast):
    entry = entry_under(cast, "mean")
    review(cast, entry, "chief", 80)
    review(cast, entry, "judge", 90)
    with pytest.raises(services.JudgingError) as refused:
        services.decide(cast.chief, entry)
    assert refused.value.problems[0].zh == (
        "尚有 1 位委员未提交评审意见(judge2);如确需先作决议,请填写缺评说明")
    assert not Decision.objects.exists()
    d = services.decide(cast.chief, entry, missing_reason="judge2 出差,逾期未交")
    assert (d.missing, d.missing_reason, d.mean_total, d.outcome) == (
        ["judge2"], "judge2 出差,逾期未交", Decimal("85.00"), "approved")
    assert Record.objects.get(action="committee.decide").reason == "judge2 出差,逾期未交"


def test_the_record_keeps_every_review_and_who_decided(cast):
    entry = entry_under(cast, "mean")
    for who, total in (("chief", 80), ("judge", 70), ("judge2", 60)):
        review(cast, entry, who, total, comment=f"{who} 的意见")
    d = services.decide(cast.organizer, entry)
    assert d.decided_by == cast.organizer and d.decided_at is not None
    assert [(r["member"], r["total"], r["comment"]) for r in d.reviews] == [
        ("chief", "80.0", "chief 的意见"), ("judge", "70.0", "judge 的意见"),
        ("judge2", "60.0", "judge2 的意见")]
    assert d.reviews[0]["scores"] == {"content": "40", "form": "30", "effect": "10"}


def test_a_decision_is_made_once_and_reopened_only_with_a_reason(cast):
    entry = entry_under(cast, "mean")
    for who in ("chief", "judge", "judge2"):
        review(cast, entry, who, 65, "reject")
    first = services.decide(cast.chief, entry)
    with pytest.raises(services.JudgingError) as refused:
        services.decide(cast.chief, entry)
    assert refused.value.status == 409
    with pytest.raises(services.JudgingError) as refused:
        services.reopen(cast.organizer, entry, " ")
    assert refused.value.problems[0].zh == "请填写重新审议原因"
    services.reopen(cast.organizer, entry, "申报单位补充了材料")
    first.refresh_from_db()
    assert first.reopen_reason == "申报单位补充了材料" and first.reopened_by == cast.organizer
    assert Record.objects.get(action="committee.reopen").reason == "申报单位补充了材料"
    # Reviews unlock; the new decision is a new record and the old one stays.
    review(cast, entry, "judge", 95, "approve", "补充材料后意见改变")
    review(cast, entry, "judge2", 95, "approve", "同意")
    second = services.decide(cast.chief, entry)
    assert second.pk != first.pk and second.outcome == "approved" and first.outcome == "rejected"
    assert services.standing_decision(entry) == second


def test_no_review_at_all_cannot_be_decided(cast):
    entry = entry_under(cast, "chair", pass_mark="")
    with pytest.raises(services.JudgingError) as refused:
        services.decide(cast.chief, entry, outcome="approved", missing_reason="都没交")
    assert refused.value.problems[0].zh == "还没有任何评审意见,不能作出决议"
