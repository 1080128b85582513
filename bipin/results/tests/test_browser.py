"""In a real browser: the organizer computes and releases; the county reads its card."""

import os

import pytest

from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("BIPIN_SCREENSHOTS")  # a folder to keep screenshots in, when set


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_organizer_computes_and_releases_then_the_entrant_reads_its_card(
        live_server, page, phone, cast, scheme, live, imported):
    slug = cast.contest.slug
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/{slug}/results/")
    page.click("text=计算成绩")
    page.wait_for_selector("table.ranking")
    assert "南川县" in page.inner_text("main")
    shot(page, "ranking")
    page.goto(f"{live_server.url}/c/{slug}/results/")
    page.fill("input[name=title]", "2026年测试结果")
    page.click("button:has-text('发布快照')")
    page.click("button:has-text('确认发布')")
    page.wait_for_selector("text=已发布“2026年测试结果”")

    log_in(phone, live_server.url, "entrant", PASSWORD)
    phone.goto(f"{live_server.url}/c/{slug}/results/mine/")
    phone.wait_for_selector("svg.radar")
    assert "南川县 成绩单" in phone.inner_text("h1")
    assert "北原县 成绩单" not in phone.content()
    phone.click("details.node >> nth=0 >> summary")
    assert phone.locator("details.node[open]").count() >= 1
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the card scrolls sideways on a phone ({width}px)"
    shot(phone, "card-phone")
