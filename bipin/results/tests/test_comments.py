"""Judges' comments on the report card, when the judging app is installed."""

import pytest
from django.apps import apps
from django.urls import reverse

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("bipin.judging"),
                       reason="the judging app is not installed in this tree"),
]


def test_the_card_shows_locked_sheets_comments_without_judges_names(cast, released, client_as):
    from bipin.judging import services as judging

    panel = judging.create_panel(cast.organizer, cast.contest, item="report", name="现场汇报",
                                 criteria=[{"id": "内容", "max": 6}, {"id": "表达", "max": 4}])
    judging.seat_judge(cast.organizer, panel, cast.judge)
    judging.submit_sheet(cast.judge, panel, cast.entrants["南川县"], key="sheet-key-1",
                         marks={"内容": 5, "表达": 3}, comment="思路清晰,建议量化成效")
    judging.submit_sheet(cast.judge, panel, cast.entrants["北原县"], key="sheet-key-2",
                         marks={"内容": 4, "表达": 3}, comment="北原县的评价")
    url = reverse("results:card", args=[cast.contest.slug, cast.entrants["南川县"].pk])
    text = client_as("entrant").get(url).content.decode()
    assert "评委评价指导" in text and "思路清晰,建议量化成效" in text
    assert "北原县的评价" not in text and cast.judge.get_username() not in text
