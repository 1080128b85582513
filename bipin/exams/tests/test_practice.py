"""A practice sitting (不计入考评成绩) shows the candidate the score, the key and
the explanations once submitted, never before; a sitting that counts never does."""

from __future__ import annotations

from decimal import Decimal

from bipin.exams.models import Sitting
from bipin.exams.tests.test_taking import item, login, save, urls


def practice(exam):
    Sitting.objects.filter(pk=exam.sitting.pk).update(counts=False)
    return exam


def test_a_practice_sitting_shows_score_and_key_only_after_submitting(client, exam):
    practice(exam)
    login(client, exam)
    first = item(exam, 0)
    with exam.at(1):
        client.post(urls(exam)["start"])
        save(client, exam, first, list(first.question.answer))
        taking = client.get(urls(exam)["take"])
        assert "review" not in taking.context
        assert "参考答案" not in taking.content.decode()
        assert first.question.explanation not in taking.content.decode()
        client.post(urls(exam)["submit"])
        done = client.get(urls(exam)["take"])
    rows = done.context["review"]
    assert len(rows) == 10 and [r["answered"] for r in rows].count(True) == 1
    right = next(r for r in rows if r["id"] == first.pk)
    assert right["given"] == right["key"] != "" and right["earned"] == Decimal(first.points)
    assert right["explanation"] == first.question.explanation
    page = done.content.decode()
    assert 'id="review"' in page and "这是模拟练习" in page


def test_a_sitting_that_counts_shows_no_key_after_submitting(client, exam):
    login(client, exam)
    with exam.at(1):
        client.post(urls(exam)["start"])
        client.post(urls(exam)["submit"])
        done = client.get(urls(exam)["take"])
    assert "review" not in done.context and 'id="review"' not in done.content.decode()


def test_a_practice_candidate_who_never_started_sees_no_key(client, exam):
    practice(exam)
    login(client, exam)
    with exam.at(200):  # after the close: the attempt is over without a start
        page = client.get(urls(exam)["take"])
    assert "review" not in page.context and "参考答案" not in page.content.decode()
