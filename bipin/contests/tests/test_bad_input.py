"""Junk sent to the set-up pages: a message on the page, never a 500."""

from __future__ import annotations

import pytest

from bipin.accounts.models import LoginLink
from bipin.contests.models import Group, Membership

LINKS = "/c/test-contest/setup/login-links/"


@pytest.mark.parametrize("hours", ["²", "abc", "9" * 30, "-1", "0", "337", "1.5", "甲"])
def test_a_link_lifetime_that_is_not_whole_hours_is_refused(client_as, cast, hours):
    judge = Membership.objects.get(contest=cast.contest, user=cast.judge)
    response = client_as("organizer").post(LINKS, {"member": [judge.pk], "hours": hours})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not LoginLink.objects.exists()


@pytest.mark.parametrize("member", ["²", "9" * 30, "甲", "-1"])
def test_links_for_members_that_are_not_ones_print_nothing(client_as, cast, member):
    response = client_as("organizer").post(LINKS, {"member": [member], "hours": "24"})
    assert response.status_code == 200
    assert not LoginLink.objects.exists()


def test_a_huge_id_in_the_address_is_not_found(client_as, cast):
    client = client_as("organizer")
    huge = "9" * 25
    assert client.post(f"/c/test-contest/setup/groups/{huge}/delete/").status_code == 404
    assert client.post(f"/c/test-contest/setup/people/{huge}/revoke/").status_code == 404
    assert Group.objects.filter(contest=cast.contest).count() == 2


def test_over_long_names_typed_into_the_set_up_forms_are_refused_in_words(client_as, cast):
    client = client_as("organizer")
    response = client.post("/c/test-contest/setup/groups/", {"name": "组" * 101})
    assert response.status_code == 200 and "100" in response.content.decode()
    response = client.post("/c/test-contest/setup/entrants/", {
        "name": "县" * 201, "group": cast.groups["整体推进县"].pk})
    assert response.status_code == 200 and "200" in response.content.decode()
    assert not cast.contest.entrants.filter(name="县" * 201).exists()
