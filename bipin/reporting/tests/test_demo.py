"""The city demo: two departments approved, the demo reporter's grid a draft."""

import pytest

from bipin.contests import demo
from bipin.contests.models import Contest
from bipin.contests.navigation import todos
from bipin.reporting import observations
from bipin.reporting.demo import example_values
from bipin.reporting.models import ReviewEvent, Submission, Value
from bipin.testing.demo import load_demo


@pytest.fixture
def city(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    return Contest.objects.get(slug=demo.CITY_SLUG)


def test_the_demo_departments_are_where_the_story_says(city):
    states = dict(Submission.objects.filter(contest=city).values_list("department", "state"))
    assert states == {
        "示例乡村振兴局": "draft",
        "示例市考评办": "approved",
        "示例市督导组": "approved",
    }
    draft = Submission.objects.get(department="示例乡村振兴局")
    assert Value.objects.filter(submission=draft, current=True).count() == 16  # of 24
    assert (
        ReviewEvent.objects.filter(action="return").get().reason
        == "与督导台账不一致,请核对后重报(示例)"
    )
    assert ReviewEvent.objects.filter(action="correct").get().reason == "复核发现录入笔误(示例)"


def test_approved_demo_values_are_the_examples(city):
    names = {str(e.pk): e.name for e in city.entrants.all()}
    expected = {k: float(v) for k, v in example_values().items() if k[1] != "责任制落实"}
    got = {(names[o.entrant], o.item): o.value for o in observations.collect(city)}
    assert got == expected and len(got) == 24 + 14


def test_the_demo_reporter_has_work_on_the_home_page(city):
    from django.contrib.auth import get_user_model

    reporter = get_user_model().objects.get(username="reporter")
    # (the same account also reports a town's monthly figures: the periodic app's to-do)
    assert "示例乡村振兴局:待填报 8 个数值" in [link.label for t in todos(reporter) for link in t.links]
