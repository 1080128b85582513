"""In a real browser: the county rectifies on its phone, the 回头看 accepts it,
the organizer sees it verified."""

import os

import pytest
from playwright.sync_api import expect

from bipin.evidence.tests.conftest import png
from bipin.rectification.models import State, Task
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("BIPIN_SCREENSHOTS")  # a folder to keep screenshots in, when set


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_the_county_rectifies_and_the_recheck_accepts_it(live_server, page, phone, ledger):
    task = ledger.task()
    base = f"{live_server.url}/c/{ledger.contest.slug}/rectification/"

    log_in(phone, live_server.url, "entrant", PASSWORD)
    phone.goto(base)
    expect(phone.locator("#counts")).to_contain_text("待整改 1 项")
    phone.click(f"#task-{task.pk} >> text=#{task.pk}")
    phone.fill("textarea[name=measures]", "更换老化管道 300 米")
    phone.fill("input[name=responsible_unit]", "南川县水利局")
    phone.fill("input[name=responsible_person]", "张三")
    phone.fill("textarea[name=completion]", "已完成更换并试压")
    phone.set_input_files(
        "input[name=evidence]",
        files=[{"name": "整改后.png", "mimeType": "image/png", "buffer": png()}],
    )
    phone.click("button:has-text('提交核查')")
    expect(phone.locator(".messages")).to_contain_text("已提交,等待核查。")
    expect(phone.locator("#state")).to_contain_text("已提交")
    expect(phone.locator(".evidence-photos img")).to_have_count(1)
    shot(phone, "rectification-task-phone")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the task page scrolls sideways on a phone ({width}px)"

    log_in(page, live_server.url, "inspector2", PASSWORD)
    page.goto(f"{base}recheck/{ledger.recheck_round.pk}/")
    card = page.locator(f"#finding-{task.finding_id}")
    expect(card).to_contain_text("已提交")
    card.locator("select[name=outcome]").select_option("rectified")
    card.locator("textarea[name=note]").fill("现场查看已更换")
    card.locator("button:has-text('记录结果')").click()
    expect(page.locator(".messages")).to_contain_text("回头看结果已记录。")
    expect(page.locator(f"#finding-{task.finding_id} .outcome")).to_contain_text("已整改")
    shot(page, "rectification-recheck")

    page.context.clear_cookies()
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{base}?state=verified")
    expect(page.locator(f"#task-{task.pk}")).to_contain_text("已核查")
    page.click(f"#task-{task.pk} >> text=#{task.pk}")
    expect(page.locator("#history")).to_contain_text("回头看:已整改")
    shot(page, "rectification-task-organizer")
    assert Task.objects.get(pk=task.pk).state == State.VERIFIED
