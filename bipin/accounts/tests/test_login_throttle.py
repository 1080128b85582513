"""Guessing passwords is slowed down, and cannot be used to lock a judge out.

Failures are counted per (username, address) and per address, in the
database, so every worker process sees the same count.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from bipin.accounts import throttle
from bipin.accounts.models import LoginThrottle
from bipin.testing.cast import PASSWORD

ATTACKER = "203.0.113.7"
VENUE = "198.51.100.20"


def attempt(client, username, password, address=ATTACKER):
    return client.post("/accounts/login/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


@pytest.fixture
def frozen():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_thirty_wrong_passwords_are_answered_429_with_a_message(client, cast, frozen):
    answers = [attempt(client, "judge", f"guess-{n}") for n in range(30)]
    assert [a.status_code for a in answers[:5]] == [200] * 5
    assert [a.status_code for a in answers[5:]] == [429] * 25
    html = answers[-1].content.decode()
    assert "登录尝试次数过多" in html and "Too many failed log-ins" in html
    assert "请向组织者或评委组长索取新的登录二维码" in html
    assert int(answers[-1]["Retry-After"]) > 0


def test_an_unknown_username_is_answered_the_same(client, cast, frozen):
    known = [attempt(client, "judge", f"guess-{n}").status_code for n in range(8)]
    unknown = [attempt(client, "nobody-here", f"guess-{n}").status_code for n in range(8)]
    assert known == unknown == [200] * 5 + [429] * 3


def test_the_right_password_is_refused_too_while_the_pair_waits(client, cast, frozen):
    for n in range(6):
        attempt(client, "judge", f"guess-{n}")
    assert attempt(client, "judge", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_judge_still_logs_in_from_another_address(client, cast, frozen):
    for n in range(30):
        attempt(client, "judge", f"guess-{n}")
    response = attempt(client, "judge", PASSWORD, address=VENUE)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.judge.pk)


def test_the_wait_grows_and_ends(client, cast, frozen):
    for n in range(5):
        attempt(client, "judge", f"guess-{n}")
    first_wait = int(attempt(client, "judge", "x")["Retry-After"])
    frozen.shift(timedelta(seconds=first_wait + 1))
    assert attempt(client, "judge", "still-wrong").status_code == 200
    second_wait = int(attempt(client, "judge", "x")["Retry-After"])
    assert second_wait > first_wait
    frozen.shift(timedelta(seconds=second_wait + 1))
    assert attempt(client, "judge", PASSWORD).status_code == 302


def test_a_successful_log_in_clears_the_pairs_count(client, cast, frozen):
    for n in range(4):
        attempt(client, "judge", f"guess-{n}")
    assert attempt(client, "judge", PASSWORD).status_code == 302
    client.logout()
    assert [attempt(client, "judge", f"again-{n}").status_code for n in range(5)] == [200] * 5


def test_many_usernames_from_one_address_are_slowed_down(client, cast, frozen):
    answers = [attempt(client, f"user{n}", "guess").status_code for n in range(60)]
    assert answers[:50] == [200] * 50 and set(answers[50:]) == {429}
    assert attempt(client, "judge", PASSWORD).status_code == 429
    assert attempt(client, "judge", PASSWORD, address=VENUE).status_code == 302


def test_what_is_stored_names_neither_the_account_nor_the_address(client, cast, frozen):
    attempt(client, "judge", "guess")
    keys = list(LoginThrottle.objects.values_list("key", flat=True))
    assert len(keys) == 2 and not any("judge" in k or ATTACKER in k for k in keys)


def test_an_empty_form_is_not_counted(client, cast, frozen):
    for _ in range(10):
        client.post("/accounts/login/", {"username": "judge"}, REMOTE_ADDR=ATTACKER)
    assert attempt(client, "judge", PASSWORD).status_code == 302


def test_counts_are_forgotten_after_an_hour_of_quiet(client, cast, frozen):
    for n in range(6):
        attempt(client, "judge", f"guess-{n}")
    frozen.shift(timedelta(hours=1, minutes=1))
    assert [attempt(client, "judge", f"later-{n}").status_code for n in range(5)] == [200] * 5


def test_a_public_pages_tries_never_make_a_judge_wait_to_log_in_from_the_same_wifi(db):
    """A village checking codes from one address counts on that page alone."""
    hall = "203.0.113.7"
    for _ in range(60):  # more than the address's allowance for log-ins
        throttle.failed("certificates:check", hall, page=throttle.PAGE)
    assert throttle.wait("certificates:check", hall, page=throttle.PAGE) > 0
    assert throttle.wait("judge1", hall) == 0
    assert throttle.wait("campaigns:check", hall, page=throttle.PAGE) == 0  # another page, its own count
