"""The sitting's big screen follows the candidates without reloading itself.

It used to reload every 5 s (<meta http-equiv="refresh">), which moves a reader's
place and focus back to the top and which axe-core counts as a critical failure.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from bipin.exams.tests.conftest import build_exam
from bipin.testing.browser import guide_shot, log_in
from bipin.testing.cast import PASSWORD, build_cast


@pytest.mark.browser
def test_the_big_screen_shows_a_candidates_progress_without_a_reload(
        transactional_db, live_server, page, phone):
    cast = build_cast()
    now = timezone.now()
    exam = build_exam(cast, opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(hours=1),
                      on_stage=True)
    slug, sitting = cast.contest.slug, exam.sitting.pk
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(live_server.url + reverse("exams:screen", args=[slug, sitting]))
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    row = page.locator("#progress tbody tr", has_text="南川县")
    expect(row.locator("td.num")).to_have_text("0/10")
    # Marked on this page's window: a reload would forget it.
    page.evaluate("window.sameScreen = true")

    phone.set_default_timeout(40_000)
    log_in(phone, live_server.url, "cand_a", PASSWORD)
    phone.goto(live_server.url + reverse("exams:take", args=[slug, sitting]))
    phone.click("#start-button")
    question = phone.locator("fieldset.question[data-qtype=single]").first
    question.locator("input").first.check()
    question.locator(".saved", has_text="已保存").wait_for()

    expect(row.locator("td.num")).to_have_text("1/10", timeout=30_000)
    expect(row).to_contain_text("答题中")
    assert page.evaluate("window.sameScreen") is True
    guide_shot(page, "exam-screen")
