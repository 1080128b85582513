"""A save the server is still writing when the candidate's page comes back.

On a busy server an answer sent just before the connection drops may still be
in its write transaction when the phone reloads and sends it again. As with
`bipin serve`, the page, the other readers and the resent answer must each get
a connection of their own: readers see what is committed, the resent answer
waits for the first write and the answer is kept once.
"""

from __future__ import annotations

import threading

import pytest
from django.db.models.signals import post_save

from bipin.exams.models import Answer
from bipin.exams.tests.test_browser import start_on_phone


@pytest.fixture
def held_save():
    """The first answer written stops before its transaction commits, until ``release`` is set."""
    holding, release = threading.Event(), threading.Event()

    def hold_first(**kwargs):
        if not holding.is_set():
            holding.set()
            release.wait(30)

    post_save.connect(hold_first, sender=Answer, dispatch_uid="held_save")
    yield holding, release
    release.set()
    post_save.disconnect(dispatch_uid="held_save", sender=Answer)


@pytest.mark.browser
def test_a_reload_while_an_answer_is_being_written_resends_it_and_nothing_waits(
    transactional_db, live_server, phone, held_save
):
    holding, release = held_save
    cast, exam, candidate = start_on_phone(live_server, phone)
    first = phone.locator("fieldset.question").nth(0)
    item = int(first.get_attribute("data-item"))
    chosen = first.locator("input").first.get_attribute("value")
    first.locator("input").first.check()
    assert holding.wait(30), "the save never reached its write transaction"

    # Marking pages read while candidates write; the answer is not committed yet.
    assert not Answer.objects.filter(candidate=candidate, item_id=item).exists()
    phone.reload()  # served while the first save still holds the write
    phone.wait_for_selector("#exam")
    release.set()

    first = phone.locator("fieldset.question").nth(0)
    first.locator(".saved", has_text="已保存").wait_for()
    assert [a.response for a in Answer.objects.filter(candidate=candidate, item_id=item)] == [
        [chosen]
    ]
