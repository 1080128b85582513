"""A candidate answers the 10-question paper on a phone-sized screen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bipin.exams.models import Answer, Candidate
from bipin.exams.tests.conftest import build_exam
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD, build_cast


def start_on_phone(live_server, phone):
    """An open sitting; cand_a logs in on the phone and starts."""
    cast = build_cast()
    now = timezone.now()
    exam = build_exam(cast, opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(hours=1))
    # The suite may share a busy machine, and a save that hangs is given up
    # after 15 s (bipinFetch) and sent again at the page's next 3 s retry.
    phone.set_default_timeout(40_000)
    log_in(phone, live_server.url, "cand_a", PASSWORD)
    phone.goto(live_server.url + reverse("exams:take", args=[cast.contest.slug, exam.sitting.pk]))
    phone.click("#start-button")
    phone.wait_for_selector("#exam")
    return cast, exam, exam.candidates["cand_a"]


@pytest.mark.browser
def test_a_candidate_answers_a_ten_question_paper_on_a_phone(transactional_db, live_server, phone):
    cast, exam, candidate = start_on_phone(live_server, phone)
    questions = phone.locator("fieldset.question")
    assert questions.count() == 10
    for i in range(10):
        q = questions.nth(i)
        qtype = q.get_attribute("data-qtype")
        if qtype in ("single", "true_false"):
            q.locator("input").first.check()
        elif qtype == "multiple":
            q.locator("input").nth(0).check()
            q.locator("input").nth(1).check()
        elif qtype == "fill":
            q.locator("input[type=text]").fill("Ｄ 级")
            q.locator("input[type=text]").blur()
        else:
            q.locator("textarea").fill("及时发现、精准帮扶、动态清零。")
            q.locator("textarea").blur()
        q.locator(".saved", has_text="已保存").wait_for()
    assert (
        phone.evaluate("document.documentElement.scrollWidth") <= 390
    )  # nothing wider than the phone
    minutes = int(phone.locator("#clock").inner_text().split(":")[0])
    assert 20 <= minutes <= 30  # the server's 30 minutes, counting down

    # The Wi-Fi drops: an answer changed offline is kept on the tablet and sent
    # when a page of the test is opened again after the connection is back.
    first = questions.nth(0)
    first_item = int(first.get_attribute("data-item"))
    phone.context.set_offline(True)
    first.locator("input").nth(1).check()
    first.locator(".saved", has_text="未保存").wait_for()
    phone.goto("about:blank")  # the page is left while still offline: nothing can be sent
    phone.context.set_offline(False)
    phone.goto(live_server.url + reverse("exams:take", args=[cast.contest.slug, exam.sitting.pk]))
    phone.locator("fieldset.question").nth(0).locator(".saved", has_text="已保存").wait_for()
    changed = Answer.objects.get(candidate=candidate, item_id=first_item).response
    assert changed == [
        phone.locator("fieldset.question").nth(0).locator("input").nth(1).get_attribute("value")
    ]

    phone.reload()  # a reload resumes with the same answers and the clock still running
    phone.wait_for_selector("#exam")
    assert phone.locator("input:checked").count() == 8
    assert phone.locator("input[type=text]").first.input_value() == "Ｄ 级"
    phone.screenshot(path="/tmp/exam-phone.png", full_page=True)

    phone.click("#submit-button")
    phone.click("#confirm-submit")  # every question answered: the page still asks once
    phone.wait_for_selector("#finished")
    assert "已交卷" in phone.locator("#finished").inner_text()
    candidate = Candidate.objects.get(pk=candidate.pk)
    assert candidate.finish == Candidate.Finish.SUBMITTED
    assert Answer.objects.filter(candidate=candidate).exclude(response=[]).count() == 10


@pytest.mark.browser
def test_the_page_submits_by_itself_at_time_up(transactional_db, live_server, phone):
    cast, exam, candidate = start_on_phone(live_server, phone)
    # Bring the server's deadline close, as if the candidate had been answering for 30 minutes.
    Candidate.objects.filter(pk=candidate.pk).update(deadline=timezone.now() + timedelta(seconds=4))
    phone.reload()
    phone.locator("fieldset.question").nth(6).locator("input[type=text]").fill("D")
    phone.wait_for_selector("#finished", timeout=15_000)
    candidate = Candidate.objects.get(pk=candidate.pk)
    assert candidate.finish == Candidate.Finish.TIMEOUT
    assert candidate.finished_at <= candidate.deadline + timedelta(seconds=5)
    # the typed but never "changed" answer was still sent within the grace
    assert Answer.objects.get(candidate=candidate, item=exam.paper.items.get(order=7)).response == [
        "D"
    ]


@pytest.mark.browser
def test_an_answer_given_before_the_page_script_ran_is_still_saved(
        transactional_db, live_server, phone):
    """A slow phone shows the questions before its script has run; a tap then changes the
    answer with nobody listening. The script sends what differs from the page it came with."""
    held = []
    phone.route("**/exams/take*.js", lambda route: held.append(route))  # held until let go
    cast = build_cast()
    now = timezone.now()
    exam = build_exam(cast, opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(hours=1))
    phone.set_default_timeout(40_000)
    log_in(phone, live_server.url, "cand_a", PASSWORD)
    phone.goto(live_server.url + reverse("exams:take", args=[cast.contest.slug, exam.sitting.pk]))
    with phone.expect_request("**/exams/take*.js"):  # asked for, and held
        phone.click("#start-button")
    question = phone.locator("fieldset.question[data-qtype=single]").first
    question.locator("input").first.check()
    for route in held:
        route.continue_()
    question.locator(".saved", has_text="已保存").wait_for()
    item = int(question.get_attribute("data-item"))
    answer = Answer.objects.get(candidate=exam.candidates["cand_a"], item_id=item)
    assert answer.response == [question.locator("input").first.get_attribute("value")]
