"""A judge logs in by scanning a printed QR code: once, and only before it expires."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from bipin.accounts.links import create_login_link


def test_a_link_logs_the_judge_in_and_lands_on_the_contest(client, cast):
    token = create_login_link(cast.organizer, cast.judge, contest=cast.contest)
    response = client.get(f"/accounts/link/{token}/")
    assert response.status_code == 302 and response["Location"] == "/c/test-contest/"
    assert client.get("/c/test-contest/").context["user"] == cast.judge


def test_a_link_works_only_once(client, cast):
    token = create_login_link(cast.organizer, cast.judge, contest=cast.contest)
    client.get(f"/accounts/link/{token}/")
    client.logout()
    response = client.get(f"/accounts/link/{token}/")
    assert response.status_code == 410
    assert "登录链接已失效" in response.content.decode()


def test_an_expired_link_is_refused(client, cast):
    token = create_login_link(cast.organizer, cast.judge, contest=cast.contest, hours=2)
    with time_machine.travel(timezone.now() + timedelta(hours=2, seconds=1)):
        assert client.get(f"/accounts/link/{token}/").status_code == 410


def test_an_unknown_token_is_refused(client, cast):
    assert client.get("/accounts/link/not-a-token/").status_code == 410


def test_the_organizer_prints_qr_codes_for_chosen_judges(client_as, cast):
    from bipin.contests.models import Membership

    judge = Membership.objects.get(contest=cast.contest, user=cast.judge)
    response = client_as("organizer").post("/c/test-contest/setup/login-links/",
                                           {"member": [judge.pk], "hours": "24"})
    text = response.content.decode()
    assert response.status_code == 200 and text.count("<svg") == 1
    assert "/accounts/link/" in text and cast.judge.login_links.count() == 1


@pytest.mark.parametrize("who", ["judge", "inspector", "reporter", "reviewer", "entrant"])
def test_only_the_organizer_and_the_chief_judge_can_make_login_links(client_as, cast, who):
    from bipin.contests.models import Membership

    judge = Membership.objects.get(contest=cast.contest, user=cast.judge)
    response = client_as(who).post("/c/test-contest/setup/login-links/", {"member": [judge.pk]})
    assert response.status_code == 403 and cast.judge.login_links.count() == 0


def test_the_stored_link_is_only_a_hash(cast):
    token = create_login_link(cast.organizer, cast.judge, contest=cast.contest)
    assert token not in cast.judge.login_links.get().token_hash
