"""An inspector on a phone records a finding with a photo while offline."""

import pytest
from playwright.sync_api import expect

from bipin.evidence.tests.conftest import jpeg
from bipin.inspections.models import Finding
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_offline_finding_with_a_photo_waits_then_arrives_exactly_once(
    field, browser, live_server
):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    try:
        log_in(phone, live_server.url, "inspector2", PASSWORD)
        phone.goto(f"{live_server.url}/c/test-contest/inspections/record/")
        expect(phone.locator("#f-visit option")).to_have_text(["南川县 · 第一轮实地核查"])
        expect(phone.locator("#f-severity option")).to_have_count(4)
        context.set_offline(True)
        phone.select_option("#f-category", "水表损坏")
        phone.select_option("#f-severity", "严重")
        phone.fill("#f-site", "王家户")
        phone.fill("#f-description", "水表表盘破裂,无法读数")
        phone.set_input_files(
            "#f-photos",
            files=[{"name": "水表.jpg", "mimeType": "image/jpeg", "buffer": jpeg(gps=True)}],
        )
        phone.click("#finding-form button[type=submit]")
        waiting = phone.locator("#outbox li .state.waiting")
        expect(waiting).to_have_text("待发送")
        expect(phone.locator("#outbox li")).to_contain_text("1 张照片")
        assert Finding.objects.count() == 0
        context.set_offline(False)
        expect(phone.locator("#outbox li .state.saved")).to_have_text(
            "已保存", timeout=30_000
        )
        phone.reload()
        expect(phone.locator("#outbox li .state.saved")).to_have_count(1)
    finally:
        context.close()
    finding = Finding.objects.get()
    assert (finding.category, finding.severity, finding.site) == ("水表损坏", "严重", "王家户")
    assert finding.recorded_by.username == "inspector2" and finding.photos.count() == 1
    assert finding.photos.get().location_kept is False


def test_the_phone_shows_the_drawn_sites_only_once_revealed(field, phone, live_server):
    from bipin.inspections import sitedraws

    draw = sitedraws.commit_site_draw(
        field.organizer, field.visit, ["石桥村", "王家户", "李家村", "东岭村", "河湾村"], 2
    )
    phone.set_default_timeout(15_000)
    log_in(phone, live_server.url, "inspector2", PASSWORD)
    phone.goto(f"{live_server.url}/c/test-contest/inspections/record/")
    sites = phone.locator("#visit-sites")
    expect(sites).to_contain_text("核查点待抽签揭晓")
    expect(phone.locator("#f-sites option")).to_have_count(0)
    draw = sitedraws.reveal_site_draw(field.organizer, draw, ["7", "42"])
    phone.reload()
    expect(sites.locator(".sites")).to_have_text("、".join(draw.sites))
    expect(phone.locator("#f-sites option")).to_have_count(2)
    sites.get_by_role("link", name="抽签记录").click()
    expect(phone.locator(".seed")).to_have_text(draw.seed)
