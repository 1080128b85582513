"""The results links on the contest page follow the same embargo as the pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bipin.results import services

pytestmark = pytest.mark.django_db


def page(client, cast):
    return client.get(reverse("contests:detail", args=[cast.contest.slug])).content.decode()


def test_the_organizer_gets_the_desk_imports_and_ranking(cast, snapshot, client_as):
    text = page(client_as("organizer"), cast)
    for name in ("results:desk", "results:imports", "results:ranking"):
        assert reverse(name, args=[cast.contest.slug]) in text
    assert snapshot.label in text


def test_an_entrant_gets_its_card_link_and_judges_get_none(cast, snapshot, client_as):
    mine = reverse("results:mine", args=[cast.contest.slug])
    text = page(client_as("entrant"), cast)
    assert mine in text and "尚未发布" in text
    judge = page(client_as("judge"), cast)
    assert mine not in judge and reverse("results:ranking", args=[cast.contest.slug]) not in judge


def test_the_notice_is_linked_for_everyone_once_published(cast, released, client):
    notice = reverse("results:notice", args=[cast.contest.slug])
    assert notice not in page(client, cast)
    services.publish_notice(cast.organizer, released, start=timezone.localdate() - dt.timedelta(days=1),
                            end=None, contact="考评办")
    assert notice in page(client, cast)
