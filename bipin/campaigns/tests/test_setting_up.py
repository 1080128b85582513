"""Someone allowed to create contests sets up a campaign: its checklist and star levels
typed one a line, every bad line named, the campaign and its county made together."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bipin.campaigns.models import Campaign
from bipin.contests.models import Contest, Role

pytestmark = pytest.mark.django_db

FORM = {"name": "2027年美丽庭院评定", "slug": "gardens", "year": "2027", "county": "示例县",
        "items": "clean | 庭院整洁 | 60\ngreen | 绿化美化 | 40 | 计分\nlaw | 遵纪守法 | 否决",
        "levels": "5 | 90\n4 | 80\n3 | 60", "objection_days": "7"}


def test_the_organizer_creates_a_campaign_and_is_sent_to_import_households(cast, client_as):
    answer = client_as("organizer").post(reverse("campaigns:create"), FORM)
    assert answer.status_code == 302 and answer["Location"] == reverse("campaigns:households", args=["gardens"])
    campaign = Campaign.objects.get(contest__slug="gardens")
    assert campaign.contest.kind == Contest.Kind.CAMPAIGN
    assert [i["kind"] for i in campaign.checklist] == ["yes_no", "points", "yes_no"]
    assert [i["veto"] for i in campaign.checklist] == [False, False, True]
    assert campaign.levels == [{"stars": 5, "min": "90.0"}, {"stars": 4, "min": "80.0"},
                               {"stars": 3, "min": "60.0"}]
    assert campaign.areas.get().name == "示例县"
    assert campaign.contest.memberships.get().role == Role.ORGANIZER


@pytest.mark.parametrize(("field", "value", "message"), [
    ("items", "clean | 庭院整洁", "item line 1: write"),
    ("items", "clean | 庭院整洁 | 60\nclean | 重复 | 40", "item id &#x27;clean&#x27; is used twice"),
    ("levels", "五 | 90", "star line 1"),
    ("levels", "5 | 101", "above the full 100.0 points"),
    ("slug", "test-contest", "the slug &#x27;test-contest&#x27; is taken"),
])
def test_a_bad_line_is_named_and_nothing_is_made(cast, client_as, field, value, message):
    answer = client_as("organizer").post(reverse("campaigns:create"), {**FORM, field: value})
    assert answer.status_code == 400 and message in answer.content.decode()
    assert not Campaign.objects.exists()


def test_someone_not_allowed_to_create_contests_is_refused(cast, client_as):
    assert client_as("judge").get(reverse("campaigns:create")).status_code == 403


def test_the_plain_contest_form_does_not_offer_a_campaign_without_its_checklist(cast, client_as):
    page = client_as("organizer").get(reverse("contests:create")).content.decode()
    assert 'value="campaign"' not in page
    assert reverse("campaigns:create") in client_as("organizer").get(reverse("contests:home")).content.decode()


def test_a_campaigns_page_shows_the_campaign_and_not_the_judged_contests_tools(campaign, cast, client_as):
    page = client_as("organizer").get(reverse("contests:detail", args=[campaign.contest.slug]))
    text = page.content.decode()
    for shown in (reverse("campaigns:home", args=["stars"]), reverse("contests:people", args=["stars"]),
                  reverse("audit:contest", args=["stars"])):
        assert f'href="{shown}"' in text
    for hidden in (reverse("contests:scheme", args=["stars"]), reverse("judging:console", args=["stars"]),
                   reverse("results:desk", args=["stars"]), "尚未设置组别"):
        assert hidden not in text
    # The judged contest beside it keeps its tools.
    judged = client_as("organizer").get(reverse("contests:detail", args=[cast.contest.slug])).content.decode()
    assert reverse("judging:console", args=[cast.contest.slug]) in judged
