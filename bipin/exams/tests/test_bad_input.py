"""Junk sent to the exam pages gets a 4xx or a page with a message, never a 500."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from bipin.accounts.models import LoginLink
from bipin.exams import services
from bipin.exams.models import Answer, Paper
from bipin.exams.tests.test_marking import finished_with_short_answers, mark_url
from bipin.exams.tests.test_organizer_pages import url
from bipin.exams.tests.test_taking import item, login, urls


@pytest.mark.parametrize("item_id", [1.5, True, "²", "1e3", 1e400, -1, 10**30, None, [1], {"a": 1}])
def test_an_answer_for_an_item_that_is_not_one_is_a_400(client, exam, item_id):
    login(client, exam)
    with exam.at(1):
        services.start(exam.candidates["cand_a"])
        body = json.dumps({"item": item_id, "response": ["A"]}).replace("Infinity", "1e400")
        response = client.post(urls(exam)["save"], body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "作答数据格式错误 / bad request"
    assert not Answer.objects.exists()


def test_an_item_id_as_digits_still_saves(client, exam):
    login(client, exam)
    with exam.at(1):
        services.start(exam.candidates["cand_a"])
        body = json.dumps({"item": str(item(exam, 0).pk), "response": ["B"]})
        response = client.post(urls(exam)["save"], body, content_type="application/json")
    assert response.status_code == 200 and Answer.objects.get().response == ["B"]


@pytest.mark.parametrize("points", ["NaN", "sNaN", "-NaN", "Infinity", "²", "1e999999", "9" * 5000])
def test_marks_that_are_not_numbers_are_refused_with_a_message(client_as, exam, points):
    answer = finished_with_short_answers(exam)[0]
    response = client_as("judge").post(mark_url(exam, answer), {"points": points}, follow=True)
    assert response.status_code == 200 and "分数" in response.content.decode()
    assert answer.marks.count() == 0


@pytest.mark.parametrize("count", ["²", "9" * 30, "9" * 5000, "-2", "0", "一"])
def test_a_paper_rule_with_a_count_that_is_not_one_is_a_form_error(client_as, exam, count):
    response = client_as("organizer").post(url("paper_create"), {
        "name": "规则卷", "mode": "rule", "rule": f"监测帮扶, 易, {count}"})
    assert response.status_code == 200
    assert "应为“知识点, 难度, 数量”" in response.content.decode()
    assert not Paper.objects.filter(name="规则卷").exists()


@pytest.mark.parametrize("question", ["9" * 30, "²", "甲"])
def test_a_fixed_paper_naming_a_question_that_is_not_one_is_a_form_error(client_as, exam,
                                                                         question):
    response = client_as("organizer").post(url("paper_create"), {
        "name": "固定卷", "mode": "fixed", "questions": [question]})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Paper.objects.filter(name="固定卷").exists()


def test_an_over_long_paper_name_is_a_form_error_in_words(client_as, exam):
    response = client_as("organizer").post(url("paper_create"), {
        "name": "卷" * 201, "mode": "fixed", "questions": [exam.questions[0].pk]})
    assert response.status_code == 200 and "200" in response.content.decode()
    assert not Paper.objects.filter(name="卷" * 201).exists()


@pytest.mark.parametrize("chosen", [["²"], ["9" * 30], ["甲", "-1"]])
def test_login_links_for_candidates_that_are_not_ones_print_nothing(client_as, exam, chosen):
    response = client_as("organizer").post(url("candidate_links", exam), {"candidate": chosen})
    assert response.status_code == 200
    assert not LoginLink.objects.exists()


def test_a_huge_sitting_id_is_not_found_for_a_candidate(client, exam):
    login(client, exam)
    slug = exam.cast.contest.slug
    for path in ("", "start/", "save/", "submit/"):
        target = f"/c/{slug}/exam/sittings/{'9' * 25}/{path}"
        response = client.post(target) if path else client.get(target)
        assert response.status_code == 404, path
    assert client.get(reverse("exams:take", args=[slug, exam.sitting.pk])).status_code == 200
