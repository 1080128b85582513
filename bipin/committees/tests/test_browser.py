"""In a real browser: a member reviews an entry on a phone, the chair decides on a desktop."""

import pytest
from playwright.sync_api import expect

from bipin.committees.models import Decision, Review
from bipin.committees.tests.conftest import review
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_reviews_on_a_phone_and_the_chair_decides(live_server, page, phone, cast, entry):
    review(cast, entry, "chief", 80, "approve", "同意")
    review(cast, entry, "judge", 74, "approve", "同意")
    at = f"{live_server.url}/c/{cast.contest.slug}/committees/{entry.committee_id}/entries/{entry.pk}/"

    log_in(phone, live_server.url, "judge2", PASSWORD)
    phone.goto(at)
    phone.fill("input[name=score-content]", "30.5")
    phone.fill("input[name=score-form]", "20")
    phone.fill("input[name=score-effect]", "15")
    phone.check("input[name=vote][value=reject]")
    phone.fill("textarea[name=comment]", "画面粗糙,建议重拍部分镜头")
    phone.click("#review-form button")
    expect(phone.locator(".messages")).to_contain_text("评审意见已提交")
    expect(phone.locator("#reviews")).to_contain_text("画面粗糙")
    expect(phone.locator("#reviews article")).to_have_count(1)  # the others stay hidden
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the entry page scrolls sideways on a phone ({width}px)"
    assert Review.objects.get(assignment__member__user=cast.judge2).total == 65.5

    log_in(page, live_server.url, "chief", PASSWORD)
    page.goto(at)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#decide button")
    # (80 + 74 + 65.5) / 3 = 73.17 ≥ 70: approved, judge2's rejection recorded as dissent.
    expect(page.locator("#decision")).to_contain_text("73.17")
    expect(page.locator("#decision .dissent")).to_contain_text("画面粗糙")
    assert Decision.objects.get().outcome == "approved"
