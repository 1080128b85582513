"""In a real browser: the organizer corrects a question, a paper and a sitting
after the import, and a mistake keeps what was typed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from bipin.exams.models import Paper, Question, Sitting
from bipin.exams.tests.conftest import build_exam
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD, build_cast


@pytest.mark.browser
def test_the_organizer_corrects_a_question_a_paper_and_a_sitting(transactional_db, live_server, page):
    cast = build_cast()
    exam = build_exam(cast)
    slug, question = cast.contest.slug, exam.questions[0]
    log_in(page, live_server.url, "organizer", PASSWORD)

    page.goto(live_server.url + reverse("exams:question_edit", args=[slug, question.pk]))
    page.fill("textarea[name=stem]", "示例:修改后的题干")
    page.fill("input[name=points]", "两分")
    page.get_by_role("button", name="保存").first.click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("textarea[name=stem]")).to_have_value("示例:修改后的题干")
    page.fill("input[name=points]", "2")
    page.get_by_role("button", name="保存").first.click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    assert Question.objects.get(pk=question.pk).stem == "示例:修改后的题干"

    page.goto(live_server.url + reverse("exams:paper_edit", args=[slug, exam.paper.pk]))
    page.fill("input[name=name]", "示例:政策测试卷(修订)")
    page.get_by_role("button", name="保存").first.click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    assert Paper.objects.get(pk=exam.paper.pk).name == "示例:政策测试卷(修订)"

    page.goto(live_server.url + reverse("exams:sitting_edit", args=[slug, exam.sitting.pk]))
    page.fill("input[name=name]", "第一场(上午)")
    page.get_by_role("button", name="保存").first.click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    assert Sitting.objects.get(pk=exam.sitting.pk).name == "第一场(上午)"
