"""Every set-up page: the organizer can; nobody else in (or out of) the contest can."""

import pytest

SETUP_PAGES = ["groups", "entrants", "people", "scheme", "login-links"]
FORBIDDEN_ROLES = ["chief", "judge", "inspector", "reporter", "reviewer", "entrant"]


@pytest.mark.parametrize("page", SETUP_PAGES)
def test_the_organizer_can_open_every_setup_page(client_as, page):
    response = client_as("organizer").get(f"/c/test-contest/setup/{page}/")
    assert response.status_code == 200


# The chief judge may open the login-links page: it prints fresh links for judges
# (bipin/accounts/tests/test_link_takeover.py).
FORBIDDEN = [(page, who) for page in SETUP_PAGES for who in FORBIDDEN_ROLES
             if (page, who) != ("login-links", "chief")]


@pytest.mark.parametrize(("page", "who"), FORBIDDEN)
def test_other_roles_in_the_contest_are_forbidden(client_as, page, who):
    assert client_as(who).get(f"/c/test-contest/setup/{page}/").status_code == 403
    assert client_as(who).post(f"/c/test-contest/setup/{page}/", {"name": "x"}).status_code == 403


@pytest.mark.parametrize("page", SETUP_PAGES)
@pytest.mark.parametrize("who", ["other_organizer", "bystander"])
def test_people_outside_the_contest_are_told_it_does_not_exist(client_as, page, who):
    assert client_as(who).get(f"/c/test-contest/setup/{page}/").status_code == 404


@pytest.mark.parametrize("page", SETUP_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, cast, page):
    response = client.get(f"/c/test-contest/setup/{page}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("action", ["entrants/import", "people/import"])
def test_imports_refuse_get(client_as, action):
    assert client_as("organizer").get(f"/c/test-contest/setup/{action}/").status_code == 405


def test_a_judge_cannot_delete_a_group_or_revoke_a_role(client_as, cast):
    group = cast.groups["市直部门"]
    judge = client_as("judge")
    assert judge.post(f"/c/test-contest/setup/groups/{group.pk}/delete/").status_code == 403
    membership = cast.entrant.memberships.first()
    assert judge.post(f"/c/test-contest/setup/people/{membership.pk}/revoke/").status_code == 403
    assert cast.contest.groups.filter(pk=group.pk).exists()


def test_only_users_allowed_to_create_contests_see_the_form(client_as, cast):
    assert client_as("organizer").get("/contests/new/").status_code == 200
    assert client_as("judge").get("/contests/new/").status_code == 403


def test_a_private_contest_is_hidden_from_strangers(client_as, cast):
    cast.contest.is_public = False
    cast.contest.save(update_fields=["is_public"])
    assert client_as("bystander").get("/c/test-contest/").status_code == 404
    assert "测试大比拼" not in client_as("bystander").get("/").content.decode()
    assert client_as("judge").get("/c/test-contest/").status_code == 200
