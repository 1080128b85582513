"""A contest prints login links only for accounts that exist for it.

The attack: the organizer of another contest names our organizer or a
superuser as a "judge" and prints a one-time login link, which would log them
in as that person everywhere. These tests try it through the pages.
"""

import pytest
from django.contrib.auth import get_user_model

from bipin.accounts.links import create_login_link
from bipin.audit.models import Record
from bipin.contests import services
from bipin.contests.models import Membership, Role
from bipin.testing.cast import PASSWORD


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("admin", password="admin-password-1")


def print_links(client, slug, member_ids):
    return client.post(f"/c/{slug}/setup/login-links/", {"member": member_ids, "hours": "24"})


@pytest.mark.parametrize("victim", ["organizer", "admin"])
def test_an_organizer_cannot_print_a_link_for_someone_they_added_from_elsewhere(
        client_as, cast, admin, victim):
    attacker = client_as("other_organizer")
    attacker.post("/c/other-contest/setup/people/", {"username": victim, "role": "judge"})
    every_membership = list(Membership.objects.values_list("pk", flat=True))
    response = print_links(attacker, "other-contest", every_membership)
    assert response.status_code == 200 and "/accounts/link/" not in response.content.decode()
    assert not get_user_model().objects.get(username=victim).login_links.exists()
    page = attacker.get("/c/other-contest/setup/login-links/").content.decode()
    assert victim in page and "待本人接受邀请" in page


@pytest.mark.parametrize("victim", ["organizer", "admin"])
def test_a_role_granted_by_other_means_still_gets_no_link(client_as, cast, admin, victim):
    # e.g. a membership made before invitations existed: the link itself is refused
    user = get_user_model().objects.get(username=victim)
    m = services.grant_role(cast.other_organizer, cast.other_contest, user, Role.JUDGE)
    attacker = client_as("other_organizer")
    page = attacker.get("/c/other-contest/setup/login-links/").content.decode()
    assert "不是本活动创建的账号" in page
    response = print_links(attacker, "other-contest", [m.pk])
    html = response.content.decode()
    assert "/accounts/link/" not in html and not user.login_links.exists()
    assert f"未为 {victim} 生成登录链接" in html and "no login link for" in html
    refused = Record.objects.get(action="login_link.refuse")
    assert refused.target == victim and refused.actor_label == "other_organizer"


def test_a_link_is_never_made_for_a_superuser_or_staff_even_of_this_contest(client_as, cast):
    cast.judge.is_staff = True
    cast.judge.save(update_fields=["is_staff"])
    judge = Membership.objects.get(contest=cast.contest, user=cast.judge)
    html = print_links(client_as("organizer"), "test-contest", [judge.pk]).content.decode()
    assert "/accounts/link/" not in html and "管理员账号不能用登录链接" in html
    assert not cast.judge.login_links.exists()


def test_a_link_is_never_made_for_an_organizer(client_as, cast):
    # An organizer of any contest holds other people's data: a password only.
    services.grant_role(cast.organizer, cast.contest, cast.chief, Role.ORGANIZER)
    chief = Membership.objects.get(contest=cast.contest, user=cast.chief, role=Role.CHIEF_JUDGE)
    html = print_links(client_as("organizer"), "test-contest", [chief.pk]).content.decode()
    assert "/accounts/link/" not in html and not cast.chief.login_links.exists()


@pytest.mark.parametrize("promotion", ["is_staff", "is_superuser"])
def test_a_link_made_before_the_account_was_promoted_does_not_log_in(client, cast, promotion):
    token = create_login_link(cast.organizer, cast.judge, contest=cast.contest)
    setattr(cast.judge, promotion, True)
    cast.judge.save(update_fields=[promotion])
    response = client.get(f"/accounts/link/{token}/")
    assert response.status_code == 410 and "登录链接已失效" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert Record.objects.filter(action="login_link.refuse_use", target="judge").exists()


def test_a_link_made_before_the_account_became_an_organizer_does_not_log_in(client, cast):
    token = create_login_link(cast.organizer, cast.judge, contest=cast.contest)
    services.create_contest(cast.judge, name="评委自己的活动", slug="judges-own")
    assert client.get(f"/accounts/link/{token}/").status_code == 410
    assert "_auth_user_id" not in client.session


def test_an_accepted_invitation_lets_the_inviting_contest_print_links(client, client_as, cast):
    attacker = client_as("other_organizer")
    attacker.post("/c/other-contest/setup/people/", {"username": "judge2", "role": "judge"})
    assert not Membership.objects.filter(contest=cast.other_contest, user=cast.judge2).exists()
    client.logout()
    client.login(username="judge2", password=PASSWORD)
    invitation = cast.judge2.invitations.get()
    client.post(f"/accounts/invitations/{invitation.pk}/accept/")
    member = Membership.objects.get(contest=cast.other_contest, user=cast.judge2)
    assert member.role == Role.JUDGE
    html = print_links(client_as("other_organizer"), "other-contest", [member.pk]).content.decode()
    assert html.count("/accounts/link/") == 1 and cast.judge2.login_links.count() == 1


def test_a_pending_invitation_shows_as_pending_on_the_links_page(client_as, cast):
    client = client_as("organizer")
    client.post("/c/test-contest/setup/people/", {"username": "bystander", "role": "judge"})
    page = client.get("/c/test-contest/setup/login-links/").content.decode()
    assert "bystander" in page and "待本人接受邀请" in page


def test_a_judge_cannot_print_links(client_as, cast):
    judge = client_as("judge")
    assert judge.get("/c/test-contest/setup/login-links/").status_code == 403
    member = Membership.objects.get(contest=cast.contest, user=cast.judge2)
    assert print_links(judge, "test-contest", [member.pk]).status_code == 403
    assert not cast.judge2.login_links.exists()


def test_a_chief_judge_prints_a_fresh_link_for_a_judge_of_the_contest(client_as, cast):
    chief = client_as("chief")
    page = chief.get("/c/test-contest/setup/login-links/").content.decode()
    assert "judge2" in page and "inspector" not in page
    member = Membership.objects.get(contest=cast.contest, user=cast.judge2)
    html = print_links(chief, "test-contest", [member.pk]).content.decode()
    assert html.count("/accounts/link/") == 1 and cast.judge2.login_links.get().created_by == cast.chief


def test_a_chief_judge_prints_links_for_judges_only(client_as, cast):
    others = Membership.objects.filter(contest=cast.contest).exclude(role=Role.JUDGE)
    html = print_links(client_as("chief"), "test-contest", list(others.values_list("pk", flat=True)))
    assert "/accounts/link/" not in html.content.decode()
    assert not cast.inspector.login_links.exists() and not cast.chief.login_links.exists()


def test_a_chief_judge_of_another_contest_cannot_print_our_links(client, cast):
    outsider = get_user_model().objects.create_user("other_chief", password=PASSWORD)
    services.grant_role(cast.other_organizer, cast.other_contest, outsider, Role.CHIEF_JUDGE)
    client.force_login(outsider)
    member = Membership.objects.get(contest=cast.contest, user=cast.judge2)
    assert client.get("/c/test-contest/setup/login-links/").status_code == 404
    assert print_links(client, "test-contest", [member.pk]).status_code == 404
    assert print_links(client, "other-contest", [member.pk]).content.decode().count(
        "/accounts/link/") == 0
    assert not cast.judge2.login_links.exists()


def test_a_bad_hours_value_is_refused_on_the_page_not_with_an_error(client_as, cast):
    member = Membership.objects.get(contest=cast.contest, user=cast.judge2)
    for hours in ("abc", "²", "0"):
        response = client_as("organizer").post("/c/test-contest/setup/login-links/",
                                               {"member": [member.pk], "hours": hours})
        assert response.status_code == 200, hours
    assert not cast.judge2.login_links.exists()
