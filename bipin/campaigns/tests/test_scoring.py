"""A village scorer scores households: stars from the checklist, rescoring as new facts,
the same submission kept once, and nothing scored once the township approved."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bipin.campaigns import services
from bipin.campaigns.models import Score
from bipin.campaigns.tests.conftest import FULL, household, key, score, score_all

pytestmark = pytest.mark.django_db


def test_a_household_gets_the_stars_of_its_total(cast, campaign):
    s = score(campaign, cast.scorer_a, "甲村", "1号", {**FULL, "green": "10"})
    assert (s.total, s.stars, s.vetoed_by, s.entered_by) == (Decimal("80.0"), 4, [], cast.scorer_a)


def test_a_failed_veto_gives_no_star(cast, campaign):
    s = score(campaign, cast.scorer_a, "甲村", "1号", {**FULL, "law": False})
    assert (s.total, s.stars, s.vetoed_by) == (Decimal("100.0"), 0, ["law"])


def test_a_rescoring_is_a_new_row_and_the_old_one_stays_superseded(cast, campaign):
    first = score(campaign, cast.scorer_a, "甲村", "1号")
    second = score(campaign, cast.scorer_a, "甲村", "1号", {**FULL, "kin": False})
    first.refresh_from_db()
    assert first.superseded_at is not None and first.stars == 5
    assert second.superseded_at is None and second.stars == 3
    assert Score.objects.filter(household=first.household).count() == 2


def test_the_same_key_sent_twice_is_kept_once(cast, campaign):
    h = household(campaign, "甲村", "1号")
    first, created = services.score_household(cast.scorer_a, h, FULL, "phone-1")
    again, created_again = services.score_household(cast.scorer_a, h, {**FULL, "kin": False}, "phone-1")
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert Score.objects.filter(household=h).count() == 1


@pytest.mark.parametrize(("answers", "message"), [
    ({**FULL, "green": "31"}, "at most 30.0 points"),
    ({"clean": True}, "is not answered"),
    ({**FULL, "roof": True}, "no item 'roof'"),
])
def test_a_bad_answer_sheet_is_refused_and_nothing_saved(cast, campaign, answers, message):
    h = household(campaign, "甲村", "1号")
    with pytest.raises(services.JudgingError, match=message):
        services.score_household(cast.scorer_a, h, answers, key())
    assert not Score.objects.filter(household=h).exists()


def test_an_approved_village_is_frozen_until_returned(cast, campaign, village_a):
    score_all(campaign, cast.scorer_a, "甲村")
    services.draw_sample(cast.reviewer_e, village_a, 2)
    services.review_village(cast.reviewer_e, village_a, "approved")
    with pytest.raises(services.JudgingError, match="approved; scores change only after"):
        score(campaign, cast.scorer_a, "甲村", "1号", {**FULL, "kin": False})
    services.review_village(cast.reviewer_e, village_a, "returned", "1号孝老爱亲核实有误")
    assert score(campaign, cast.scorer_a, "甲村", "1号", {**FULL, "kin": False}).stars == 3
