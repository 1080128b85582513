"""Each role tries every campaign page: the role × URL matrix.

In the campaign: the organizer, scorer_a (甲村), scorer_b (乙村), reviewer_e
(东河镇, 甲村's township), reviewer_w (西山乡) and helper (a judge's role, no part
in the campaign). Outside it: the cast's judge (in another contest), the other
organizer and the bystander. A village or household not one's own is a 404; an
action on what one may see but not take is a 403.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from bipin.campaigns.tests.conftest import household

pytestmark = pytest.mark.django_db

PEOPLE = ("organizer", "scorer_a", "scorer_b", "reviewer_e", "reviewer_w", "helper", "judge",
          "other_organizer", "bystander")
OUTSIDE = {"judge": 404, "other_organizer": 404, "bystander": 404}
ONLY_ORGANIZER = {"organizer": 200, "scorer_a": 403, "scorer_b": 403, "reviewer_e": 403,
                  "reviewer_w": 403, "helper": 403}
REVIEWER_E_ACTS = {"organizer": 403, "scorer_a": 403, "scorer_b": 404, "reviewer_e": 302,
                   "reviewer_w": 404, "helper": 403}
EVERYONE_IN_IT = {"organizer": 200, "scorer_a": 200, "scorer_b": 200, "reviewer_e": 200,
                  "reviewer_w": 200, "helper": 403}
MATRIX = [
    ("home", "get", {}, {**EVERYONE_IN_IT, "scorer_a": 302, "scorer_b": 302}),
    ("households", "get", {}, ONLY_ORGANIZER),
    ("households", "post", {}, {**ONLY_ORGANIZER, "organizer": 400}),
    ("people", "get", {}, ONLY_ORGANIZER),
    ("objections", "get", {}, ONLY_ORGANIZER),
    ("summary", "get", {}, EVERYONE_IN_IT),
    ("export", "get", {}, EVERYONE_IN_IT),
    ("village", "get", {}, {"organizer": 200, "scorer_a": 200, "scorer_b": 404, "reviewer_e": 200,
                            "reviewer_w": 404, "helper": 403}),
    ("codes", "get", {}, {"organizer": 200, "scorer_a": 200, "scorer_b": 404, "reviewer_e": 403,
                          "reviewer_w": 404, "helper": 403}),
    ("answers_template", "get", {}, {"organizer": 200, "scorer_a": 200, "scorer_b": 404, "reviewer_e": 403,
                                      "reviewer_w": 404, "helper": 403}),
    ("scores", "get", {}, {"organizer": 200, "scorer_a": 200, "scorer_b": 200, "reviewer_e": 403,
                           "reviewer_w": 403, "helper": 403}),
    ("scores", "post", {}, {"organizer": 400, "scorer_a": 400, "scorer_b": 400, "reviewer_e": 403,
                            "reviewer_w": 403, "helper": 403}),
    ("review", "get", {}, {**REVIEWER_E_ACTS, "reviewer_e": 200}),
    ("sample", "post", {"size": "1"}, REVIEWER_E_ACTS),
    ("decide", "post", {}, REVIEWER_E_ACTS),
    ("publish", "post", {}, {**ONLY_ORGANIZER, "organizer": 302}),
    ("score", "post", {}, {"organizer": 403, "scorer_a": 302, "scorer_b": 404, "reviewer_e": 403,
                           "reviewer_w": 404, "helper": 403}),
]


def address(name, campaign) -> str:
    args = [campaign.contest.slug]
    if name in ("village", "codes", "answers_template", "review", "sample", "decide", "publish"):
        args.append(campaign.areas.get(name="甲村").pk)
    if name == "score":
        args.append(household(campaign, "甲村", "1号").pk)
    return reverse(f"campaigns:{name}", args=args)


@pytest.mark.parametrize("name, method, data, allowed", MATRIX, ids=[f"{m[1]}-{m[0]}" for m in MATRIX])
def test_each_role_gets_what_it_may_and_nothing_else(cast, campaign, client, name, method, data, allowed):
    at = address(name, campaign)
    got = {}
    for who in PEOPLE:
        client.force_login(cast.users[who])
        got[who] = getattr(client, method)(at, data).status_code
    assert got == {who: allowed.get(who, OUTSIDE.get(who)) for who in PEOPLE}
    client.logout()
    assert getattr(client, method)(at, data).status_code == 302  # to the login page


@pytest.mark.parametrize("name", ["sample", "decide", "publish", "score"])
def test_an_action_answers_a_get_with_405(cast, campaign, client_as, name):
    assert client_as("organizer").get(address(name, campaign)).status_code == 405


def test_a_scorer_of_village_a_cannot_read_or_score_village_b(cast, campaign, client_as):
    b = campaign.areas.get(name="乙村")
    theirs = household(campaign, "乙村", "1号")
    client = client_as("scorer_a")
    assert client.get(reverse("campaigns:village", args=["stars", b.pk])).status_code == 404
    answer = client.post(reverse("campaigns:score", args=["stars", theirs.pk]),
                         {"answers": {"clean": True}, "key": "k1"}, content_type="application/json")
    assert answer.status_code == 404
    assert not theirs.scores.exists()
    page = client.get(reverse("campaigns:village", args=["stars", campaign.areas.get(name="甲村").pk]))
    assert "赵四" not in page.content.decode() and "张一" in page.content.decode()


def test_only_the_organizer_answers_an_objection_and_another_contests_organizer_gets_404(
        cast, campaign, client_as):
    from bipin.campaigns import services
    from bipin.campaigns.tests.conftest import score_all

    village = campaign.areas.get(name="甲村")
    score_all(campaign, cast.scorer_a, "甲村")
    services.draw_sample(cast.reviewer_e, village, 1)
    services.review_village(cast.reviewer_e, village, "approved")
    services.publish_village(cast.organizer, village)
    objection = services.file_objection(household(campaign, "甲村", "1号"), "理由")
    at = reverse("campaigns:answer", args=["stars", objection.pk])
    got = {who: client_as(who).post(at, {"answer": "答复"}).status_code
           for who in ("scorer_a", "reviewer_e", "other_organizer", "bystander", "organizer")}
    assert got == {"scorer_a": 403, "reviewer_e": 403, "other_organizer": 404, "bystander": 404,
                   "organizer": 302}
    objection.refresh_from_db()
    assert objection.answer == "答复" and objection.answered_by == cast.organizer


def test_a_long_village_list_comes_in_pages(cast, campaign, client_as, monkeypatch):
    from bipin.campaigns import views

    monkeypatch.setattr(views, "VILLAGE_PAGE", 2)
    at = reverse("campaigns:village", args=["stars", campaign.areas.get(name="甲村").pk])
    first = client_as("scorer_a").get(at).content.decode()
    assert "共 3 户,这一页是第 1–2 户" in first and "李二" in first and "王三" not in first
    second = client_as("scorer_a").get(at + "?page=2").content.decode()
    assert "王三" in second and "李二" not in second and "page=1" in second
    found = client_as("scorer_a").get(at + "?q=王").content.decode()
    assert "王三" in found and "共 3 户" not in found
