"""The demo's fictional 星级文明户 campaign, as a newcomer finds it."""

import pytest
from django.urls import reverse

from bipin.campaigns.demo import SLUG
from bipin.campaigns.models import Campaign, Household
from bipin.campaigns.status import progress
from bipin.contests.models import Role
from bipin.testing.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_has_a_published_village_and_one_being_scored(client):
    load_demo()
    campaign = Campaign.objects.get(contest__slug=SLUG)
    assert campaign.contest.is_demo and "示例" in campaign.contest.name
    found = {p.village.name: (p.scored, p.households, p.published) for p in
             progress(campaign.areas.filter(level="village"))}
    assert found == {"示例东村": (150, 150, True), "示例西村": (60, 130, False)}
    assert all(h.endswith("(示例)") for h in Household.objects.filter(campaign=campaign)
               .values_list("head", flat=True))
    roles = dict(campaign.contest.memberships.values_list("user__username", "role"))
    assert (roles["village_scorer"], roles["township_reviewer"]) == (Role.VILLAGE_SCORER,
                                                                     Role.TOWNSHIP_REVIEWER)
    east = campaign.areas.get(name="示例东村")
    assert client.get(reverse("campaigns:notice", args=[SLUG, east.pk])).status_code == 200


def test_the_demo_has_an_objection_waiting_for_the_organizer():
    load_demo()
    from bipin.campaigns.models import Objection

    objection = Objection.objects.get(household__campaign__contest__slug=SLUG)
    assert objection.answered_at is None and objection.reason.startswith("示例")
