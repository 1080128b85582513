"""The township reviewer samples and approves or returns a village; the organizer publishes
it; a household looks up its stars by its code and objects during 公示."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from bipin.audit.models import Record
from bipin.campaigns import services
from bipin.campaigns.models import Objection, Review
from bipin.campaigns.tests.conftest import FULL, household, score, score_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(cast, campaign, village_a):
    score_all(campaign, cast.scorer_a, "甲村")
    score(campaign, cast.scorer_a, "甲村", "2号", {**FULL, "law": False})
    services.draw_sample(cast.reviewer_e, village_a, 2)
    services.review_village(cast.reviewer_e, village_a, "approved")
    return village_a


def test_the_sample_is_drawn_by_a_recorded_seed_anyone_can_replay(cast, campaign, village_a):
    score_all(campaign, cast.scorer_a, "甲村")
    sample = services.draw_sample(cast.reviewer_e, village_a, 2)
    scored = sorted(village_a.households.values_list("pk", flat=True))
    assert sample.households == random.Random(sample.seed).sample(scored, 2)
    record = Record.objects.get(action="campaign.sample")
    assert record.data["seed"] == sample.seed and record.data["households"] == sample.households


def test_a_village_with_an_unscored_household_cannot_be_approved(cast, campaign, village_a):
    score(campaign, cast.scorer_a, "甲村", "1号")
    services.draw_sample(cast.reviewer_e, village_a, 1)
    with pytest.raises(services.JudgingError, match="2 households are not scored yet"):
        services.review_village(cast.reviewer_e, village_a, "approved")


def test_approval_needs_a_sample_drawn_after_the_last_score(cast, campaign, village_a):
    score_all(campaign, cast.scorer_a, "甲村")
    services.draw_sample(cast.reviewer_e, village_a, 1)
    score(campaign, cast.scorer_a, "甲村", "1号", {**FULL, "kin": False})
    with pytest.raises(services.JudgingError, match="draw a sample of the latest scores"):
        services.review_village(cast.reviewer_e, village_a, "approved")


def test_returning_needs_a_reason(cast, campaign, village_a):
    with pytest.raises(services.JudgingError, match="needs a reason"):
        services.review_village(cast.reviewer_e, village_a, "returned", " ")


def test_only_an_approved_village_is_published_with_its_objection_end(cast, campaign, village_a):
    with pytest.raises(services.JudgingError, match="only an approved village"):
        services.publish_village(cast.organizer, village_a)
    score_all(campaign, cast.scorer_a, "甲村")
    services.draw_sample(cast.reviewer_e, village_a, 3)
    services.review_village(cast.reviewer_e, village_a, "approved")
    p = services.publish_village(cast.organizer, village_a, dt.date(2026, 6, 1))
    assert (p.starts_on, p.ends_on) == (dt.date(2026, 6, 1), dt.date(2026, 6, 8))
    assert [(r["head"], r["stars"]) for r in p.stars] == [("张一", 5), ("李二", 5), ("王三", 5)]
    with pytest.raises(services.JudgingError, match="published already"):
        services.publish_village(cast.organizer, village_a)


def test_the_reviewer_approves_through_the_page(cast, campaign, village_a, client_as):
    score_all(campaign, cast.scorer_a, "甲村")
    client = client_as("reviewer_e")
    client.post(reverse("campaigns:sample", args=["stars", village_a.pk]), {"size": "2"})
    page = client.get(reverse("campaigns:review", args=["stars", village_a.pk])).content.decode()
    assert page.count("★★★★★") == 2 and page.count("scorer_a") == 2
    client.post(reverse("campaigns:decide", args=["stars", village_a.pk]), {"outcome": "approved"})
    assert village_a.reviews.get().outcome == Review.Outcome.APPROVED


def test_the_public_page_shows_the_list_as_published(cast, campaign, approved, client):
    services.publish_village(cast.organizer, approved)
    page = client.get(reverse("campaigns:notice", args=["stars", approved.pk])).content.decode()
    assert "张一" in page and "王三" in page and "公示期" in page
    other = campaign.areas.get(name="乙村")
    assert client.get(reverse("campaigns:notice", args=["stars", other.pk])).status_code == 404


def test_a_household_sees_its_stars_by_its_code_and_objects(cast, campaign, approved, client):
    services.publish_village(cast.organizer, approved)
    own = household(campaign, "甲村", "2号")
    check = reverse("campaigns:check", args=["stars"])
    page = client.get(check, {"code": own.code.replace("-", "").lower()})
    assert page.status_code == 200 and "本次未评上星级" in page.content.decode()
    client.post(check, {"code": own.code, "reason": "我家一直遵纪守法"})
    objection = Objection.objects.get()
    assert (objection.household, objection.reason) == (own, "我家一直遵纪守法")
    services.answer_objection(cast.organizer, objection, "经核实,该户有违章建筑未整改。")
    assert "违章建筑" in client.get(check, {"code": own.code}).content.decode()


def test_no_objection_after_the_period(cast, campaign, approved):
    services.publish_village(cast.organizer, approved, timezone.localdate() - dt.timedelta(days=30))
    with pytest.raises(services.JudgingError, match="not in its objection period"):
        services.file_objection(household(campaign, "甲村", "1号"), "迟到的异议")


def test_failed_lookups_are_throttled(cast, campaign, client):
    check = reverse("campaigns:check", args=["stars"])
    codes = [client.get(check, {"code": f"AAAA-BBBB-CC{n:02d}"}).status_code for n in range(30)]
    assert codes[0] == 404 and 429 in codes


def test_the_township_reviewer_finds_the_review_page_of_each_of_its_villages(cast, campaign, client_as):
    page = client_as("reviewer_e").get(reverse("campaigns:home", args=["stars"])).content.decode()
    for name in ("甲村", "乙村"):
        assert reverse("campaigns:review", args=["stars", campaign.areas.get(name=name).pk]) in page
    assert "丙村" not in page
