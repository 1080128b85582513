"""On a phone: the county opens its card and reads where a deduction came from."""

from __future__ import annotations

import types

import pytest
from playwright.sync_api import expect

from bipin.contests import provenance as contest_provenance
from bipin.contests.provenance import Provenance
from bipin.evidence import access
from bipin.evidence import services as evidence
from bipin.evidence.tests.conftest import jpeg, upload
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_county_reads_a_findings_provenance_and_opens_its_photo(
    live_server, phone, cast, released, monkeypatch
):
    photo = evidence.store(cast.inspector, cast.contest, upload("管网老化.jpg", jpeg(1200, 900)))
    # An inspections app, as it will answer: who recorded the finding, who confirmed it, its photo.
    finding = types.SimpleNamespace(
        provenance=lambda contest, refs, user: {
            ref: Provenance(
                ref,
                "实地核查问题 #7",
                (("记录人", "核查员甲"), ("确认", "组长乙")),
                evidence=((photo.name, photo.get_absolute_url()),),
            )
            for ref in refs
            if ref.endswith(":5")
        }
    )
    monkeypatch.setattr(contest_provenance, "app_modules", lambda name: [("示例", finding)])
    shown_to_county = types.SimpleNamespace(may_see=lambda user, contest, ev: user == cast.entrant)
    monkeypatch.setattr(access, "app_modules", lambda name: [("示例", shown_to_county)])

    log_in(phone, live_server.url, "entrant", PASSWORD)
    phone.goto(f"{live_server.url}/c/{cast.contest.slug}/results/mine/")
    expect(phone.locator("h1")).to_contain_text("南川县 成绩单")
    line = phone.locator(".provenance-line", has_text="实地核查问题 #7")
    while not line.is_visible():  # open the breakdown down to the finding's row
        phone.locator("details.node:not([open]):visible > summary").first.click()
    expect(line).to_contain_text("记录人 核查员甲")
    expect(line).to_contain_text("确认 组长乙")
    thumb = line.locator(f'img[src="/c/{cast.contest.slug}/evidence/{photo.pk}/thumb/"]')
    expect(thumb).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the card scrolls sideways on a phone ({width}px)"
    with phone.expect_response(f"**/evidence/{photo.pk}/") as opened:
        phone.goto(f"{live_server.url}/c/{cast.contest.slug}/evidence/{photo.pk}/")
    assert opened.value.status == 200 and opened.value.headers["content-type"] == "image/jpeg"
