"""A person named by a contest that did not create their account decides themselves."""

import pytest

from bipin.accounts.models import Invitation
from bipin.audit.models import Record
from bipin.contests.models import Membership, Role


@pytest.fixture
def invited(client_as, cast):
    """The other contest invites test-contest's judge2 as a judge."""
    client_as("other_organizer").post("/c/other-contest/setup/people/",
                                      {"username": "judge2", "role": "judge"})
    return Invitation.objects.get(user=cast.judge2)


def test_the_home_page_tells_the_person_of_a_pending_invitation(client_as, invited):
    html = client_as("judge2").get("/").content.decode()
    assert "您有 1 个待处理的邀请" in html and "/accounts/invitations/" in html


def test_the_invitations_page_says_what_accepting_means(client_as, invited):
    html = client_as("judge2").get("/accounts/invitations/").content.decode()
    assert "另一个活动" in html and "评委" in html and "other_organizer" in html
    assert "可以为您打印一次性登录二维码" in html


def test_accepting_grants_the_role_and_is_audited(client_as, cast, invited):
    response = client_as("judge2").post(f"/accounts/invitations/{invited.pk}/accept/")
    assert response.status_code == 302 and response["Location"] == "/c/other-contest/"
    assert Membership.objects.filter(contest=cast.other_contest, user=cast.judge2,
                                     role=Role.JUDGE).exists()
    invited.refresh_from_db()
    assert invited.status == Invitation.Status.ACCEPTED and invited.decided_at is not None
    rec = Record.objects.get(action="invitation.accept")
    assert rec.actor_label == "judge2" and rec.chain.key == f"contest:{cast.other_contest.pk}"


def test_declining_grants_nothing_and_is_audited(client_as, cast, invited):
    client_as("judge2").post(f"/accounts/invitations/{invited.pk}/decline/")
    assert not Membership.objects.filter(contest=cast.other_contest, user=cast.judge2).exists()
    invited.refresh_from_db()
    assert invited.status == Invitation.Status.DECLINED
    assert Record.objects.filter(action="invitation.decline", actor_label="judge2").exists()
    html = client_as("other_organizer").get("/c/other-contest/setup/people/").content.decode()
    assert "已谢绝" in html


def test_nobody_else_can_answer_someone_elses_invitation(client_as, cast, invited):
    for who in ("other_organizer", "judge", "organizer"):
        client = client_as(who)
        assert client.post(f"/accounts/invitations/{invited.pk}/accept/").status_code == 404
        assert client.post(f"/accounts/invitations/{invited.pk}/decline/").status_code == 404
    invited.refresh_from_db()
    assert invited.status == Invitation.Status.PENDING


def test_an_answered_invitation_cannot_be_answered_again(client_as, cast, invited):
    client = client_as("judge2")
    client.post(f"/accounts/invitations/{invited.pk}/decline/")
    assert client.post(f"/accounts/invitations/{invited.pk}/accept/").status_code == 404
    assert not Membership.objects.filter(contest=cast.other_contest, user=cast.judge2).exists()


def test_invitation_answers_refuse_get(client_as, invited):
    client = client_as("judge2")
    assert client.get(f"/accounts/invitations/{invited.pk}/accept/").status_code == 405
    assert client.get(f"/accounts/invitations/{invited.pk}/decline/").status_code == 405


def test_anonymous_visitors_are_sent_to_log_in(client, invited):
    client.logout()  # the fixture logged the other organizer in to invite
    response = client.get("/accounts/invitations/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
