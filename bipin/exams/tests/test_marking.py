"""The marking queue: blind, once per marker, double marking with a third."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from bipin.exams import services
from bipin.exams.models import Answer, Candidate
from bipin.exams.tests.conftest import build_exam


def finished_with_short_answers(exam, key="cand_a", text="及时发现、精准帮扶"):
    candidate = exam.candidates[key]
    with exam.at(1):
        services.start(candidate)
        for item in exam.paper.items.filter(question__qtype="short"):
            services.save_answer(candidate, item.pk, [text])
        services.finish(candidate)
    return Answer.objects.filter(candidate=candidate, item__question__qtype="short").order_by(
        "item__order"
    )


def queue_url(exam):
    return reverse("exams:marking", args=[exam.cast.contest.slug, exam.sitting.pk])


def mark_url(exam, answer):
    return reverse("exams:mark", args=[exam.cast.contest.slug, exam.sitting.pk, answer.pk])


@pytest.fixture
def double(cast):
    return build_exam(cast, double_marking=True, marking_gap=Decimal(2))


def test_a_finished_candidate_waits_for_marking_with_no_score(exam):
    finished_with_short_answers(exam)
    assert Candidate.objects.get(pk=exam.candidates["cand_a"].pk).score is None


def test_a_judge_marks_short_answers_blind_and_the_score_follows(client_as, exam):
    answers = finished_with_short_answers(exam)
    client = client_as("judge")
    html = client.get(queue_url(exam)).content.decode()
    assert "及时发现、精准帮扶" in html and "cand_a" not in html and "南川县" not in html
    for answer in answers:
        client.post(mark_url(exam, answer), {"points": "4.5"})
    candidate = Candidate.objects.get(pk=exam.candidates["cand_a"].pk)
    assert candidate.score == Decimal("9.00")  # the objective items were all left blank
    assert 'id="queue-empty"' in client.get(queue_url(exam)).content.decode()


def test_double_marks_within_the_gap_are_averaged(client_as, double):
    answer = finished_with_short_answers(double)[0]
    client_as("judge").post(mark_url(double, answer), {"points": "4"})
    answer.refresh_from_db()
    assert answer.points is None
    client_as("judge2").post(mark_url(double, answer), {"points": "5"})
    answer.refresh_from_db()
    assert answer.points == Decimal("4.50")


def test_marks_beyond_the_gap_go_to_a_third_marker(client_as, double):
    answer = finished_with_short_answers(double)[0]
    client_as("judge").post(mark_url(double, answer), {"points": "1"})
    client_as("judge2").post(mark_url(double, answer), {"points": "5"})
    answer.refresh_from_db()
    assert answer.points is None
    assert f"#{answer.pk}" in client_as("chief").get(queue_url(double)).content.decode()
    assert "待第三评 1 份" in client_as("chief").get(queue_url(double)).content.decode()
    client_as("chief").post(mark_url(double, answer), {"points": "4"})
    answer.refresh_from_db()
    assert answer.points == Decimal("4.50")


def test_a_marker_marks_each_answer_once(client_as, double):
    answer = finished_with_short_answers(double)[0]
    client = client_as("judge")
    client.post(mark_url(double, answer), {"points": "4"})
    assert f"#{answer.pk}" not in client.get(queue_url(double)).content.decode()
    response = client.post(mark_url(double, answer), {"points": "6"}, follow=True)
    assert "您已评过该答案" in response.content.decode()
    assert answer.marks.count() == 1


@pytest.mark.parametrize("points", ["7", "-1", "abc", "1.234"])
def test_points_outside_the_items_range_are_refused(client_as, exam, points):
    answer = finished_with_short_answers(exam)[0]
    response = client_as("judge").post(mark_url(exam, answer), {"points": points}, follow=True)
    assert "分数" in response.content.decode()
    assert answer.marks.count() == 0


def test_a_running_attempt_is_not_in_the_queue(client_as, exam):
    with exam.at(1):
        services.start(exam.candidates["cand_a"])
        item = exam.paper.items.filter(question__qtype="short").first()
        services.save_answer(exam.candidates["cand_a"], item.pk, ["草稿"])
    with exam.at(5):
        assert "草稿" not in client_as("judge").get(queue_url(exam)).content.decode()


@pytest.mark.parametrize(
    "who, status",
    [
        ("entrant", 403),
        ("inspector", 403),
        ("organizer", 403),
        ("bystander", 404),
        ("other_organizer", 404),
    ],
)
def test_only_judges_and_the_chief_judge_open_the_queue(client_as, exam, who, status):
    assert client_as(who).get(queue_url(exam)).status_code == status


def test_an_answer_of_a_running_attempt_cannot_be_marked(client_as, exam):
    with exam.at(1):
        services.start(exam.candidates["cand_a"])
        item = exam.paper.items.filter(question__qtype="short").first()
        answer = services.save_answer(exam.candidates["cand_a"], item.pk, ["草稿"])
        response = client_as("judge").post(mark_url(exam, answer), {"points": "3"}, follow=True)
    assert "只能评阅已交卷的简答题" in response.content.decode() and not answer.marks.exists()


def test_a_candidate_cannot_mark(client, exam):
    answer = finished_with_short_answers(exam)[0]
    client.force_login(exam.candidates["cand_b"].user)
    assert client.post(mark_url(exam, answer), {"points": "6"}).status_code == 404


def test_marking_takes_only_post_and_the_queue_only_get(client_as, exam):
    answer = finished_with_short_answers(exam)[0]
    client = client_as("judge")
    assert client.get(mark_url(exam, answer)).status_code == 405
    assert client.post(queue_url(exam)).status_code == 405
