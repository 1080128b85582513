"""Every role's pages pass axe-core: no critical or serious accessibility problem.

Each demo account logs in (one browser context per role, a phone for those who
work on one) and walks the site from the home page by its links: the contest
page's nav links lead to every app's pages, so a new page is checked as soon as
it is linked. One page per URL pattern is checked (the first report card stands
for all of them). The public sees the notice, the draws and the login page. A
judge's open score sheet and a candidate's running test are checked too, as
they only appear after a tap. Every violation is printed with its selector.
"""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from bipin.campaigns.demo import SLUG as STARS_SLUG
from bipin.contests.demo import APPLES_SLUG, CITY_SLUG, PASSWORD
from bipin.testing.a11y import axe_violations
from bipin.testing.browser import log_in
from bipin.testing.server import SQLITE_OF_ITS_OWN, bipin_serve, server_env, with_demo

pytestmark = [
    pytest.mark.browser,
    SQLITE_OF_ITS_OWN,
]
CITY, APPLES = f"/c/{CITY_SLUG}", f"/c/{APPLES_SLUG}"
# Links followed from the home page: home → contest → an app's page → its objects.
DEPTH = 3
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# Pages that draw their content with a script after loading: checked once it is there.
READY = {
    "judging:score": "#list[aria-busy=false]",
    "judging:console": "#console-table tbody tr",
    "judging:screen": "#board-rows tr",
}
# (account, phone?, pages the walk must reach: it found its way, not only the home page)
ROLES = [
    ("organizer", False, ["contests:detail", "judging:console", "judging:screen", "results:ranking",
                          "results:notice", "exams:sitting", "inspections:findings",
                          "rectification:tasks", "reporting:index", "supervision:records",
                          "periodic:index", "audit:contest", "registration:list",
                          "registration:receiving"]),
    ("chief", False, ["contests:detail", "judging:screen"]),
    ("judge1", True, ["judging:score"]),
    ("cand01", True, ["exams:mine"]),
    ("inspector", True, ["contests:detail", "inspections:team_findings", "inspections:record"]),
    ("county", True, ["contests:detail", "results:mine", "rectification:tasks"]),
    ("reporter", False, ["reporting:grid", "periodic:index"]),
    ("reviewer", False, ["reporting:grid"]),
    ("supervisor", False, ["supervision:records"]),
    ("supervisor_review", False, ["supervision:records"]),
    ("townreporter", True, ["periodic:index"]),
    ("countyreviewer", False, ["periodic:index"]),
    ("cityreviewer", False, ["periodic:index"]),
    ("village_scorer", True, ["campaigns:village"]),
    ("township_reviewer", False, ["campaigns:home", "campaigns:review", "campaigns:summary"]),
]
# The walk opens one page per URL pattern, so one contest page: the campaign's people
# start from theirs as well (the home page lists the city's contest first).
STARTS = {"village_scorer": ["/", f"/c/{STARS_SLUG}/"], "township_reviewer": ["/", f"/c/{STARS_SLUG}/"]}
PUBLIC_STARTS = ["/", "/accounts/login/", f"{CITY}/notice/", f"{CITY}/draws/", f"{APPLES}/draws/",
                 f"{APPLES}/register/", f"{APPLES}/register/status/", f"/campaign/{STARS_SLUG}/check/"]
# The demo releases nothing; the notice is public only once released and published.
RELEASE = f"""
import datetime, django
django.setup()
from django.contrib.auth import get_user_model
from bipin.contests.models import Contest
from bipin.results import services
contest = Contest.objects.get(slug="{CITY_SLUG}")
organizer = get_user_model().objects.get(username="organizer")
release = services.release_results(organizer, services.latest_snapshot(contest), "示例公示")
today = datetime.date.today()
services.publish_notice(organizer, release, start=today, end=today + datetime.timedelta(days=7),
                        contact="示例市考评办 0000-0000000(示例)")
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = with_demo({**server_env(tmp_path_factory.mktemp("var")),
                     "DJANGO_SETTINGS_MODULE": "bipin.settings"})
    subprocess.run([sys.executable, "-c", RELEASE], env=env, check=True, capture_output=True,
                   timeout=600)
    with bipin_serve(env, "--no-migrate") as (base, _):
        yield base


def page_name(path: str) -> str | None:
    """``namespace:name`` of the page at ``path``; None for what is not a page to check."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    if match.route.startswith(("api/", "i18n/")):
        return None
    return match.view_name


class Walk:
    """One role's browser context walking the site and collecting axe's findings."""

    def __init__(self, browser, base: str, role: str | None, phone: bool):
        self.base, self.role = base, role
        self.context = browser.new_context(locale="zh-CN", **(PHONE if phone else DESKTOP))
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.seen: dict[str, str] = {}  # page name → the path checked for it
        self.problems: list[str] = []
        if role:
            log_in(self.page, base, role, PASSWORD)

    def open(self, path: str) -> bool:
        """Go to ``path``; False when it is a download or not a page of this role's."""
        try:
            response = self.page.goto(self.base + path)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                return False
            raise
        return (response is not None and response.status == 200
                and response.headers.get("content-type", "").startswith("text/html"))

    def check(self, name: str) -> None:
        if name in READY:
            self.page.wait_for_selector(READY[name], state="attached")
        self.problems += axe_violations(self.page)

    def walk(self, starts: list[str]) -> None:
        queue = [(path, 0) for path in starts]
        while queue:
            path, depth = queue.pop(0)
            name = page_name(path)
            if name is None or name in self.seen or not self.open(path):
                continue
            self.seen[name] = path
            self.check(name)
            if depth < DEPTH:
                hrefs = self.page.eval_on_selector_all(
                    "a[href]:not([download])", "as => as.map(a => a.href.split('#')[0])")
                queue += [(h[len(self.base):], depth + 1) for h in hrefs if h.startswith(self.base + "/")]

    def report(self) -> str:
        who = self.role or "the public"
        return (f"{len(self.problems)} axe violations on {len(self.seen)} pages as {who}:\n"
                + "\n".join(self.problems))


@pytest.fixture
def walk(browser, server):
    opened = []

    def start(role: str | None, phone: bool = False) -> Walk:
        opened.append(Walk(browser, server, role, phone))
        return opened[-1]

    yield start
    for w in opened:
        w.context.close()


@pytest.mark.parametrize(("role", "phone", "reached"), ROLES, ids=[r[0] for r in ROLES])
def test_every_page_a_role_reaches_has_no_serious_accessibility_problem(walk, role, phone, reached):
    w = walk(role, phone)
    w.walk(STARTS.get(role, ["/"]))
    print(w.report())
    assert set(reached) <= set(w.seen), sorted(set(reached) - set(w.seen))
    assert w.problems == [], w.report()


def test_the_public_pages_have_no_serious_accessibility_problem(walk):
    w = walk(None)
    w.walk(PUBLIC_STARTS)
    print(w.report())
    assert {"results:notice", "judging:public_draws", "accounts:login"} <= set(w.seen)
    assert w.problems == [], w.report()


def test_a_judges_open_sheet_has_no_serious_accessibility_problem(walk):
    w = walk("judge1", phone=True)
    w.open(f"{APPLES}/judging/score/")
    w.page.locator("#list .entry.state-open .entry-open").first.click()
    expect(w.page.locator("#criteria input[type=number]").first).to_be_visible()
    w.check("judging:sheet")
    assert w.problems == [], w.report()


def test_a_village_scorers_open_household_has_no_serious_accessibility_problem(walk):
    w = walk("village_scorer", phone=True)
    w.open(f"/c/{STARS_SLUG}/campaign/")
    w.page.locator("#households .household a").first.click()
    expect(w.page.locator("#sheet")).to_be_visible()
    w.check("campaigns:sheet")
    assert w.problems == [], w.report()


def test_a_candidates_running_test_has_no_serious_accessibility_problem(walk):
    w = walk("cand01", phone=True)
    w.open(f"{CITY}/exam/mine/")
    sittings = w.page.eval_on_selector_all(
        "a[href*='/exam/sittings/']", "as => as.map(a => a.getAttribute('href'))")
    assert sittings
    w.open(sittings[-1])
    w.page.click("#start-button")
    w.page.wait_for_selector("#exam fieldset.question")
    w.check("exams:take")
    assert w.problems == [], w.report()
