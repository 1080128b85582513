"""The review workflow itself: states, levels, locks, history and audit records."""

import pytest

from bipin.audit.models import Record
from bipin.reporting import review
from bipin.reporting.models import ReviewEvent, Submission
from bipin.reporting.review import ReviewAction, ReviewError, ReviewState

CHAIN = ("township", "county", "city")


@pytest.fixture
def sub(cast):
    return Submission.objects.create(contest=cast.contest, department="教育局")


def actions(sub):
    return list(
        ReviewEvent.objects.filter(submission=sub).values_list("action", "level", "to_state")
    )


def test_one_level_submit_then_approve(cast, sub):
    sub = review.submit(sub, cast.reporter, levels=("department",))
    assert (sub.state, review.pending_level(sub, ("department",))) == ("submitted", "department")
    assert not review.editable(sub)
    sub = review.approve(sub, cast.reviewer, level="department", levels=("department",))
    assert (sub.state, sub.approved_level, sub.changed_by) == (
        "approved",
        "department",
        cast.reviewer,
    )
    assert review.pending_level(sub, ("department",)) is None
    assert actions(sub) == [("submit", "", "submitted"), ("approve", "department", "approved")]
    rec = Record.objects.filter(action="dept-submission.approve").get()
    assert (rec.target, rec.actor_id, rec.data["from"], rec.data["to"]) == (
        f"dept-submission:{sub.pk}",
        cast.reviewer.pk,
        "submitted",
        "approved",
    )


def test_return_needs_a_reason_and_sends_it_back_to_the_filler(cast, sub):
    review.submit(sub, cast.reporter, levels=("department",))
    with pytest.raises(ReviewError) as err:
        review.send_back(
            sub, cast.reviewer, level="department", levels=("department",), reason="  "
        )
    assert (err.value.zh, err.value.status) == ("退回须填写原因", 400)
    sub = review.send_back(
        sub, cast.reviewer, level="department", levels=("department",), reason="南川县数据有误"
    )
    assert sub.state == ReviewState.RETURNED and review.editable(sub)
    assert ReviewEvent.objects.get(action="return").reason == "南川县数据有误"
    assert Record.objects.get(action="dept-submission.return").reason == "南川县数据有误"
    review.submit(sub, cast.reporter, levels=("department",))
    assert Submission.objects.get().state == "submitted"


def test_levels_approve_in_order_and_the_higher_approval_locks_the_lower(cast, sub):
    review.submit(sub, cast.reporter, levels=CHAIN)
    with pytest.raises(ReviewError) as err:
        review.approve(sub, cast.reviewer, level="county", levels=CHAIN)
    assert err.value.en == "this submission is not awaiting approval at county (it is submitted)"
    sub = review.approve(sub, cast.reviewer, level="township", levels=CHAIN)
    assert (sub.state, review.pending_level(sub, CHAIN)) == ("submitted", "county")
    assert Submission.objects.filter(review.q_awaiting(CHAIN, "county")).get() == sub
    assert not Submission.objects.filter(review.q_awaiting(CHAIN, "township")).exists()
    sub = review.approve(sub, cast.reviewer, level="county", levels=CHAIN)
    assert review.approved_levels(sub, CHAIN) == ("township", "county")
    assert Submission.objects.filter(review.q_approved_through(CHAIN, "township")).exists()
    assert not Submission.objects.filter(review.q_approved_through(CHAIN, "city")).exists()
    # The county's approval locks the township's: it cannot undo until the county does.
    with pytest.raises(ReviewError) as err:
        review.undo_approval(sub, cast.reviewer, level="township", levels=CHAIN, reason="看错了")
    assert err.value.zh == "上级(county)已审核通过,须先由上级撤销"
    with pytest.raises(ReviewError):
        review.undo_approval(sub, cast.reviewer, level="county", levels=CHAIN, reason="")
    sub = review.undo_approval(sub, cast.reviewer, level="county", levels=CHAIN, reason="复核")
    assert review.pending_level(sub, CHAIN) == "county"
    sub = review.undo_approval(sub, cast.reviewer, level="township", levels=CHAIN, reason="看错了")
    assert review.pending_level(sub, CHAIN) == "township" and sub.approved_level == ""
    for level in CHAIN:
        sub = review.approve(sub, cast.reviewer, level=level, levels=CHAIN)
    assert sub.state == "approved" and review.locking_level(sub, CHAIN) == "city"
    assert [a for a, _, _ in actions(sub)] == [
        "submit",
        "approve",
        "approve",
        "undo",
        "undo",
        "approve",
        "approve",
        "approve",
    ]


def test_a_draft_cannot_be_approved_returned_or_reopened(cast, sub):
    for call in (
        lambda: review.approve(sub, cast.reviewer, level="department", levels=("department",)),
        lambda: review.send_back(
            sub, cast.reviewer, level="department", levels=("department",), reason="x"
        ),
        lambda: review.reopen(sub, cast.organizer, reason="x"),
        lambda: review.record_correction(sub, cast.reviewer, reason="x"),
    ):
        with pytest.raises(ReviewError) as err:
            call()
        assert err.value.status == 409
    assert not ReviewEvent.objects.exists()
    assert not Record.objects.filter(action__startswith="dept-submission").exists()


def test_an_approved_submission_cannot_be_submitted_again(cast, sub):
    review.submit(sub, cast.reporter, levels=("department",))
    with pytest.raises(ReviewError) as err:
        review.submit(sub, cast.reporter, levels=("department",))
    assert err.value.zh == "只有填报中或已退回的报送可以提交(当前状态:已提交)"


def test_reopen_clears_every_approval(cast, sub):
    review.submit(sub, cast.reporter, levels=CHAIN)
    review.approve(sub, cast.reviewer, level="township", levels=CHAIN)
    sub = review.reopen(sub, cast.organizer, reason="部门申请修改")
    assert (sub.state, sub.approved_level) == ("draft", "")
    assert review.approved_levels(sub, CHAIN) == ()
    assert Record.objects.get(action="dept-submission.reopen").reason == "部门申请修改"


def test_a_correction_is_kept_with_its_reason_and_keeps_the_state(cast, sub):
    review.submit(sub, cast.reporter, levels=("department",))
    review.approve(sub, cast.reviewer, level="department", levels=("department",))
    sub = review.record_correction(sub, cast.reviewer, reason="笔误", level="department")
    assert sub.state == "approved"
    ev = ReviewEvent.objects.get(action=ReviewAction.CORRECT)
    assert (ev.from_state, ev.to_state, ev.reason) == ("approved", "approved", "笔误")


def test_an_overlong_reason_is_refused(cast, sub):
    review.submit(sub, cast.reporter, levels=("department",))
    with pytest.raises(ReviewError) as err:
        review.send_back(
            sub, cast.reviewer, level="department", levels=("department",), reason="长" * 501
        )
    assert err.value.en == "reason: at most 500 characters"
    assert Submission.objects.get().state == "submitted"


def test_levels_must_be_distinct(cast, sub):
    with pytest.raises(ValueError):
        review.submit(sub, cast.reporter, levels=("a", "a"))
    with pytest.raises(ValueError):
        review.submit(sub, cast.reporter, levels=())
