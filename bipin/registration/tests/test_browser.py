"""In a real browser: a producer opens the register page on a phone, registers a sample with
a photo, keeps the registration number and receipt code, and the status page says 已报名;
the organizer then receives it on a phone at the venue."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from bipin.registration.models import Registration
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def photo() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (190, 20, 30)).save(buffer, "JPEG")
    return {"name": "红富士.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the page scrolls sideways on a phone ({width}px)"


def test_a_producer_registers_a_sample_on_a_phone_and_reads_its_status(
        live_server, phone, page, cast, window):
    phone.goto(f"{live_server.url}/c/{cast.contest.slug}/register/")
    form = phone.locator("#register-form")
    form.locator("input[name=producer]").fill("示例果业合作社")
    form.locator("input[name=contact]").fill("示例联系人甲")
    form.locator("input[name=phone]").fill("13900000001")
    form.locator("select[name=group]").select_option(label="整体推进县")
    form.locator("input[name=variety]").fill("示例红富士")
    form.locator("input[name=origin]").fill("示例东村")
    form.locator("input[name=area]").fill("12.5")
    form.locator("input[name=photos]").set_input_files([photo()])
    fits(phone)
    form.locator("button[type=submit]").click()
    expect(phone.locator("#number")).to_have_text("001")
    receipt = phone.locator("#receipt-code")
    expect(receipt).to_have_text(Registration.objects.get().receipt)
    fits(phone)

    phone.click("text=查看报名状态")
    verdict = phone.locator("#verdict")
    expect(verdict).to_have_attribute("data-status", "registered")
    expect(verdict).to_contain_text("已报名")
    expect(verdict).to_contain_text("示例果业合作社")
    fits(phone)

    log_in(page, live_server.url, "organizer", PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/c/{cast.contest.slug}/registrations/receiving/")
    page.fill("#search input[name=q]", "1")
    page.click("#search button")
    sample = page.locator('section[data-number="001"]')
    sample.locator("button.primary").click()
    expect(page.locator(".messages")).to_contain_text("001 号样品已收样")
    fits(page)
    phone.reload()
    expect(phone.locator("#verdict")).to_have_attribute("data-status", "received")
