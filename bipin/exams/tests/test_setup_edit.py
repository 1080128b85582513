"""The organizer corrects papers, sittings and the bank; nothing a candidate answered is lost."""

from datetime import timedelta

import pytest

from bipin.audit.models import Record
from bipin.exams import services
from bipin.exams.models import Paper, Question, Sitting


def _urls(exam):
    base = "/c/test-contest/exam/"
    s, p, q = exam.sitting.pk, exam.paper.pk, exam.questions[0].pk
    return [f"{base}sittings/{s}/edit/", f"{base}sittings/{s}/delete/", f"{base}papers/{p}/",
            f"{base}papers/{p}/delete/", f"{base}bank/{q}/delete/"]


@pytest.mark.parametrize("who", ["chief", "judge", "inspector", "entrant", "cand_a"])
def test_no_one_but_the_organizer_may_edit_or_delete_exam_set_up(client_as, client, exam, who):
    for url in _urls(exam):
        if who == "cand_a":
            client.force_login(exam.candidates["cand_a"].user)
            response = client.post(url, {"name": "改"})
        else:
            response = client_as(who).post(url, {"name": "改"})
        assert response.status_code in (403, 404), url
    assert Sitting.objects.get().name == "第一场" and Paper.objects.get().name == "测试卷"


def test_another_organizer_is_told_they_do_not_exist(client_as, exam):
    for url in _urls(exam):
        assert client_as("other_organizer").get(url).status_code in (404, 405)


def test_renaming_a_paper_is_audited(client_as, exam):
    client_as("organizer").post(f"/c/test-contest/exam/papers/{exam.paper.pk}/", {"name": "正式卷"})
    assert Paper.objects.get().name == "正式卷"
    assert Record.objects.get(action="exam.paper_update").data["old"]["name"] == "测试卷"


def test_a_sitting_closing_before_it_opens_is_refused_naming_the_field(client_as, exam):
    response = client_as("organizer").post(f"/c/test-contest/exam/sittings/{exam.sitting.pk}/edit/", {
        "name": "第一场(改)", "paper": exam.paper.pk, "item_id": "policy_test", "counts": "on",
        "report_as": "percent", "opens_at": "2026-06-01T09:00", "closes_at": "2026-06-01T08:00",
        "duration_minutes": "30", "aggregate": "mean", "multiple_rule": "all_or_nothing",
        "marking_gap": "2"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "截止时间:截止时间应晚于开放时间" in text and 'value="第一场(改)"' in text
    assert Sitting.objects.get().name == "第一场"


def test_a_sitting_with_answers_keeps_its_grading_but_may_change_its_close(client_as, exam):
    candidate = exam.candidates["cand_a"]
    with exam.at(1):
        services.start(candidate)
        services.save_answer(candidate, exam.paper.items.first().pk, ["A"])
    sitting = exam.sitting
    with pytest.raises(services.ExamError, match="candidates have answered"):
        services.update_sitting(exam.cast.organizer, sitting, multiple_rule="proportional")
    services.update_sitting(exam.cast.organizer, sitting, closes_at=sitting.closes_at + timedelta(hours=1))
    assert Record.objects.filter(action="exam.sitting_update").count() == 1


def test_a_started_sitting_cannot_be_deleted(client_as, exam):
    with exam.at(1):
        services.start(exam.candidates["cand_a"])
    response = client_as("organizer").post(f"/c/test-contest/exam/sittings/{exam.sitting.pk}/delete/",
                                           follow=True)
    assert "不能删除场次“第一场”:已有 1 名考生开始答题" in response.content.decode()
    assert Sitting.objects.exists()


def test_a_paper_a_sitting_uses_and_a_question_on_a_paper_are_not_deleted(client_as, exam):
    organizer = client_as("organizer")
    response = organizer.post(f"/c/test-contest/exam/papers/{exam.paper.pk}/delete/", follow=True)
    assert "不能删除试卷“测试卷”:已有考试场次 1 条依赖它" in response.content.decode()
    response = organizer.post(f"/c/test-contest/exam/bank/{exam.questions[0].pk}/delete/", follow=True)
    assert "不能删除这道题:已有试卷中的题目 1 条依赖它" in response.content.decode()
    assert Paper.objects.exists() and Question.objects.filter(pk=exam.questions[0].pk).exists()


def test_an_unstarted_sitting_then_its_paper_then_a_question_are_deleted(client_as, exam):
    organizer = client_as("organizer")
    organizer.post(f"/c/test-contest/exam/sittings/{exam.sitting.pk}/delete/")
    organizer.post(f"/c/test-contest/exam/papers/{exam.paper.pk}/delete/")
    organizer.post(f"/c/test-contest/exam/bank/{exam.questions[0].pk}/delete/")
    assert not Sitting.objects.exists() and not Paper.objects.exists()
    assert not Question.objects.filter(pk=exam.questions[0].pk).exists()
    assert [r.action for r in Record.objects.filter(action__endswith="_delete").order_by("pk")] == [
        "exam.sitting_delete", "exam.paper_delete", "exam.question_delete"]


def _question_post(question, **changes):
    bank = question.as_bank()
    post = {"qtype": bank.qtype.label_zh, "stem": bank.stem, "answer": bank.answer_text(),
            "explanation": bank.explanation, "points": f"{bank.points:f}", "topic": bank.topic,
            "difficulty": bank.difficulty.label_zh}
    post.update({f"option_{x}": o for x, o in zip("ABCDEF", bank.options, strict=False)})
    return {**post, **changes}


def test_a_question_is_checked_like_an_imported_row_and_keeps_the_input(client_as, exam):
    question = exam.questions[0]  # a single-choice question
    url = f"/c/test-contest/exam/bank/{question.pk}/"
    assert client_as("judge").post(url, _question_post(question)).status_code == 403
    organizer = client_as("organizer")
    response = organizer.post(url, _question_post(question, answer="Z", stem="改过的题干"))
    text = response.content.decode()
    assert response.status_code == 400
    assert "改过的题干" in text and not Record.objects.filter(action="exam.question_update").exists()
    organizer.post(url, _question_post(question, stem="改过的题干", topic="新知识点"))
    question.refresh_from_db()
    assert (question.stem, question.topic) == ("改过的题干", "新知识点")
    audit = Record.objects.get(action="exam.question_update")
    assert set(audit.data["new"]) == {"stem", "topic"}


def test_an_answered_question_keeps_its_answer_key(client_as, exam):
    candidate = exam.candidates["cand_a"]
    item = exam.paper.items.first()
    with exam.at(1):
        services.start(candidate)
        services.save_answer(candidate, item.pk, ["A"])
    question, before = item.question, list(item.question.answer)
    other = "B" if before != ["B"] else "A"
    response = client_as("organizer").post(f"/c/test-contest/exam/bank/{question.pk}/",
                                           _question_post(question, answer=other))
    assert "已有考生作答这道题,不能再改题型、选项、答案或分值" in response.content.decode()
    question.refresh_from_db()
    assert question.answer == before
