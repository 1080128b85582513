import pytest

from bipin.contests import demo
from bipin.contests.models import Contest
from bipin.objections.models import Objection, Status
from bipin.testing.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_city_demo_is_in_its_notice_with_objections_in_every_state():
    load_demo()
    city = Contest.objects.get(slug=demo.CITY_SLUG)
    release = city.releases.get()
    assert release.notice_open() and release.objection_policy.public_may_file
    assert set(Objection.objects.filter(contest=city).values_list("status", flat=True)) == set(
        Status.values)
    assert Objection.objects.filter(contest=city, filed_by=None).exists()  # the public's
