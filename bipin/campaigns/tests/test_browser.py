"""In a real browser: a village scorer scores households on a phone, one of them while the
phone is offline (kept, then sent once when it is back), and the township reviewer samples
and approves the village."""

import pytest
from playwright.sync_api import expect

from bipin.campaigns.models import Score
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer(phone, head: str, *, clean="yes", green="30", kin="yes", law="yes") -> None:
    phone.locator(".household", has_text=head).locator("a").click()
    sheet = phone.locator("#sheet")
    expect(sheet).to_be_visible()
    expect(phone.locator("#sheet-title")).to_contain_text(head)
    for item, value in (("clean", clean), ("kin", kin), ("law", law)):
        sheet.locator(f"input[name=item_{item}][value={value}]").check()
    sheet.locator("input[name=item_green]").fill(green)
    phone.click("#save")


def test_a_scorer_scores_on_a_phone_offline_too_and_the_township_approves(
        live_server, browser, page, cast, campaign, village_a):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    try:
        log_in(phone, live_server.url, "scorer_a", PASSWORD)
        phone.goto(f"{live_server.url}/c/stars/campaign/")  # a scorer lands on their village
        expect(phone.locator("h1")).to_contain_text("甲村")
        phone.fill("#search input[name=q]", "王")
        expect(phone.locator(".household:visible")).to_have_count(1)
        phone.fill("#search input[name=q]", "")

        answer(phone, "张一")
        expect(phone.locator(".household", has_text="张一").locator(".stars")).to_have_attribute("data-stars", "5")

        li_er = phone.locator(".household", has_text="李二")
        context.set_offline(True)
        answer(phone, "李二", kin="no")  # 70 points: three stars, once it reaches the server
        expect(li_er.locator(".pending")).to_be_visible()
        expect(phone.locator("#net")).to_contain_text("待发送")
        assert not Score.objects.filter(household__head="李二").exists()
        context.set_offline(False)
        expect(li_er.locator(".stars")).to_have_attribute("data-stars", "3")
        expect(li_er.locator(".pending")).to_be_hidden()

        answer(phone, "王三", law="no")
        expect(phone.locator(".household", has_text="王三").locator(".stars")).to_have_attribute("data-stars", "0")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 392, f"the village page scrolls sideways on a phone ({width}px)"
    finally:
        context.close()
    assert Score.objects.filter(household__head="李二").count() == 1

    log_in(page, live_server.url, "reviewer_e", PASSWORD)
    page.goto(f"{live_server.url}/c/stars/campaign/villages/{village_a.pk}/review/")
    expect(page.locator("#village-status")).to_contain_text("已评 3/3 户")
    page.fill("#sample input[name=size]", "2")
    page.click("#sample button")
    expect(page.locator("#drawn tbody tr")).to_have_count(2)
    page.click("#approve")
    expect(page.locator("#village-status [data-status]")).to_have_attribute("data-status", "approved")
