"""The committee's pages, as each person uses them: the organizer sets up and adds
entries, a member reviews on the entry page, the chair decides."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bipin.committees.models import Committee, Decision, Entry, Review
from bipin.committees.tests.conftest import add, review

pytestmark = pytest.mark.django_db


def url(name, cast, *args):
    return reverse(f"committees:{name}", args=[cast.contest.slug, *args])


def test_the_organizer_creates_a_committee_on_its_form(cast, client_as):
    organizer = client_as("organizer")
    response = organizer.post(url("create", cast), {
        "name": "节目评审委员会", "term_start": "2026-01-01", "term_end": "2026-12-31",
        "rule": "mean", "pass_mark": "70", "reviewers_per_entry": "3",
        "rubric": "content | 内容导向 | 40\nform | 制作水平 | 30\neffect | 社会效果 | 30"})
    committee = Committee.objects.get()
    assert response.status_code == 302 and response.url == url("detail", cast, committee.pk)
    assert [c["max"] for c in committee.rubric] == ["40", "30", "30"]
    page = organizer.get(url("detail", cast, committee.pk)).content.decode()
    assert "内容导向" in page and "尚未任命主任委员" in page


def test_a_refused_rubric_is_shown_at_its_field_and_the_form_keeps_what_was_typed(cast, client_as):
    response = client_as("organizer").post(url("create", cast), {
        "name": "节目评审委员会", "term_start": "2026-01-01", "term_end": "2026-12-31",
        "rule": "mean", "pass_mark": "70", "reviewers_per_entry": "3",
        "rubric": "content | 内容导向 | 40\ncontent | 制作水平 | 30"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "评审项编号“content”重复 / criterion id &#x27;content&#x27; is used twice" in page
    assert "节目评审委员会" in page and not Committee.objects.exists()


def test_the_organizer_appoints_declares_and_adds_an_entry(cast, committee, client_as):
    organizer = client_as("organizer")
    organizer.post(url("appoint", cast, committee.pk), {"member": cast.reviewer.pk, "position": "member"})
    assert committee.members.filter(user=cast.reviewer).exists()
    organizer.post(url("conflicts", cast, committee.pk, committee.seat["judge"].pk),
                   {"conflicts": "示例电视台"})
    response = organizer.post(url("add_entry", cast, committee.pk), {
        "title": "第1期", "party": "示例电视台", "received_on": "2026-03-01",
        "description": "一档乡村振兴访谈节目"})
    entry = Entry.objects.get()
    assert response.url == url("entry", cast, committee.pk, entry.pk)
    assert sorted(a.member.user.username for a in entry.assignments.all()) == [
        "chief", "inspector", "judge2"]
    page = organizer.get(response.url).content.decode()
    assert "因利益冲突回避" in page and "judge" in page


def test_too_few_members_on_the_entry_form_keeps_the_entry_typed(cast, client_as):
    from bipin.committees.tests.conftest import make_committee

    small = make_committee(cast, name="小委员会", seats=[("chief", "chair")])
    response = client_as("organizer").post(url("add_entry", cast, small.pk), {
        "title": "第9期", "party": "示例电视台", "received_on": "2026-03-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "每项须 3 位委员评审,但只有 1 位委员" in page and "第9期" in page
    assert not Entry.objects.exists()


def test_a_member_reviews_on_the_entry_page_and_a_bad_score_is_named(cast, entry, client_as):
    judge = client_as("judge")
    at = url("review", cast, entry.committee_id, entry.pk)
    bad = judge.post(at, {"score-content": "41", "score-form": "20", "score-effect": "20",
                          "vote": "approve", "comment": "好"})
    assert bad.status_code == 400
    assert ("“内容导向”的得分须在 0 到 40 之间,以 0.5 为单位 / the score for &#x27;content&#x27; "
            "must be from 0 to 40 in steps of 0.5") in bad.content.decode()
    assert not Review.objects.exists()
    judge.post(at, {"score-content": "35.5", "score-form": "20", "score-effect": "20",
                    "vote": "approve", "comment": "好"})
    assert Review.objects.get().total == 75.5
    page = judge.get(url("entry", cast, entry.committee_id, entry.pk)).content.decode()
    assert "修改我的评审意见" in page and "35.5" in page


def test_the_chair_decides_on_the_page_and_the_reviews_lock(cast, entry, client_as):
    for who in ("chief", "judge", "judge2"):
        review(cast, entry, who, 80)
    chief = client_as("chief")
    chief.post(url("decide", cast, entry.committee_id, entry.pk), {})
    assert Decision.objects.get().outcome == "approved"
    page = client_as("judge2").get(url("entry", cast, entry.committee_id, entry.pk)).content.decode()
    assert "我的评审意见" not in page and "同意 3 票" in page
    response = client_as("judge2").post(url("review", cast, entry.committee_id, entry.pk), {
        "score-content": "1", "score-form": "1", "score-effect": "1", "vote": "reject",
        "comment": "改"}, follow=True)
    assert "该事项已作出决议" in response.content.decode()


def test_the_organizer_reopens_with_a_reason_on_the_page(cast, entry, client_as):
    for who in ("chief", "judge", "judge2"):
        review(cast, entry, who, 50, "reject")
    organizer = client_as("organizer")
    organizer.post(url("decide", cast, entry.committee_id, entry.pk), {})
    refused = organizer.post(url("reopen", cast, entry.committee_id, entry.pk),
                             {"reopen_reason": ""}, follow=True)
    assert "请填写重新审议原因" in refused.content.decode()
    organizer.post(url("reopen", cast, entry.committee_id, entry.pk), {"reopen_reason": "补充材料"})
    page = organizer.get(url("entry", cast, entry.committee_id, entry.pk)).content.decode()
    assert "已撤销的决议" in page and "补充材料" in page and "作出决议" in page


def test_a_members_history_lists_their_reviews_across_entries(cast, committee, client_as):
    first, second = add(cast, committee, "第1期"), add(cast, committee, "第2期")
    review(cast, first, "chief", 88, comment="第一期的意见")
    review(cast, second, "chief", 66, "reject", comment="第二期的意见")
    page = client_as("chief").get(url("history", cast, committee.pk, committee.seat["chief"].pk))
    text = page.content.decode()
    assert page.status_code == 200 and "第一期的意见" in text and "第二期的意见" in text


def test_the_pages_read_in_english(cast, entry, client):
    client.force_login(cast.chief)
    page = client.get(url("entry", cast, entry.committee_id, entry.pk),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Decision" in page and "My review" in page
