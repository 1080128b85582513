"""Release asks first, and every page says which version the public sees and which is newest."""

import re

import pytest

from bipin.results import services
from bipin.results.models import Release

pytestmark = pytest.mark.django_db


def _markers(html: str) -> list[str]:
    block = re.search(r'<p class="versions" id="versions">(.*?)</p>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", m).strip() for m in re.findall(r"<span[^>]*>.*?</span>", block)]


def _second(cast, snapshot):
    services.withdraw_batch(cast.organizer, snapshot.contest.observation_batches.get(), "复核")
    newer, created = services.compute_snapshot(cast.organizer, cast.contest)
    assert created
    return newer


def test_before_any_release_the_desk_says_nobody_outside_sees_results(client_as, snapshot):
    html = client_as("organizer").get("/c/test-contest/results/").content.decode()
    assert _markers(html) == ["尚未发布:公众和参评单位看不到成绩", "最新计算:第1版 · 未发布"]


def test_the_confirmation_says_which_version_replaces_which(client_as, cast, released, snapshot):
    newer = _second(cast, snapshot)
    html = client_as("organizer").post("/c/test-contest/results/release/",
                                       {"snapshot": newer.number, "title": "更正后"}).content.decode()
    assert "公众和参评单位看到的成绩将从第1版换成这一版" in html
    assert 'name="confirm" value="1"' in html and 'value="更正后"' in html
    assert Release.objects.count() == 1


def test_desk_and_ranking_show_the_released_and_the_newest_version(client_as, cast, released, snapshot):
    _second(cast, snapshot)
    organizer = client_as("organizer")
    expected = ["公众和参评单位看到的:第1版", "最新计算:第2版 · 未发布"]
    assert _markers(organizer.get("/c/test-contest/results/").content.decode()) == expected
    assert _markers(organizer.get("/c/test-contest/results/ranking/").content.decode()) == expected
    organizer.post("/c/test-contest/results/release/", {"snapshot": 2, "confirm": "1"})
    assert _markers(organizer.get("/c/test-contest/results/ranking/").content.decode()) == [
        "公众和参评单位看到的:第2版"]
    assert _markers(organizer.get("/c/test-contest/results/ranking/?snapshot=1").content.decode()) == [
        "公众和参评单位看到的:第2版", "本页显示:第1版 · 不是当前发布的版本"]


def test_notice_errors_name_the_field_in_words(client_as, released):
    response = client_as("organizer").post("/c/test-contest/results/notice/settings/", {
        "published": "on", "start": "2026-05-10", "end": "2026-05-01"}, follow=True)
    text = response.content.decode()
    assert "公示截止日期:截止日期不能早于开始日期" in text and "* end" not in text
