"""A save the page gave up on, carried out by the server after a newer one.

On a busy server a save can take longer than the page waits (bipinFetch);
the page then carries on, and the candidate may change the answer and have
the new one saved first. When the server finally carries out the old save,
the newer answer must stay: it is the one the page shows as saved.
"""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import expect

from bipin.exams import services
from bipin.exams.models import Answer
from bipin.exams.tests.test_browser import start_on_phone


@pytest.fixture
def slow_first_save(monkeypatch):
    """The first save waits in the view, before it touches the database, until ``release``."""
    holding, release, finished = threading.Event(), threading.Event(), threading.Event()
    real = services.save_answer

    def save_answer(*args, **kwargs):
        if holding.is_set():
            return real(*args, **kwargs)
        holding.set()
        release.wait(30)
        try:
            return real(*args, **kwargs)
        finally:
            finished.set()

    monkeypatch.setattr(services, "save_answer", save_answer)
    yield holding, release, finished
    release.set()


@pytest.mark.browser
def test_an_old_save_carried_out_late_does_not_replace_the_newer_answer(
    transactional_db, live_server, phone, slow_first_save
):
    holding, release, finished = slow_first_save
    phone.add_init_script("window.BIPIN_FETCH_MS = 1500")  # give up soon, not after 15 s
    cast, exam, candidate = start_on_phone(live_server, phone)
    item = exam.paper.items.select_related("question").get(order=1)  # single choice, 2 points
    right = item.question.answer[0]
    wrong = next(letter for letter in "ABCD" if letter != right)
    question = phone.locator(f'fieldset.question[data-item="{item.pk}"]')

    question.locator(f'input[value="{wrong}"]').check()
    assert holding.wait(30), "the first save never reached the server"
    expect(question.locator(".saved")).to_contain_text("未保存")  # the page gave up on it

    question.locator(f'input[value="{right}"]').check()
    expect(question.locator(".saved")).to_have_text("已保存")
    assert Answer.objects.get(candidate=candidate, item=item).response == [right]

    release.set()  # the server now carries out the save the page gave up on
    assert finished.wait(30), "the held save never finished"
    assert Answer.objects.get(candidate=candidate, item=item).response == [right]

    services.finish(candidate)
    assert Answer.objects.get(candidate=candidate, item=item).points == 2
    expect(question.locator(f'input[value="{right}"]')).to_be_checked()
