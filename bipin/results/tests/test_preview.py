"""试算: the organizer sees totals from the current inputs, and nothing is stored."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from bipin.audit.models import Record
from bipin.contests import demo
from bipin.contests.models import Contest
from bipin.results import services
from bipin.results.models import Snapshot
from bipin.results.presenters import report_of
from bipin.testing.demo import load_demo

pytestmark = pytest.mark.django_db


def preview_url(cast):
    return reverse("results:preview", args=[cast.contest.slug])


def test_a_trial_run_writes_no_snapshot_and_no_audit_record(cast, scheme, live, imported, client_as):
    before = (Snapshot.objects.count(), Record.objects.count())
    html = client_as("organizer").get(preview_url(cast)).content.decode()
    assert "试算,不是正式结果" in html
    assert (Snapshot.objects.count(), Record.objects.count()) == before


def test_a_trial_run_gives_the_totals_a_snapshot_would(cast, scheme, live, imported, client_as):
    response = client_as("organizer").get(preview_url(cast))
    shown = {(g["name"], item["row"].name): (item["row"].rank, item["row"].total)
             for g in response.context["groups"] for item in g["rows"]}
    snapshot, _ = services.compute_snapshot(cast.organizer, cast.contest)
    stored = {(g.name, r.name): (r.rank, r.total) for g in report_of(snapshot).groups for r in g.rows}
    assert shown == stored and len(shown) == 3
    assert "46.80" in response.content.decode()  # 北原县, as the snapshot has it


def test_a_trial_run_without_a_scheme_says_so(cast, client_as):
    assert "尚无有效的考评方案,无法试算" in client_as("organizer").get(preview_url(cast)).content.decode()


@pytest.mark.parametrize("who, status", [("judge", 403), ("chief", 403), ("entrant", 403),
                                         ("reviewer", 403), ("bystander", 404), ("other_organizer", 404)])
def test_only_the_organizer_runs_a_trial(cast, scheme, client_as, who, status):
    assert client_as(who).get(preview_url(cast)).status_code == status


def test_a_trial_run_is_get_only(cast, scheme, client_as):
    assert client_as("organizer").post(preview_url(cast)).status_code == 405


def test_the_changes_page_names_judges_never_judge_codes(client):
    """A mark changed between two snapshots: the organizer reads the judge's name."""
    load_demo()
    contest = Contest.objects.get(slug=demo.CITY_SLUG)
    first = contest.snapshots.order_by("-number").first()
    inputs = dict(first.inputs)
    marks = [o for o in inputs["observations"] if o["source"] == "panel" and o.get("judge")]
    assert marks and marks[0]["judge"].startswith("judge:")
    changed = {**marks[0], "value": marks[0]["value"] - 1}
    inputs["observations"] = [changed if o is marks[0] else o for o in inputs["observations"]]
    Snapshot.objects.create(contest=contest, number=first.number + 1, input_hash="0" * 64,
                            scheme_version=first.scheme_version, scheme_sha256=first.scheme_sha256,
                            evaluation=first.evaluation, inputs=inputs, computed_by=first.computed_by)
    organizer = get_user_model().objects.get(username="organizer")
    judge = get_user_model().objects.get(pk=int(marks[0]["judge"].split(":")[1]))
    client.force_login(organizer)
    html = client.get(reverse("results:diff", args=[contest.slug, first.number + 1])).content.decode()
    assert judge.get_full_name() in html
    assert not re.search(r"judge:\d+", html)


def test_no_results_page_of_the_demo_shows_a_judge_code(client):
    load_demo()
    contest = Contest.objects.get(slug=demo.CITY_SLUG)
    client.force_login(get_user_model().objects.get(username="organizer"))
    entrant = contest.entrants.first()
    for url in (reverse("results:desk", args=[contest.slug]), reverse("results:ranking", args=[contest.slug]),
                reverse("results:card", args=[contest.slug, entrant.pk]),
                reverse("results:preview", args=[contest.slug]),
                reverse("contests:scheme", args=[contest.slug])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not re.search(r"judge:\d+", response.content.decode()), url
