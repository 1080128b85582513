"""A village of hundreds of households: its pages, the review and the publication take a
fixed number of queries whatever its size, and its lists come in pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bipin.campaigns import services
from bipin.campaigns.answers import import_answers
from bipin.campaigns.households import import_households
from bipin.campaigns.models import Area, Score
from bipin.contests.models import Role
from bipin.testing.cast import make_user

pytestmark = pytest.mark.django_db
HOUSEHOLDS = 400


@pytest.fixture
def big(cast, campaign):
    names = "".join(f"北岭镇,大村,户主{n},{n:03d}号\n" for n in range(HOUSEHOLDS))
    import_households(cast.organizer, campaign, ("乡镇,村,户主,门牌号\n" + names).encode(), "大村.csv")
    village = Area.objects.get(campaign=campaign, name="大村")
    answers = "".join(f"北岭镇,大村,{n:03d}号,{'是' if n % 2 else '否'},{n % 31},是,是\n" for n in range(HOUSEHOLDS))
    import_answers(cast.organizer, campaign, ("乡镇,村,门牌号,庭院整洁,绿化美化,孝老爱亲,遵纪守法\n" + answers).encode(),
                   "大村评分.csv")
    cast.users["scorer_big"] = make_user("scorer_big", contest=campaign.contest)
    services.assign_area(cast.organizer, campaign, cast.users["scorer_big"], Role.VILLAGE_SCORER, village)
    cast.users["reviewer_big"] = make_user("reviewer_big", contest=campaign.contest)
    services.assign_area(cast.organizer, campaign, cast.users["reviewer_big"], Role.TOWNSHIP_REVIEWER,
                         village.parent)
    return village


def test_a_big_village_is_reviewed_and_published_in_a_fixed_number_of_queries(
        cast, campaign, big, django_assert_max_num_queries):
    assert Score.objects.filter(household__village=big, superseded_at__isnull=True).count() == HOUSEHOLDS
    with django_assert_max_num_queries(12):
        services.draw_sample(cast.reviewer_big, big, 100)
    with django_assert_max_num_queries(15):
        services.review_village(cast.reviewer_big, big, "approved")
    with django_assert_max_num_queries(15):
        publication = services.publish_village(cast.organizer, big)
    assert len(publication.stars) == HOUSEHOLDS


@pytest.mark.parametrize(("who", "url", "limit"), [
    ("scorer_big", "campaigns:village", 25),
    ("reviewer_big", "campaigns:review", 25),
    ("organizer", "campaigns:home", 25),
    ("organizer", "campaigns:summary", 25),
    ("organizer", "campaigns:export", 25),
    ("organizer", "campaigns:codes", 25),
    ("organizer", "campaigns:answers_template", 25),
    (None, "campaigns:notice", 12),
])
def test_a_big_villages_pages_take_a_fixed_number_of_queries(
        cast, campaign, big, client, client_as, django_assert_max_num_queries, who, url, limit):
    services.draw_sample(cast.reviewer_big, big, 100)
    services.review_village(cast.reviewer_big, big, "approved")
    services.publish_village(cast.organizer, big)
    with_village = url not in ("campaigns:home", "campaigns:summary", "campaigns:export")
    at = reverse(url, args=["stars", big.pk] if with_village else ["stars"])
    asking = client_as(who) if who else client
    with django_assert_max_num_queries(limit):
        answer = asking.get(at)
    assert answer.status_code == 200


def test_the_published_list_of_a_big_village_comes_in_pages(cast, campaign, big, client):
    services.draw_sample(cast.reviewer_big, big, 100)
    services.review_village(cast.reviewer_big, big, "approved")
    services.publish_village(cast.organizer, big)
    at = reverse("campaigns:notice", args=["stars", big.pk])
    first, second = client.get(at).content.decode(), client.get(at + "?page=2").content.decode()
    assert "000号" in first and "300号" not in first
    assert "300号" in second and "399号" in second and "000号" not in second
