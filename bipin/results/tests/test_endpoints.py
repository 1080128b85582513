"""Wrong method, wrong user and read-only role for the endpoints not covered elsewhere."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def card_url(cast, name="南川县"):
    return reverse("results:card", args=[cast.contest.slug, cast.entrants[name].pk])


def test_the_card_takes_only_get(cast, released, client_as):
    assert client_as("entrant").post(card_url(cast)).status_code == 405


def test_a_card_of_another_contests_entrant_is_not_found(cast, released, client_as):
    url = reverse("results:card", args=[cast.other_contest.slug, cast.entrants["南川县"].pk])
    assert client_as("organizer").get(url).status_code == 404


def test_mine_is_for_entrant_viewers_only(cast, released, client_as):
    url = reverse("results:mine", args=[cast.contest.slug])
    assert client_as("judge").get(url).status_code == 403
    assert client_as("bystander").get(url).status_code == 404
    assert client_as("entrant").post(url).status_code == 405


def test_the_notice_takes_only_get(cast, released, client):
    assert client.post(reverse("results:notice", args=[cast.contest.slug])).status_code == 405


def test_the_notice_of_an_unknown_contest_is_not_found(client):
    assert client.get(reverse("results:notice", args=["no-such-contest"])).status_code == 404


class TestDiff:
    def url(self, cast, number=1):
        return reverse("results:diff", args=[cast.contest.slug, number])

    def test_the_first_snapshot_has_nothing_to_compare(self, cast, snapshot, client_as):
        text = client_as("organizer").get(self.url(cast)).content.decode()
        assert "第一个快照" in text

    def test_diff_takes_only_get(self, cast, snapshot, client_as):
        assert client_as("organizer").post(self.url(cast)).status_code == 405

    def test_a_chief_judge_may_not_see_changes(self, cast, snapshot, client_as):
        assert client_as("chief").get(self.url(cast)).status_code == 403

    def test_another_organizer_may_not_see_changes(self, cast, snapshot, client_as):
        assert client_as("other_organizer").get(self.url(cast)).status_code == 404

    def test_an_unknown_snapshot_is_not_found(self, cast, snapshot, client_as):
        assert client_as("organizer").get(self.url(cast, 7)).status_code == 404
