"""A candidate sees which questions are still unanswered, is told how many
before 交卷, and after a practice sitting sees the score and the answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from bipin.exams.models import Candidate
from bipin.exams.tests.conftest import build_exam
from bipin.exams.tests.test_browser import start_on_phone
from bipin.testing.browser import guide_shot, log_in
from bipin.testing.cast import PASSWORD, build_cast

pytestmark = [pytest.mark.browser]


def test_a_candidate_is_told_how_many_are_unanswered_before_submitting(transactional_db, live_server, phone):
    cast, exam, candidate = start_on_phone(live_server, phone)
    numbers = phone.locator("#question-list a")
    expect(numbers).to_have_count(10)
    expect(phone.locator("#question-list a.unanswered")).to_have_count(10)
    first = phone.locator("fieldset.question").nth(0)
    first.locator("input").first.check()
    expect(numbers.nth(0)).to_have_class("answered")
    expect(phone.locator("#answered-count")).to_have_text("1")
    expect(phone.locator("#question-list a.unanswered")).to_have_count(9)
    first.locator(".saved", has_text="已保存").wait_for()
    guide_shot(phone, "exam-question-list")

    phone.click("#submit-button")
    expect(phone.locator("#unanswered-warning")).to_have_text(
        "还有 9 题未答。交卷后不能再修改,确定交卷吗?")
    guide_shot(phone, "exam-submit-warning")
    phone.click("#keep-answering")
    expect(phone.locator("#submit-confirm")).to_be_hidden()
    assert not Candidate.objects.get(pk=candidate.pk).is_finished

    phone.click("#submit-button")
    phone.click("#confirm-submit")
    phone.wait_for_selector("#finished")
    expect(phone.locator("#review")).to_have_count(0)  # a sitting that counts shows no key
    assert Candidate.objects.get(pk=candidate.pk).finish == Candidate.Finish.SUBMITTED


def test_a_practice_sitting_shows_the_score_and_the_answers_afterwards(transactional_db, live_server, phone):
    cast = build_cast()
    now = timezone.now()
    exam = build_exam(cast, opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(hours=1),
                      counts=False, name="模拟练习")
    url = live_server.url + reverse("exams:take", args=[cast.contest.slug, exam.sitting.pk])
    phone.set_default_timeout(40_000)
    log_in(phone, live_server.url, "cand_a", PASSWORD)
    phone.goto(url)
    phone.click("#start-button")
    tf = phone.locator("fieldset.question[data-qtype=true_false]").first
    tf.locator("input[value=true]").check()
    tf.locator(".saved", has_text="已保存").wait_for()
    item = int(tf.get_attribute("data-item"))
    phone.click("#submit-button")
    phone.click("#confirm-submit")
    phone.wait_for_selector("#review")

    candidate = Candidate.objects.get(pk=exam.candidates["cand_a"].pk)
    review = phone.locator("#review > li")
    expect(review).to_have_count(10)
    expect(phone.locator("#review li.answered")).to_have_count(1)
    if candidate.score is not None:
        expect(phone.locator("#score")).to_have_text(str(candidate.score))
    else:
        expect(phone.locator("#finished")).to_contain_text("简答题评阅后公布得分")
    answered = phone.locator("#review li.answered")
    question = exam.paper.items.get(pk=item).question
    expect(answered).to_contain_text("你的答案:对")
    expect(answered).to_contain_text("参考答案:" + ("对" if question.answer == ["true"] else "错"))
    if question.explanation:
        expect(answered).to_contain_text(question.explanation)
    guide_shot(phone, "exam-practice-review")
