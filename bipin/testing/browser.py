"""Playwright driving Debian's Chromium (never a downloaded browser).

Without /usr/bin/chromium the browser tests skip with a message that says how
to install it; under CI (CI=true) a missing browser fails instead, because
.ci/run installs it and a skip there would hide a broken page.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("BIPIN_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = (f"浏览器测试需要 Chromium:{CHROMIUM} 不存在。请运行 apt-get install -y chromium / "
               f"browser tests need Chromium at {CHROMIUM}: run `apt-get install -y chromium`")
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    # Playwright's sync API keeps an event loop in this thread; Django refuses
    # ORM calls from such a thread unless told that the test knows what it does.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


def log_in(page, live_server_url: str, username: str, password: str) -> None:
    page.goto(f"{live_server_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


GUIDE_IMG = Path(__file__).resolve().parents[2] / "docs" / "guide" / "img"


def guide_shot(page, name: str) -> None:
    """Save what ``page`` shows as docs/guide/img/<name>.png for the user guide.

    Only under BIPIN_GUIDE_SHOTS=1 (`make guide-shots`), so an ordinary test run
    writes nothing into the tree.
    """
    if os.environ.get("BIPIN_GUIDE_SHOTS") != "1":
        return
    GUIDE_IMG.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(GUIDE_IMG / f"{name}.png"))
