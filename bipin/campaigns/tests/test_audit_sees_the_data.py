"""The audit log answers for a campaign: a season run through Bipin verifies, and stars,
an approval or a published list changed straight in the database are named."""

from __future__ import annotations

import datetime as dt

import pytest

from bipin.campaigns import services
from bipin.campaigns.tests.conftest import FULL, household, score, score_all
from bipin.testing.tampering import edit, named, row, verify

pytestmark = pytest.mark.django_db


def test_a_season_run_through_bipin_verifies_and_changed_stars_are_named(cast, campaign, village_a, capsys):
    score_all(campaign, cast.scorer_a, "甲村")
    changed = score(campaign, cast.scorer_a, "甲村", "1号", {**FULL, "kin": False})
    services.draw_sample(cast.reviewer_e, village_a, 2)
    approval = services.review_village(cast.reviewer_e, village_a, "approved")
    published = services.publish_village(cast.organizer, village_a)
    code, out = verify(capsys)
    assert code == 0, out
    edit(changed, stars=5)
    edit(approval, outcome="returned")
    edit(published, ends_on=dt.date(2099, 1, 1))
    edit(household(campaign, "乙村", "1号"), head="冒名")
    code, out = verify(capsys)
    assert code == 1
    assert {(row(changed), "changed"), (row(approval), "changed"), (row(published), "changed"),
            (row(household(campaign, "乙村", "1号")), "changed")} <= named(out)


def test_scores_from_a_sheet_verify_and_a_changed_one_is_named(cast, campaign, capsys, monkeypatch):
    from bipin.campaigns import answers
    from bipin.campaigns.answers import import_answers
    from bipin.campaigns.models import Score
    from bipin.campaigns.tests.test_bulk_scores import SHEET

    monkeypatch.setattr(answers, "CHUNK_ROWS", 2)  # two chunks, two audit records
    phone = score(campaign, cast.scorer_a, "甲村", "1号")
    import_answers(cast.organizer, campaign, SHEET.encode(), "评分表.csv")
    code, out = verify(capsys)
    assert code == 0, out
    sheet = Score.objects.get(household=household(campaign, "甲村", "3号"), superseded_at__isnull=True)
    phone.refresh_from_db()
    edit(sheet, stars=5)
    edit(phone, superseded_at=phone.superseded_at + dt.timedelta(days=1))
    code, out = verify(capsys)
    assert code == 1
    assert {(row(sheet), "changed"), (row(phone), "changed")} <= named(out)
