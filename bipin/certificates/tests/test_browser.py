"""In a real browser: the organizer issues the certificates of the released result, and
someone holding one types its code on a phone and sees it is genuine; the organizer
publishes the winners and the phone reads every judge's marks without scrolling sideways."""

import pytest
from playwright.sync_api import expect

from bipin.certificates.models import Certificate
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_certificate_issued_by_the_organizer_verifies_on_the_public_page(
        live_server, page, phone, cast, released):
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/{cast.contest.slug}/certificates/")
    page.click("#issue button")
    expect(page.locator(".messages")).to_contain_text("已颁发 3 张证书")
    first = Certificate.objects.get(holder="北原县")
    expect(page.locator("#certificates")).to_contain_text(first.code)

    phone.goto(f"{live_server.url}/certificates/check/")
    phone.fill("input[name=code]", first.code.replace("-", "").lower())  # as typed from paper
    phone.click("#check-form button")
    verdict = phone.locator("#verdict")
    expect(verdict).to_have_attribute("data-verdict", "valid")
    expect(verdict).to_contain_text("北原县")
    expect(verdict).to_contain_text("一等奖")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the check page scrolls sideways on a phone ({width}px)"

    page.click("#publish button")
    expect(page.locator(".messages")).to_contain_text("获奖名单和评分表已公布")
    phone.goto(f"{live_server.url}/c/{cast.contest.slug}/winners/")
    expect(phone.locator("table.winners").first).to_contain_text("北原县")
    expect(phone.locator("section.sheet")).to_have_count(3)
    expect(phone.locator("section.sheet del").first).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the winners page scrolls sideways on a phone ({width}px)"
