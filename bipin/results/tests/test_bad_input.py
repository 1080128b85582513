"""Junk in the results pages' parameters gets a 4xx with a message, never a 500."""

import pytest
from django.urls import reverse

from bipin.results.models import Release

JUNK = ["²", "abc", "0", "-1", "1.5", "9" * 30, "甲", " "]


@pytest.mark.parametrize("value", JUNK)
def test_a_snapshot_number_that_is_not_one_is_not_found_and_says_so(cast, snapshot, client_as,
                                                                    value):
    client = client_as("organizer")
    slug = cast.contest.slug
    for url in (reverse("results:ranking", args=[slug]), reverse("results:export", args=[slug, "xlsx"]),
                reverse("results:card", args=[slug, cast.entrants["南川县"].pk])):
        response = client.get(url, {"snapshot": value})
        assert response.status_code == 404, url
        assert "没有这个快照 / no such snapshot" in response.content.decode()


@pytest.mark.parametrize("sort", ["d²", "-d²", "d" + "9" * 30, "d-1", "甲", "-"])
def test_a_sort_column_that_is_not_one_keeps_the_ranking_order(cast, snapshot, client_as, sort):
    client = client_as("organizer")
    url = reverse("results:ranking", args=[cast.contest.slug])
    assert client.get(url, {"sort": sort}).status_code == 200


def test_a_huge_id_in_the_address_is_not_found(cast, snapshot, client_as):
    client = client_as("organizer")
    huge = "9" * 25
    for url in (f"/c/{cast.contest.slug}/results/card/{huge}/",
                f"/c/{cast.contest.slug}/results/snapshots/{huge}/changes/"):
        response = client.get(url)
        assert response.status_code == 404 and "找不到该页面" in response.content.decode(), url
    assert client.post(f"/c/{cast.contest.slug}/results/imports/{huge}/withdraw/",
                       {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("value", ["²", "9" * 30, "甲", ""])
def test_a_release_of_a_snapshot_that_is_not_one_is_refused(cast, snapshot, client_as, value):
    response = client_as("organizer").post(reverse("results:release", args=[cast.contest.slug]),
                                           {"snapshot": value, "title": "x"}, follow=True)
    assert response.status_code in (200, 404)
    assert not Release.objects.exists()


def test_an_over_long_release_title_is_refused_in_words(cast, snapshot, client_as):
    response = client_as("organizer").post(reverse("results:release", args=[cast.contest.slug]),
                                           {"snapshot": snapshot.number, "title": "长" * 201},
                                           follow=True)
    assert "请选择要发布的快照" in response.content.decode()
    assert not Release.objects.exists()
