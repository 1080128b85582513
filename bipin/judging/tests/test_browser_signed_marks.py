"""A judge types a negative GOE on the phone; one below the range is stopped on the phone."""

import pytest

from bipin.judging import timer
from bipin.judging.models import Mark
from bipin.judging.tests.test_browser import judge_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_judge_enters_a_negative_goe_and_one_below_min_is_refused(event, goe, browser, live_server):
    timer.call_entrant(event.organizer, event.contest, event.entrants["南川县"])
    context, phone = judge_phone(browser, live_server, "judge")
    try:
        phone.click("#current .entry-current")
        field = phone.locator("input[name=执行分]")
        assert (field.get_attribute("min"), field.get_attribute("inputmode")) == ("-5", "text")
        assert "(-5–5,步长 1)" in phone.inner_text("#criteria")
        field.fill("-6")
        phone.click("#sheet-form button[type=submit]")
        phone.wait_for_selector("#sheet-errors:not([hidden])")
        assert "应在 -5 到 5 之间" in phone.inner_text("#sheet-errors")
        field.fill("-3")
        phone.click("#sheet-form button[type=submit]")
        phone.wait_for_selector("#confirm:not([hidden])")
        phone.click("#confirm-yes")
        phone.wait_for_selector(".entry .state.locked", timeout=15_000)
    finally:
        context.close()
    assert Mark.objects.get().value == -3
