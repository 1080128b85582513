"""In a real browser: the organizer reads the scheme in force and tries the current data."""

import pytest
from playwright.sync_api import expect

from bipin.contests.demo import EXAMPLES
from bipin.contests.services import upload_scheme
from bipin.results.models import Snapshot
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD

pytestmark = pytest.mark.browser


def test_the_organizer_reads_the_scheme_tree_and_runs_a_trial(page, live_server, live_cast):
    upload_scheme(live_cast.organizer, live_cast.contest,
                  (EXAMPLES / "dabipin" / "scheme.yaml").read_bytes(), "scheme.yaml")
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/test-contest/setup/scheme/")
    expect(page.locator("table.scheme-tree").first).to_contain_text(
        "达到目标值100得满分,每低于目标0.1扣1分,扣完为止")
    expect(page.get_by_text("分值核对无误").first).to_be_visible()
    page.get_by_role("link", name="用当前数据试算").click()
    expect(page.locator(".trial-label")).to_have_text("试算,不是正式结果")
    expect(page.locator("table.ranking").first).to_contain_text("南川县")
    assert not Snapshot.objects.filter(contest=live_cast.contest).exists()
