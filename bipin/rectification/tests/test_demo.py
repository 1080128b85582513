"""The demo's county, inspector and organizer each find ledger work waiting."""

import pytest

from bipin.contests import demo
from bipin.contests.models import Contest, Role
from bipin.rectification import nav, observations
from bipin.rectification.models import Extension, Recheck, State, Task
from bipin.results.engine import compute
from bipin.testing.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_ledger_has_work_for_each_role(settings, tmp_path, django_user_model):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    city = Contest.objects.get(slug=demo.CITY_SLUG)
    users = {u.username: u for u in django_user_model.objects.all()}
    tasks = Task.objects.filter(contest=city)
    assert tasks.count() == city.findings.filter(status="confirmed").count() > 0
    submitted = tasks.get(state=State.SUBMITTED, entrant__name="示例一县")
    assert submitted.evidence.count() == 1
    assert Extension.objects.get(task__contest=city).decision == "pending"
    assert set(tasks.values_list("state", flat=True)) == {
        "open",
        "in_progress",
        "submitted",
        "returned",
        "verified",
        "closed",
    }
    assert {t.entrant.name for t in tasks if t.is_overdue} == {"示例二县", "示例甲区"}
    [check] = Recheck.objects.filter(round__contest=city)
    assert check.outcome == "not_rectified" and check.finding.entrant.name == "示例二县"
    [charge] = observations.collect(city)
    assert (charge.ref, charge.factor) == (check.ref, 1.0)
    assert compute(city).evaluation["groups"]
    todo = {
        u: [link.label for link in nav.todo(city, users[u], roles)]
        for u, roles in [
            ("organizer", {Role.ORGANIZER}),
            ("inspector", {Role.INSPECTOR}),
            ("county", {Role.ENTRANT_VIEWER}),
        ]
    }
    assert todo == {
        "organizer": ["逾期未整改 3 项", "延期申请待审批 1 项"],
        "inspector": ["待核查整改 1 项"],
        "county": ["待整改问题 1 项"],
    }
