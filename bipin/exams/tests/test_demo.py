"""The demo's exam part: a bank, a finished marked sitting, an open practice."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate

from bipin.contests.models import Contest
from bipin.exams.analysis import sitting_analysis
from bipin.exams.models import Candidate
from bipin.exams.observations import collect
from bipin.testing.demo import load_demo


@pytest.fixture
def city(db):
    load_demo()
    return Contest.objects.get(slug="demo-dabipin")


def test_the_demo_has_the_sample_bank_and_two_sittings(city):
    assert city.questions.count() == 24
    assert [s.counts for s in city.sittings.order_by("pk")] == [True, False]
    assert Candidate.objects.filter(sitting__contest=city).count() == 48
    assert authenticate(username="cand01", password="bipin-demo") is not None


def test_the_finished_sitting_is_marked_and_feeds_the_engine(city):
    stage = city.sittings.get(counts=True)
    assert not stage.candidates.filter(score__isnull=True).exists()
    assert stage.candidates.filter(finish="timeout").count() == 1
    observations = collect(city)
    assert len(observations) == 24 and {o.item for o in observations} == {stage.item_id}
    assert all(0 <= o.value <= 100 for o in observations)


def test_the_finished_sitting_shows_item_statistics(city):
    result = sitting_analysis(city.sittings.get(counts=True))
    assert result.stats.candidates == 24 and result.stats.alpha is not None
    assert len(result.rows) == 10


def test_the_practice_sitting_is_open_for_the_demo_candidates(city, client):
    from django.urls import reverse

    practice = city.sittings.get(counts=False)
    client.login(username="cand01", password="bipin-demo")
    html = client.get(reverse("exams:take", args=[city.slug, practice.pk])).content.decode()
    assert "start-button" in html


def test_the_demo_exam_verifies_against_the_audit_log(city):
    # The exam's rows only: the demo-wide check (every app) is the contests app's.
    from bipin.audit.chain import chain_key
    from bipin.audit.verification import verify

    result = verify(chain_key(city))
    assert result.first_bad_seq is None
    assert [str(p) for p in result.problems if p.table.startswith("exams.")] == []
    assert result.rows >= 24 + 48


def test_loading_the_demo_twice_adds_nothing(city):
    load_demo()
    assert city.questions.count() == 24
