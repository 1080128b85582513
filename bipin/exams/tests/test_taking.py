"""Taking the test over HTTP with the clock frozen: start, resume, autosave,
time-up, the network grace and one attempt only."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from django.urls import reverse

from bipin.exams import services
from bipin.exams.models import Answer, Candidate


def urls(exam):
    args = [exam.cast.contest.slug, exam.sitting.pk]
    return {
        name: reverse(f"exams:{name}", args=args) for name in ("take", "start", "save", "submit")
    }


def login(client, exam, key="cand_a"):
    client.force_login(exam.candidates[key].user)
    return client


def save(client, exam, item, response):
    return client.post(
        urls(exam)["save"],
        json.dumps({"item": item.pk, "response": response}),
        content_type="application/json",
    )


def remaining_on_page(html: str) -> int:
    return int(re.search(r'data-remaining="(\d+)"', html).group(1))


def item(exam, n):
    return exam.paper.items.order_by("order")[n]


def test_a_candidate_cannot_start_before_the_opening(client, exam):
    login(client, exam)
    with exam.at(-1):
        assert b"start-button" not in client.get(urls(exam)["take"]).content
        client.post(urls(exam)["start"])
    exam.candidates["cand_a"].refresh_from_db()
    assert exam.candidates["cand_a"].started_at is None


def test_the_clock_runs_on_the_server_and_a_reload_never_restarts_it(client, exam):
    login(client, exam)
    with exam.at(5):
        client.post(urls(exam)["start"])
        assert remaining_on_page(client.get(urls(exam)["take"]).content.decode()) == 30 * 60
    with exam.at(20):
        client.post(urls(exam)["start"])  # a second start (double tap, reload) changes nothing
        assert remaining_on_page(client.get(urls(exam)["take"]).content.decode()) == 15 * 60
    candidate = Candidate.objects.get(pk=exam.candidates["cand_a"].pk)
    assert candidate.deadline - candidate.started_at == timedelta(minutes=30)


def test_a_late_start_ends_at_the_sittings_close(client, exam):
    login(client, exam)
    with exam.at(110):
        client.post(urls(exam)["start"])
    candidate = Candidate.objects.get(pk=exam.candidates["cand_a"].pk)
    assert candidate.deadline == exam.sitting.closes_at


def test_answers_are_saved_and_shown_again_after_a_reconnect(client, exam):
    login(client, exam)
    with exam.at(1):
        client.post(urls(exam)["start"])
        assert save(client, exam, item(exam, 0), ["B"]).json()["ok"]
        assert save(client, exam, item(exam, 6), ["突发 严重困难"]).status_code == 200
    client.logout()
    login(client, exam)  # a new session, as after a dropped connection
    with exam.at(10):
        html = client.get(urls(exam)["take"]).content.decode()
    assert 'value="B" checked' in html and "突发 严重困难" in html
    assert remaining_on_page(html) == 21 * 60


def test_a_save_reports_the_servers_remaining_time(client, exam):
    login(client, exam)
    with exam.at(0):
        client.post(urls(exam)["start"])
    with exam.at(12.5):
        assert save(client, exam, item(exam, 0), ["A"]).json()["remaining"] == 17 * 60 + 30


def test_an_answer_within_the_network_grace_is_accepted(client, exam):
    login(client, exam)
    with exam.at(0):
        client.post(urls(exam)["start"])
    with exam.at(30 + 4 / 60):
        assert save(client, exam, item(exam, 0), ["B"]).status_code == 200


def test_a_late_answer_is_refused_and_the_attempt_closed(client, exam):
    login(client, exam)
    with exam.at(0):
        client.post(urls(exam)["start"])
        save(client, exam, item(exam, 0), ["B"])
    with exam.at(30 + 6 / 60):
        response = save(client, exam, item(exam, 1), ["C"])
    assert response.status_code == 409 and response.json()["code"] == "time_up"
    candidate = Candidate.objects.get(pk=exam.candidates["cand_a"].pk)
    assert candidate.finish == Candidate.Finish.TIMEOUT
    assert candidate.finished_at == candidate.deadline + services.NETWORK_GRACE
    assert Answer.objects.get(candidate=candidate, item=item(exam, 1)).response == []


def test_opening_the_page_after_time_up_submits_automatically(client, exam):
    login(client, exam)
    with exam.at(0):
        client.post(urls(exam)["start"])
        save(client, exam, item(exam, 0), ["B"])  # right: 2 points
    with exam.at(45):
        html = client.get(urls(exam)["take"]).content.decode()
    assert "时间到,已自动交卷" in html and 'id="exam"' not in html
    candidate = Candidate.objects.get(pk=exam.candidates["cand_a"].pk)
    assert candidate.finish == Candidate.Finish.TIMEOUT and candidate.score == 2  # blanks score 0
    assert Answer.objects.get(candidate=candidate, item=item(exam, 0)).points == 2


def test_there_is_one_attempt_and_nothing_is_accepted_after_submitting(client, exam):
    login(client, exam)
    with exam.at(0):
        client.post(urls(exam)["start"])
        client.post(urls(exam)["submit"])
        client.post(urls(exam)["start"])
        response = save(client, exam, item(exam, 0), ["B"])
    assert response.status_code == 409 and response.json()["code"] == "finished"
    candidate = Candidate.objects.get(pk=exam.candidates["cand_a"].pk)
    assert candidate.finish == Candidate.Finish.SUBMITTED and candidate.score == 0


def test_the_score_is_shown_after_submitting_only_when_the_sitting_says_so(client, exam):
    login(client, exam)
    with exam.at(0):
        client.post(urls(exam)["start"])
        save(client, exam, item(exam, 0), ["B"])
        client.post(urls(exam)["submit"])
        assert 'id="score"' not in client.get(urls(exam)["take"]).content.decode()
        exam.sitting.show_score = True
        exam.sitting.save(update_fields=["show_score"])
        assert 'id="score">2.00<' in client.get(urls(exam)["take"]).content.decode()


def test_the_page_never_carries_answers_or_explanations(client, exam):
    login(client, exam)
    with exam.at(0):
        client.post(urls(exam)["start"])
        html = client.get(urls(exam)["take"]).content.decode()
    for q in exam.questions:
        assert q.explanation not in html
    assert "突发严重困难" not in html and "data-answer" not in html


def test_a_bad_response_is_refused_with_a_clear_error(client, exam):
    login(client, exam)
    with exam.at(0):
        client.post(urls(exam)["start"])
        assert save(client, exam, item(exam, 0), ["A", "B"]).status_code == 400
        assert save(client, exam, item(exam, 0), ["Z"]).json()["error"].startswith("选项无效")
        assert (
            client.post(urls(exam)["save"], "not json", content_type="application/json").status_code
            == 400
        )


def test_shuffled_papers_have_the_same_questions_in_a_stable_order_per_candidate(cast):
    from bipin.exams.tests.conftest import build_exam

    exam = build_exam(cast)
    exam.paper.shuffle_questions = exam.paper.shuffle_options = True
    exam.paper.save(update_fields=["shuffle_questions", "shuffle_options"])
    a, b = exam.candidates["cand_a"], exam.candidates["cand_b"]
    order_a = [(i.pk, o) for i, o in services.items_for(a)]
    assert order_a == [(i.pk, o) for i, o in services.items_for(a)]
    order_b = [(i.pk, o) for i, o in services.items_for(b)]
    assert sorted(p for p, _ in order_a) == sorted(p for p, _ in order_b)
    assert order_a != order_b


def test_no_shows_are_absent_with_zero_after_the_close(exam):
    services.expire_overdue(exam.sitting, now=exam.sitting.closes_at + timedelta(minutes=1))
    candidate = Candidate.objects.get(pk=exam.candidates["cand_b"].pk)
    assert candidate.finish == Candidate.Finish.ABSENT and candidate.score == 0


def test_a_submit_after_time_up_is_recorded_as_timed_out_at_the_deadline(client, exam):
    login(client, exam)
    with exam.at(0):
        client.post(urls(exam)["start"])
    with exam.at(50):
        client.post(urls(exam)["submit"])
    candidate = Candidate.objects.get(pk=exam.candidates["cand_a"].pk)
    assert candidate.finish == Candidate.Finish.TIMEOUT
    assert candidate.finished_at == candidate.deadline + services.NETWORK_GRACE


def test_every_step_of_an_attempt_is_in_the_audit_chain(client, exam):
    from bipin.audit.chain import chain_key
    from bipin.audit.models import Record
    from bipin.audit.verification import verify

    login(client, exam)
    with exam.at(0):
        client.post(urls(exam)["start"])
        save(client, exam, item(exam, 0), ["B"])
        client.post(urls(exam)["submit"])
    actions = list(
        Record.objects.filter(action__startswith="exam.").values_list("action", flat=True)
    )
    assert {
        "exam.bank_import",
        "exam.paper_create",
        "exam.sitting_create",
        "exam.candidate_add",
        "exam.start",
        "exam.answer_save",
        "exam.finish",
    } <= set(actions)
    assert verify(chain_key(exam.cast.contest)).ok


def test_the_pages_own_submit_at_zero_is_recorded_as_time_up(client, exam):
    login(client, exam)
    with exam.at(0):
        client.post(urls(exam)["start"])
    with exam.at(29.99):
        client.post(urls(exam)["submit"], {"auto": "1"})
    candidate = Candidate.objects.get(pk=exam.candidates["cand_a"].pk)
    assert (
        candidate.finish == Candidate.Finish.TIMEOUT and candidate.finished_at < candidate.deadline
    )
