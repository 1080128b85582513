"""Naming an account that this contest did not create invites it; it never grants a role.

The attack this guards against: the organizer of another contest types our
organizer's (or a superuser's) username into their people form or import as a
"judge", then prints a one-time login link for that "judge".
"""

import io

import pytest
from django.contrib.auth import get_user_model

from bipin.accounts.models import Invitation
from bipin.audit.models import Record
from bipin.contests.models import Membership, Role
from bipin.testing.files import csv_bytes


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("admin", password="admin-password-1")


def upload(rows, name="people.csv"):
    f = io.BytesIO(csv_bytes(rows))
    f.name = name
    return f


@pytest.mark.parametrize("victim", ["organizer", "admin"])
def test_the_people_form_only_invites_an_account_from_elsewhere(client_as, cast, admin, victim):
    attacker = client_as("other_organizer")
    response = attacker.post("/c/other-contest/setup/people/",
                             {"username": victim, "role": "judge"}, follow=True)
    assert not Membership.objects.filter(contest=cast.other_contest, user__username=victim).exists()
    invitation = Invitation.objects.get(contest=cast.other_contest, user__username=victim)
    assert invitation.status == Invitation.Status.PENDING and invitation.role == Role.JUDGE
    html = response.content.decode()
    assert f"已邀请 {victim}" in html and "待本人登录后接受" in html


def test_the_people_import_only_invites_accounts_from_elsewhere(client_as, cast, admin):
    attacker = client_as("other_organizer")
    response = attacker.post("/c/other-contest/setup/people/import/", {"file": upload([
        ["用户名", "姓名", "角色"], ["organizer", "", "评委"], ["admin", "", "评委组长"],
        ["fresh_judge", "新评委", "评委"]])}, follow=True)
    members = set(Membership.objects.filter(contest=cast.other_contest)
                  .values_list("user__username", "role"))
    assert members == {("other_organizer", Role.ORGANIZER), ("fresh_judge", Role.JUDGE)}
    pending = set(Invitation.objects.filter(contest=cast.other_contest, status="pending")
                  .values_list("user__username", "role"))
    assert pending == {("organizer", Role.JUDGE), ("admin", Role.CHIEF_JUDGE)}
    html = response.content.decode()
    assert "已导入 3 条人员角色" in html
    assert "其中 2 个是已有账号(organizer、admin),已发出邀请" in html


def test_the_people_page_lists_pending_invitations_apart_from_roles(client_as, cast):
    client = client_as("organizer")
    client.post("/c/test-contest/setup/people/", {"username": "bystander", "role": "inspector"})
    html = client.get("/c/test-contest/setup/people/").content.decode()
    pending = html.split("待接受的邀请", 1)[1]
    assert "bystander" in pending and "核查员" in pending and "待本人接受" in pending


def test_an_invitation_is_audited(client_as, cast):
    client_as("organizer").post("/c/test-contest/setup/people/",
                                {"username": "other_organizer", "role": "judge"})
    rec = Record.objects.get(action="invitation.create")
    assert rec.target == "other_organizer" and rec.data["role"] == "judge"
    assert rec.chain.key == f"contest:{cast.contest.pk}" and rec.actor_label == "organizer"


def test_accounts_this_contest_created_get_their_role_at_once(client_as, cast):
    client = client_as("organizer")
    client.post("/c/test-contest/setup/people/", {"username": "judge", "role": "inspector"})
    assert Membership.objects.filter(contest=cast.contest, user=cast.judge,
                                     role=Role.INSPECTOR).exists()
    assert not Invitation.objects.exists()


def test_a_new_username_is_created_for_this_contest(client_as, cast):
    client_as("organizer").post("/c/test-contest/setup/people/",
                                {"username": "expert8", "role": "judge"})
    user = get_user_model().objects.get(username="expert8")
    assert user.origin.contest == cast.contest and not user.has_usable_password()
    assert Record.objects.filter(action="account.create", target="expert8").exists()


def test_the_organizer_withdraws_a_pending_invitation(client_as, cast):
    client = client_as("organizer")
    client.post("/c/test-contest/setup/people/", {"username": "bystander", "role": "judge"})
    invitation = Invitation.objects.get(user=cast.bystander)
    client.post(f"/c/test-contest/setup/people/invitations/{invitation.pk}/withdraw/")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.WITHDRAWN
    assert Record.objects.filter(action="invitation.withdraw", target="bystander").exists()


def test_another_contests_organizer_cannot_withdraw_our_invitation(client_as, cast):
    client_as("organizer").post("/c/test-contest/setup/people/",
                                {"username": "bystander", "role": "judge"})
    invitation = Invitation.objects.get(user=cast.bystander)
    attacker = client_as("other_organizer")
    assert attacker.post(
        f"/c/other-contest/setup/people/invitations/{invitation.pk}/withdraw/").status_code == 404
    assert attacker.post(
        f"/c/test-contest/setup/people/invitations/{invitation.pk}/withdraw/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
