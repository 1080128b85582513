"""In a real browser: the county files an objection with a photo on its phone
during the notice; the organizer assigns, answers and publishes the answer;
the public notice shows the counts and the answer."""

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bipin.evidence.tests.conftest import png
from bipin.objections.models import Objection
from bipin.results import services as results
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("BIPIN_SCREENSHOTS")  # a folder to keep screenshots in, when set


@pytest.fixture
def today():
    """The browser keeps its own clock (session cookies expire by it), so this test runs
    on the real date, with the notice moved around it."""
    return None


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_a_county_objects_and_the_notice_shows_the_answer(live_server, page, phone, cast, notice):
    day = timezone.localdate()
    results.publish_notice(cast.organizer, notice, start=day - dt.timedelta(days=1),
                           end=day + dt.timedelta(days=5), contact="考评办")
    base = f"{live_server.url}/c/{cast.contest.slug}"

    log_in(phone, live_server.url, "entrant", PASSWORD)
    phone.goto(f"{base}/objections/")
    phone.click("text=提出异议")
    phone.select_option("select[name=about]", label=phone.locator(
        "select[name=about] option", has_text="工作落实 › 实地核查").first.inner_text())
    phone.fill("textarea[name=reasons]", "石桥村的公示栏核查前已更新")
    phone.set_input_files("input[name=evidence]",
                          files=[{"name": "公示栏.png", "mimeType": "image/png", "buffer": png()}])
    phone.click("button:has-text('提交异议')")
    expect(phone.locator(".messages")).to_contain_text("异议已收到")
    expect(phone.locator("#status")).to_contain_text("已收到")
    expect(phone.locator(".evidence-photos img")).to_have_count(1)
    shot(phone, "objection-filed-phone")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the objection page scrolls sideways on a phone ({width}px)"
    objection = Objection.objects.get()

    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{base}/objections/settings/")
    page.check("input[name=publish_answers]")
    page.click("#policy button")
    expect(page.locator(".messages")).to_contain_text("异议设置已保存。")
    page.goto(f"{base}/objections/?status=received")
    page.click(f"text=#{objection.pk}")
    page.select_option("#assign select[name=assignee]", str(cast.inspector.pk))
    page.click("#assign button")
    expect(page.locator("#status")).to_contain_text("调查中")
    page.select_option("#answer-form select[name=outcome]", "partly")
    page.fill("#answer-form textarea[name=answer]", "公示栏已更新属实,但更新晚于通知时限")
    page.click("#answer-form button")
    expect(page.locator("#status")).to_contain_text("已答复")
    expect(page.locator("#answer-text")).to_have_text("公示栏已更新属实,但更新晚于通知时限")
    shot(page, "objection-answered")

    page.context.clear_cookies()
    page.goto(f"{base}/notice/")
    expect(page.locator("#objection-counts")).to_have_text("收到异议 1 件,已答复 1 件,处理中 0 件。")
    expect(page.locator(f"#answer-{objection.pk}")).to_contain_text("异议部分成立")
    expect(page.locator(f"#answer-{objection.pk}")).to_contain_text("公示栏已更新属实")
    expect(page.locator("#objections")).not_to_contain_text("石桥村的公示栏核查前已更新")
    shot(page, "objection-notice")
