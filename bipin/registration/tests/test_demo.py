"""The apple demo's samples came from registrations (示例数据, all fictional)."""

import pytest

from bipin.contests.demo import APPLES_SLUG
from bipin.contests.models import Contest
from bipin.registration.models import Measurement, Registration
from bipin.testing.demo import load_demo

pytestmark = pytest.mark.django_db


def test_every_demo_sample_was_registered_received_and_measured_and_one_was_sent_back():
    load_demo()
    contest = Contest.objects.get(slug=APPLES_SLUG)
    regs = Registration.objects.filter(contest=contest).select_related("entrant")
    coded = [r for r in regs if r.entrant_id]
    assert len(coded) == contest.entrants.count() == 10
    assert all(r.status == "received" and r.entrant.name == r.producer for r in coded)
    assert {r.status for r in regs if not r.entrant_id} == {"rejected", "registered"}
    rejected = regs.get(status="rejected")
    assert rejected.reason.startswith("示例:")
    assert Measurement.objects.filter(registration__contest=contest).count() == 30
    assert all(r.producer.startswith("示例") and r.origin.startswith("示例") for r in regs)
    assert contest.registration_window.is_open()
