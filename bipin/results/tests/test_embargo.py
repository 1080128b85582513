"""The embargo, role by role, before and after the organizer releases results."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bipin.audit.models import Record
from bipin.results import services

pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_organizer", "bystander"]  # not in the contest: it does not exist for them
STAFF = ["chief", "judge", "judge2", "inspector", "reporter", "reviewer"]  # in it, no results


def get(client_as, client, who, url):
    if who == "anonymous":
        return client.get(url)
    return client_as(who).get(url)


def expect_blocked(response, who):
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response.url
    elif who in OUTSIDERS:
        assert response.status_code == 404
    else:
        assert response.status_code in (403, 404)


def urls(cast):
    slug = cast.contest.slug
    return {
        "ranking": reverse("results:ranking", args=[slug]),
        "own_card": reverse("results:card", args=[slug, cast.entrants["南川县"].pk]),
        "other_card": reverse("results:card", args=[slug, cast.entrants["北原县"].pk]),
        "xlsx": reverse("results:export", args=[slug, "xlsx"]),
        "desk": reverse("results:desk", args=[slug]),
    }


@pytest.mark.parametrize("who", ["anonymous", *OUTSIDERS, *STAFF, "entrant"])
@pytest.mark.parametrize("page", ["ranking", "own_card", "other_card", "xlsx", "desk"])
def test_before_release_only_organizers_see_results(cast, snapshot, client, client_as, who, page):
    response = get(client_as, client, who, urls(cast)[page])
    expect_blocked(response, who)


@pytest.mark.parametrize("who", ["anonymous", *OUTSIDERS, *STAFF])
@pytest.mark.parametrize("page", ["ranking", "own_card", "other_card", "xlsx", "desk"])
def test_after_release_other_roles_still_see_no_results(cast, released, client, client_as, who, page):
    expect_blocked(get(client_as, client, who, urls(cast)[page]), who)


@pytest.mark.parametrize("page", ["ranking", "own_card", "other_card", "xlsx", "desk"])
def test_the_organizer_sees_everything_before_release(cast, snapshot, client_as, page):
    assert client_as("organizer").get(urls(cast)[page]).status_code == 200


@pytest.mark.parametrize("page", ["ranking", "own_card", "other_card", "xlsx", "desk"])
def test_the_organizer_still_sees_everything_after_release(cast, released, client_as, page):
    assert client_as("organizer").get(urls(cast)[page]).status_code == 200


def test_an_entrant_sees_nothing_before_release(cast, snapshot, client_as):
    client = client_as("entrant")
    assert client.get(urls(cast)["own_card"]).status_code == 404
    mine = client.get(reverse("results:mine", args=[cast.contest.slug]))
    assert mine.status_code == 200
    text = mine.content.decode()
    assert "尚未发布" in text and snapshot.short_hash not in text and "总分" not in text


def test_after_release_an_entrant_reads_its_own_card_only(cast, released, client_as):
    client = client_as("entrant")
    own = client.get(urls(cast)["own_card"])
    assert own.status_code == 200 and "南川县" in own.content.decode()
    assert client.get(urls(cast)["other_card"]).status_code == 404
    assert client.get(urls(cast)["ranking"]).status_code == 403
    mine = client.get(reverse("results:mine", args=[cast.contest.slug]))
    assert mine.status_code == 302 and mine.url == urls(cast)["own_card"]


def test_an_entrant_cannot_choose_an_unreleased_snapshot(cast, released, client_as):
    response = client_as("entrant").get(urls(cast)["own_card"] + "?snapshot=1")
    assert response.status_code == 404


def test_an_entrant_sees_the_released_snapshot_not_a_later_one(cast, released, imported, client_as):
    services.withdraw_batch(cast.organizer, imported, "复核")
    later, created = services.compute_snapshot(cast.organizer, cast.contest)
    assert created
    page = client_as("entrant").get(urls(cast)["own_card"]).content.decode()
    assert released.snapshot.short_hash in page and later.short_hash not in page


def test_release_is_audited_and_names_its_snapshot(cast, released):
    rec = Record.objects.get(action="results.release")
    assert rec.data == {"snapshot": 1, "hash": released.snapshot.input_hash}
    assert rec.target == "2026年测试结果"


class TestReleaseView:
    def url(self, cast):
        return reverse("results:release", args=[cast.contest.slug])

    def test_the_organizer_releases_a_snapshot_after_confirming(self, cast, snapshot, client_as):
        organizer = client_as("organizer")
        asked = organizer.post(self.url(cast), {"snapshot": 1, "title": "正式结果"})
        assert asked.status_code == 200 and "确认发布" in asked.content.decode()
        assert not cast.contest.releases.exists()
        response = organizer.post(self.url(cast), {"snapshot": 1, "title": "正式结果", "confirm": "1"})
        assert response.status_code == 302
        assert cast.contest.releases.get().snapshot == snapshot

    def test_release_takes_only_post(self, cast, snapshot, client_as):
        assert client_as("organizer").get(self.url(cast)).status_code == 405

    def test_a_chief_judge_may_not_release(self, cast, snapshot, client_as):
        assert client_as("chief").post(self.url(cast), {"snapshot": 1}).status_code == 403
        assert not cast.contest.releases.exists()

    def test_another_organizer_may_not_release(self, cast, snapshot, client_as):
        assert client_as("other_organizer").post(self.url(cast), {"snapshot": 1}).status_code == 404

    def test_an_unknown_snapshot_is_not_released(self, cast, snapshot, client_as):
        assert client_as("organizer").post(self.url(cast), {"snapshot": 9}).status_code == 404


class TestNotice:
    def url(self, cast):
        return reverse("results:notice", args=[cast.contest.slug])

    def publish(self, cast, released, start=None, end=None):
        today = timezone.localdate()
        return services.publish_notice(cast.organizer, released, start=start or today,
                                       end=end or today + dt.timedelta(days=7),
                                       contact="市考评办 0000-1234567")

    def test_nobody_but_organizers_sees_an_unpublished_notice(self, cast, released, client, client_as):
        assert client.get(self.url(cast)).status_code == 404
        assert client_as("entrant").get(self.url(cast)).status_code == 404
        preview = client_as("organizer").get(self.url(cast))
        assert preview.status_code == 200 and "预览" in preview.content.decode()

    def test_there_is_no_notice_before_release(self, cast, snapshot, client, client_as):
        assert client.get(self.url(cast)).status_code == 404
        assert client_as("organizer").get(self.url(cast)).status_code == 404

    def test_anyone_reads_a_published_notice_with_its_period_and_contact(self, cast, released, client):
        self.publish(cast, released)
        page = client.get(self.url(cast))
        text = page.content.decode()
        assert page.status_code == 200
        assert "南川县" in text and "北原县" in text and "0000-1234567" in text and "公示中" in text
        assert released.snapshot.short_hash in text

    def test_a_notice_that_has_not_begun_is_hidden(self, cast, released, client):
        self.publish(cast, released, start=timezone.localdate() + dt.timedelta(days=2))
        assert client.get(self.url(cast)).status_code == 404

    def test_a_notice_stays_readable_after_its_period(self, cast, released, client):
        today = timezone.localdate()
        self.publish(cast, released, start=today - dt.timedelta(days=10), end=today - dt.timedelta(days=3))
        page = client.get(self.url(cast))
        assert page.status_code == 200 and "公示期已结束" in page.content.decode()

    def test_notice_settings_are_saved_by_the_organizer_only(self, cast, released, client_as):
        url = reverse("results:notice_settings", args=[cast.contest.slug])
        data = {"published": "on", "start": "2026-01-01", "end": "2026-01-08", "contact": "考评办"}
        assert client_as("judge").post(url, data).status_code == 403
        assert client_as("organizer").get(url).status_code == 405
        assert client_as("organizer").post(url, data).status_code == 302
        released.refresh_from_db()
        assert released.notice_published and released.notice_contact == "考评办"
        assert Record.objects.filter(action="results.notice").exists()

    def test_a_notice_cannot_end_before_it_starts(self, cast, released, client_as):
        url = reverse("results:notice_settings", args=[cast.contest.slug])
        page = client_as("organizer").post(url, {"published": "on", "start": "2026-01-08", "end": "2026-01-01",
                                                 "contact": "考评办 0359-1234567"})
        released.refresh_from_db()
        assert not released.notice_published
        # The desk comes back with what was typed, to correct rather than retype.
        text = page.content.decode()
        assert page.status_code == 200 and "公示设置有误" in text
        assert 'value="2026-01-08"' in text and 'value="2026-01-01"' in text and "考评办 0359-1234567" in text
