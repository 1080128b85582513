"""The apple demo's samples came from registrations (示例数据, all fictional)."""

import pytest

from bipin.contests.demo import APPLES_SLUG
from bipin.contests.models import Contest
from bipin.registration import measures
from bipin.registration.models import Measurement, Registration, shown
from bipin.testing.demo import load_demo

pytestmark = pytest.mark.django_db


def test_every_demo_sample_was_registered_received_and_measured_and_one_was_sent_back():
    load_demo()
    contest = Contest.objects.get(slug=APPLES_SLUG)
    regs = Registration.objects.filter(contest=contest).select_related("entrant")
    coded = [r for r in regs if r.entrant_id]
    assert len(coded) == contest.entrants.count() == 18
    assert all(r.status == "received" and r.entrant.name == r.producer for r in coded)
    assert {r.status for r in regs if not r.entrant_id} == {"rejected", "registered"}
    rejected = regs.get(status="rejected")
    assert rejected.reason.startswith("示例:")
    assert Measurement.objects.filter(registration__contest=contest).count() == 18 * 3
    # The example scheme scores 糖度 and 单果重 (examples/apples/README.md); 果径 is only kept.
    assert measures.scored(contest) == {"糖度", "单果重"}
    s02 = Measurement.objects.filter(registration__entrant__name="示例果园02").values_list(
        "measure__name", "value")
    assert {name: shown(value) for name, value in s02} == {"糖度": "16.3", "单果重": "285", "果径": "79"}
    assert all(r.producer.startswith("示例") and r.origin.startswith("示例") for r in regs)
    assert contest.registration_window.is_open()
