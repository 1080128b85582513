"""The city demo's supervision office has a year of records and work waiting."""

from __future__ import annotations

import pytest

from bipin.accounts.models import AccountOrigin
from bipin.contests import demo
from bipin.contests.models import Contest, Membership, Role
from bipin.contests.navigation import todos
from bipin.results.models import ImportedObservation
from bipin.supervision import observations
from bipin.supervision.demo import example_rows
from bipin.supervision.models import Record
from bipin.testing.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_city_demo_keeps_its_supervision_records_in_the_office():
    load_demo()
    city = Contest.objects.get(slug=demo.CITY_SLUG)
    rows = example_rows()
    assert Record.objects.filter(contest=city, status="approved").count() == len(rows) == 16
    assert Record.objects.filter(contest=city, status="submitted").count() == 1
    assert Record.objects.filter(contest=city, status="draft").count() == 1
    first = Record.objects.get(contest=city, doc_number="示督〔2026〕1号")
    assert [f.name for f in first.evidence.all()] == ["示督〔2026〕1号(示例).pdf"]
    # Counted once: from the office's records, not again from the imported file.
    assert not ImportedObservation.objects.filter(
        batch__contest=city, source="supervision"
    ).exists()
    got = sorted((o.item, o.value) for o in observations.collect(city))
    assert got == sorted((r["指标"], float(r["分值"])) for r in rows)
    snapshot = city.snapshots.get()
    assert any(o["ref"].startswith("supervision:") for o in snapshot.inputs["observations"])

    clerk = Membership.objects.get(contest=city, user__username="supervisor")
    review = Membership.objects.get(contest=city, user__username="supervisor_review")
    assert (clerk.role, clerk.department) == (Role.DEPT_REPORTER, "示例市委督查室")
    assert (review.role, review.department) == (Role.DEPT_REVIEWER, "示例市委督查室")
    assert AccountOrigin.objects.filter(user=clerk.user, contest=city).exists()
    assert [t.label for todo in todos(clerk.user) for t in todo.links] == ["待提交监督记录 1 条"]
    assert [t.label for todo in todos(review.user) for t in todo.links] == ["待审核监督记录 1 条"]
