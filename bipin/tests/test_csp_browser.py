"""The main pages in a real browser against `bipin serve` in production mode: no
page breaks the Content-Security-Policy, and the pages that run scripts still
work under it (a judge scores, the console and big screen follow, a candidate's
answers are saved)."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bipin.contests.demo import PASSWORD
from bipin.testing.browser import log_in
from bipin.testing.server import SQLITE_OF_ITS_OWN, bipin_serve, production_env, with_demo

pytestmark = [pytest.mark.browser, SQLITE_OF_ITS_OWN]
CITY, APPLES = "/c/demo-dabipin", "/c/demo-apples"
POLLING_PAGE_WATCH_MS = 5_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):

    var_dir = tmp_path_factory.mktemp("var")
    # Plain HTTP on loopback, as on a venue's own network without TLS.
    env = with_demo({**production_env(var_dir), "BIPIN_HTTPS": "false"})
    with bipin_serve(env, "--no-migrate") as (base, _):
        yield base


class Watch:
    """A browser context that records every policy violation and script error."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(locale="zh-CN", **options)
        self.problems: list[str] = []
        # Chromium reports each refused script, style or handler on the console.
        self.context.on("console", lambda m: self.problems.append(f"{m.type}: {m.text}")
                        if "Content Security Policy" in m.text else None)
        self.context.add_init_script("""document.addEventListener("securitypolicyviolation", e =>
            console.error("Content Security Policy violation: " + e.violatedDirective + " " + e.blockedURI));""")
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))

    def visit(self, base: str, path: str):
        response = self.page.goto(base + path)
        assert response.status == 200, (path, response.status)
        assert "Content-Security-Policy" in response.headers or "content-security-policy" in response.headers
        self.page.wait_for_load_state("load")
        try:
            # What is watched is the page running for a while. The console and the
            # screen poll twice a second, so on a busy machine they may never be
            # half a second without a request: "networkidle" is a bound, not a must.
            self.page.wait_for_load_state("networkidle", timeout=POLLING_PAGE_WATCH_MS)
        except PlaywrightTimeoutError:
            pass
        return response

    def links(self, pattern: str) -> list[str]:
        hrefs = self.page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
        return sorted({h for h in hrefs if re.fullmatch(pattern, h)})

    def close(self):
        self.context.close()


@pytest.fixture
def watch(browser):
    opened = []

    def open_(role: str | None, base: str, phone: bool = False) -> Watch:
        size = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True} if phone \
            else {"viewport": {"width": 1280, "height": 900}}
        w = Watch(browser, **size)
        opened.append(w)
        if role:
            log_in(w.page, base, role, PASSWORD)
        return w

    yield open_
    problems = [p for w in opened for p in w.problems]
    for w in opened:
        w.close()
    assert problems == []


def test_the_public_pages_keep_the_policy(server, watch):
    w = watch(None, server)
    for path in ("/", "/accounts/login/", f"{APPLES}/draws/", f"{CITY}/draws/"):
        w.visit(server, path)
    assert w.problems == []


def test_the_organizers_pages_keep_the_policy(server, watch):
    w = watch("organizer", server)
    w.visit(server, "/")
    pages = [f"{CITY}/", f"{CITY}/setup/groups/", f"{CITY}/setup/entrants/", f"{CITY}/setup/people/",
             f"{CITY}/setup/scheme/", f"{CITY}/setup/login-links/", f"{CITY}/judging/setup/",
             f"{CITY}/judging/draws/", f"{CITY}/judging/console/", f"{CITY}/judging/screen/",
             f"{CITY}/judging/sheets/", f"{CITY}/judging/paper/", f"{CITY}/results/",
             f"{CITY}/results/ranking/", f"{CITY}/exam/", f"{APPLES}/judging/labels/",
             f"{APPLES}/judging/console/", f"{APPLES}/judging/screen/"]
    for path in pages:
        w.visit(server, path)
    w.visit(server, f"{CITY}/results/ranking/")
    cards = w.links(r"/c/demo-dabipin/results/card/\d+/(\?snapshot=\d+)?")
    ceremonies = (w.visit(server, f"{CITY}/judging/draws/") and w.links(r".*/ceremony/"))
    w.visit(server, f"{CITY}/exam/")
    sittings = w.links(r"/c/demo-dabipin/exam/sittings/\d+/manage/")
    assert cards and ceremonies and len(sittings) == 2
    for path in [cards[0], ceremonies[0], *sittings]:
        w.visit(server, path)
    for sitting in sittings:
        w.page.goto(server + sitting)
        for extra in w.links(r".*/sittings/\d+/(screen|analysis|marking)/"):
            w.visit(server, extra)
    # Printed login links: the page that prints the QR codes.
    w.visit(server, f"{CITY}/setup/login-links/")
    w.page.locator("form input[type=checkbox]").first.check()
    w.page.locator("form button.primary").first.click()
    w.page.wait_for_selector("svg.segno")
    assert w.problems == []


def test_a_question_before_a_destructive_button_still_asks(server, watch):
    w = watch("organizer", server)
    w.visit(server, f"{APPLES}/judging/labels/")
    codes = w.page.inner_text(".labels")
    asked = []
    w.page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    w.page.click("button.danger")
    w.page.wait_for_load_state("networkidle")
    assert asked and "重新生成" in asked[0]
    assert w.page.inner_text(".labels") == codes  # declined: nothing was submitted


def test_a_judge_scores_and_the_console_and_screen_follow(server, watch):
    console = watch("organizer", server)
    console.visit(server, f"{APPLES}/judging/console/")
    console.page.wait_for_selector("#console-table tbody tr")
    locked_before = console.page.locator("#console-table td.judge-locked").count()
    screen = watch("chief", server)
    screen.visit(server, f"{APPLES}/judging/screen/")
    screen.page.wait_for_selector("#board-rows tr")

    judge = watch("judge1", server, phone=True)
    judge.visit(server, f"{APPLES}/judging/score/")
    judge.page.locator("#list .entry.state-open .entry-open").first.click()
    for field in judge.page.locator("#criteria input[type=number]").all():
        field.fill("8")
    judge.page.click("#sheet-form button[type=submit]")
    judge.page.wait_for_selector("#confirm:not([hidden])")
    judge.page.click("#confirm-yes")
    judge.page.wait_for_selector(".entry.state-locked .state.locked")

    # The console polls: the new sheet shows without a reload.
    console.page.locator("#console-table td.judge-locked").nth(locked_before).wait_for()
    screen.page.wait_for_selector("#board-rows tr")
    assert console.problems == [] and judge.problems == [] and screen.problems == []


def test_a_candidate_takes_the_practice_test(server, watch):
    w = watch("cand01", server, phone=True)
    w.visit(server, f"{CITY}/exam/mine/")
    open_sittings = w.links(r"/c/demo-dabipin/exam/sittings/\d+/")
    assert open_sittings
    w.visit(server, open_sittings[-1])
    w.page.click("#start-button")
    w.page.wait_for_selector("#exam")
    question = w.page.locator("fieldset.question[data-qtype=single], fieldset.question[data-qtype=true_false]").first
    question.locator("input").first.check()
    question.locator(".saved", has_text="已保存").wait_for()
    # Enter in a text answer must not submit the paper as a page request.
    fill = w.page.locator("fieldset.question[data-qtype=fill] input[type=text]").first
    fill.fill("答案")
    fill.press("Enter")
    fill.locator("xpath=..").locator(".saved", has_text="已保存").wait_for()
    assert "/start/" not in w.page.url and w.page.locator("#exam").count() == 1
    assert w.problems == []
