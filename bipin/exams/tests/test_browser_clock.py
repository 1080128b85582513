"""The candidate's countdown is the server's, whatever the phone's clock says."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bipin.exams.models import Candidate
from bipin.exams.tests.test_browser import start_on_phone

# 12:30 left when the page loads; a busy machine may take some seconds to serve it.
LEFT = re.compile(r"^1[12]:[0-5][0-9]$")


@pytest.mark.browser
def test_the_countdown_follows_the_server_on_a_phone_whose_clock_is_years_off(
    transactional_db, live_server, phone
):
    cast, exam, candidate = start_on_phone(live_server, phone)
    Candidate.objects.filter(pk=candidate.pk).update(
        deadline=timezone.now() + timedelta(minutes=12, seconds=30)
    )
    phone.clock.set_system_time(datetime(2001, 1, 1, 8, 0))
    phone.reload()
    phone.wait_for_selector("#exam")
    clock = phone.locator("#clock")
    expect(clock).to_have_text(LEFT)
    # The phone's clock is set right during the test, two hours ahead: the
    # countdown goes on from where it was, it neither jumps nor submits.
    shown = clock.inner_text()
    phone.clock.set_system_time(datetime(2001, 1, 1, 10, 0))
    expect(clock).not_to_have_text(shown)  # a tick since the jump
    expect(clock).to_have_text(LEFT)
