"""Each role tries every committee page: the role × URL matrix.

On the committee: chief (chair), judge (deputy), judge2 (a member assigned to
the entry), inspector and reporter (members not assigned to it). In the contest
but not on it: reviewer, entrant. Outside the contest: other_organizer,
bystander. A committee's objects are a 404 for whoever may not see them; an
action on what they may see, but may not take, is a 403.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from bipin.committees.tests.conftest import review

pytestmark = pytest.mark.django_db

PEOPLE = ("organizer", "chief", "judge", "judge2", "inspector", "reporter", "reviewer", "entrant",
          "other_organizer", "bystander")
NOT_HERE = {"reviewer": 404, "entrant": 404, "other_organizer": 404, "bystander": 404}
REVIEW = {"score-content": "30", "score-form": "20", "score-effect": "20", "vote": "approve",
          "comment": "意见"}
# (url name, method, data, {who: status}); who is not named gets the status of NOT_HERE.
MATRIX = [
    ("list", "get", {}, {"organizer": 200, "chief": 200, "judge": 200, "judge2": 200,
                         "inspector": 200, "reporter": 200, "reviewer": 200, "entrant": 200}),
    ("create", "get", {}, {"organizer": 200, "chief": 403, "judge": 403, "judge2": 403,
                           "inspector": 403, "reporter": 403, "reviewer": 403, "entrant": 403}),
    ("create", "post", {"name": ""}, {"organizer": 400, "chief": 403, "judge": 403, "judge2": 403,
                                      "inspector": 403, "reporter": 403, "reviewer": 403,
                                      "entrant": 403}),
    ("detail", "get", {}, {"organizer": 200, "chief": 200, "judge": 200, "judge2": 200,
                           "inspector": 200, "reporter": 200}),
    ("appoint", "post", {}, {"organizer": 302, "chief": 403, "judge": 403, "judge2": 403,
                             "inspector": 403, "reporter": 403}),
    # Posted empty, the organizer's change is refused on the page (302): nothing changes
    # for the rows after it.
    ("position", "post", {}, {"organizer": 302, "chief": 403, "judge": 403, "judge2": 403,
                              "inspector": 403, "reporter": 403}),
    ("relieve", "post", {}, {"organizer": 302, "chief": 403, "judge": 403, "judge2": 403,
                             "inspector": 403, "reporter": 403}),
    ("add_entry", "get", {}, {"organizer": 200, "chief": 403, "judge": 403, "judge2": 403,
                              "inspector": 403, "reporter": 403}),
    ("export", "get", {}, {"organizer": 200, "chief": 200, "judge": 200, "judge2": 403,
                           "inspector": 403, "reporter": 403}),
    ("history", "get", {}, {"organizer": 200, "chief": 200, "judge": 200, "judge2": 200,
                            "inspector": 404, "reporter": 404}),
    ("conflicts", "post", {"conflicts": "无"}, {"organizer": 302, "chief": 403, "judge": 403,
                                                "judge2": 302, "inspector": 403, "reporter": 403}),
    ("entry", "get", {}, {"organizer": 200, "chief": 200, "judge": 200, "judge2": 200,
                          "inspector": 404, "reporter": 404}),
    ("review", "post", REVIEW, {"organizer": 403, "chief": 302, "judge": 302, "judge2": 302,
                                "inspector": 404, "reporter": 404}),
    ("assign", "post", {}, {"organizer": 302, "chief": 302, "judge": 403, "judge2": 403,
                            "inspector": 404, "reporter": 404}),
    ("decide", "post", {}, {"organizer": 302, "chief": 302, "judge": 403, "judge2": 403,
                            "inspector": 404, "reporter": 404}),
    ("reopen", "post", {"reopen_reason": "x"}, {"organizer": 302, "chief": 403, "judge": 403,
                                                "judge2": 403, "inspector": 404, "reporter": 404}),
]


def address(name, cast, committee, entry) -> str:
    args = [cast.contest.slug]
    if name not in ("list", "create"):
        args.append(committee.pk)
    if name in ("history", "conflicts", "position", "relieve"):
        args.append(committee.seat["judge2"].pk)
    if name in ("entry", "review", "assign", "decide", "reopen"):
        args.append(entry.pk)
    return reverse(f"committees:{name}", args=args)


@pytest.mark.parametrize("name, method, data, allowed", MATRIX,
                         ids=[f"{m[1]}-{m[0]}" for m in MATRIX])
def test_each_role_gets_what_it_may_and_nothing_else(cast, committee, entry, client,
                                                     name, method, data, allowed):
    at = address(name, cast, committee, entry)
    got = {}
    for who in PEOPLE:
        client.force_login(cast.users[who])
        got[who] = getattr(client, method)(at, data).status_code
    assert got == {who: allowed.get(who, NOT_HERE.get(who)) for who in PEOPLE}
    client.logout()
    assert getattr(client, method)(at, data).status_code == 302  # to the login page


@pytest.mark.parametrize("name", ["appoint", "conflicts", "review", "assign", "decide", "reopen"])
def test_an_action_answers_a_get_with_405(cast, committee, entry, client_as, name):
    assert client_as("organizer").get(address(name, cast, committee, entry)).status_code == 405


def test_a_member_sees_only_their_own_review_until_the_entry_is_decided(cast, entry, client_as):
    review(cast, entry, "chief", 80, comment="主任的意见")
    review(cast, entry, "judge2", 70, comment="委员的意见")
    page = client_as("judge2").get(address("entry", cast, entry.committee, entry)).content.decode()
    assert "委员的意见" in page and "主任的意见" not in page
    deputy = client_as("judge").get(address("entry", cast, entry.committee, entry)).content.decode()
    assert "委员的意见" in deputy and "主任的意见" in deputy


def test_once_decided_the_record_is_open_to_every_member_and_to_no_one_else(cast, entry, client_as):
    for who in ("chief", "judge", "judge2"):
        review(cast, entry, who, 80, comment=f"{who}写的意见")
    from bipin.committees import services

    services.decide(cast.chief, entry)
    at = address("entry", cast, entry.committee, entry)
    page = client_as("reporter").get(at).content.decode()
    assert "chief写的意见" in page and "judge2写的意见" in page
    assert client_as("reviewer").get(at).status_code == 404


def test_the_list_shows_a_member_only_their_committees(cast, committee, client_as):
    from bipin.committees.tests.conftest import make_committee

    make_committee(cast, name="另一个委员会", seats=[("reviewer", "chair")])
    listed = client_as("judge").get(reverse("committees:list", args=[cast.contest.slug]))
    assert [c.name for c in listed.context["committees"]] == ["节目评审委员会"]
    everything = client_as("organizer").get(reverse("committees:list", args=[cast.contest.slug]))
    assert len(everything.context["committees"]) == 2
