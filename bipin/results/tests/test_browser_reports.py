"""In a real browser: the organizer drills into the ranking's notes; the county reads
its card and downloads it as a PDF."""

import io

import pypdf
import pytest
from playwright.sync_api import expect

from bipin.testing.browser import guide_shot, log_in
from bipin.testing.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_organizer_opens_a_kind_of_note_to_see_where_it_happened(live_server, page, cast, filed):
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/{cast.contest.slug}/results/ranking/")
    kind = page.locator("details.note-kind").filter(has_text="部门评价")
    expect(kind.locator("summary")).to_contain_text("1 处")
    expect(kind.locator(".note-places")).to_be_hidden()
    kind.locator("summary").click()
    expect(kind.locator(".note-places li")).to_have_text(["市直部门 · 教育局"])
    expect(page.locator("table.ranking .badge.veto")).to_have_text("一票否决:等次定为最低一档")
    expect(page.locator("table.ranking .badge.award")).to_have_text(["一等奖"])
    guide_shot(page, "ranking-notes")


def test_the_county_reads_its_card_and_downloads_it_as_a_pdf(live_server, phone, cast, filed):
    log_in(phone, live_server.url, "entrant", PASSWORD)
    phone.goto(f"{live_server.url}/c/{cast.contest.slug}/results/mine/")
    expect(phone.locator("h1")).to_have_text("南川县 成绩单")
    expect(phone.locator(".award-card .badge.award")).to_have_text("一等奖")
    dimension = phone.locator(".explain > details.node").filter(has_text="成效巩固")
    dimension.locator("> summary").click()
    leaf = dimension.locator("details.node").filter(has_text="饮水达标率")
    leaf.locator("> summary").click()
    expect(leaf.locator("dd").first).to_have_text("达到目标值100得满分,每低于目标0.1扣1分,扣完为止")
    guide_shot(phone, "card-phone")
    with phone.expect_download() as download:
        phone.click("a.card-pdf")
    data = open(download.value.path(), "rb").read()
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "南川县 成绩单" in text and "北原县 成绩单" not in text
