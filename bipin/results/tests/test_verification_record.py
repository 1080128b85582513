"""The notice's 核验数据: visible exactly when the notice is, people masked, and
recomputing it gives the published results on both demo contests."""

import hashlib
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from bipin.contests import demo
from bipin.contests.models import Contest, Membership, Role
from bipin.io.snapshot_check import check_record
from bipin.io.snapshot_record import FORMAT, RecordError, canonical_bytes
from bipin.results import services
from bipin.results.verification import record_file, verification_record
from bipin.testing.demo import load_demo

pytestmark = pytest.mark.django_db


def release(contest, *, notice=True):
    snapshot, _ = services.compute_snapshot(contest.created_by, contest)
    current = services.release_results(contest.created_by, snapshot, "示例发布")
    if notice:
        services.publish_notice(contest.created_by, current, start=None, end=None, contact="示例联系人")
    return current


@pytest.fixture
def city():
    load_demo()
    return Contest.objects.get(slug=demo.CITY_SLUG)


def url(name, contest):
    return reverse(f"results:{name}", args=[contest.slug])


def test_anyone_downloads_the_record_once_the_notice_is_published(city, client):
    current = release(city)
    response = client.get(url("notice_record", city))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    record = json.loads(response.content)
    assert record["format"] == FORMAT
    assert record["snapshot"]["label"] == f"第{current.snapshot.number}版 · {current.snapshot.short_hash}"
    assert response.content == canonical_bytes(record)
    page = client.get(url("notice_verify", city))
    assert hashlib.sha256(response.content).hexdigest() in page.content.decode()
    assert url("notice_verify", city) in client.get(url("notice", city)).content.decode()


def test_before_the_notice_is_published_only_the_organizer_previews_the_record(city, client):
    release(city, notice=False)
    for name in ("notice_record", "notice_verify"):
        assert client.get(url(name, city)).status_code == 404
    viewer = Membership.objects.filter(contest=city, role=Role.ENTRANT_VIEWER).first().user
    client.force_login(viewer)
    assert client.get(url("notice_record", city)).status_code == 404
    client.force_login(city.created_by)
    assert client.get(url("notice_record", city)).status_code == 200


def test_nothing_released_means_no_record(city, client):
    # The city demo releases its first version for the objections' notice; the
    # apple contest releases nothing.
    apples = Contest.objects.get(slug=demo.APPLES_SLUG)
    assert not apples.releases.exists()
    client.force_login(apples.created_by)
    assert client.get(url("notice_record", apples)).status_code == 404
    assert client.get(url("notice_verify", apples)).status_code == 404


def test_the_record_is_read_only(city, client):
    release(city)
    assert client.post(url("notice_record", city)).status_code == 405
    assert client.post(url("notice_verify", city)).status_code == 405


def test_no_judge_reporter_or_comment_reaches_the_record(city):
    current = release(city)
    text = record_file(current).decode()
    people = get_user_model().objects.filter(
        memberships__contest=city,
        memberships__role__in=[Role.JUDGE, Role.CHIEF_JUDGE, Role.DEPT_REPORTER, Role.INSPECTOR])
    assert people.exists()
    for person in people:
        assert f'"{person.get_username()}"' not in text
        assert not person.get_full_name() or person.get_full_name() not in text
    assert "judge:" not in text and "dept:" not in text
    assert "示例评价" not in text  # the demo judges' comments
    judges = {o["judge"] for o in json.loads(text)["observations"] if o["judge"]}
    assert judges and all(j.startswith(("评委", "填报人")) for j in judges)


def test_the_staged_apple_demo_offers_no_record(db):
    # 分桌初评 → 决赛: the record holds one ranking per group, not the cut between stages.
    load_demo()
    current = release(Contest.objects.get(slug=demo.APPLES_SLUG))
    with pytest.raises(RecordError, match="no verification record is offered for a staged contest"):
        verification_record(current)


@pytest.mark.parametrize("slug", [demo.CITY_SLUG])
def test_masked_inputs_reproduce_the_published_results_on_the_demo_contests(db, slug):
    load_demo()
    current = release(Contest.objects.get(slug=slug))
    record = verification_record(current)
    assert any(o["source"] == "panel" for o in record["observations"])
    check = check_record(record)
    assert check.ok, check.differences[:3]
    assert check.entrants == current.snapshot.contest.entrants.count()
