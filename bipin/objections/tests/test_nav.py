"""Links on the contest page and the waiting work on the home page."""

from __future__ import annotations

import pytest

from bipin.contests.access import roles_of
from bipin.objections import nav, services
from bipin.objections.tests.conftest import file

pytestmark = pytest.mark.django_db


def todo(cast, who):
    user = cast.users[who]
    return [link.label for link in nav.todo(cast.contest, user, roles_of(user, cast.contest))]


def test_the_organizer_is_told_how_many_objections_wait(cast, notice):
    assert todo(cast, "organizer") == []
    first, second = file(cast), file(cast)
    assert todo(cast, "organizer") == ["2 条异议待处理"]
    services.assign(cast.organizer, first, cast.inspector)
    assert todo(cast, "inspector") == ["1 条异议待调查"]
    services.answer(cast.organizer, second, "not_upheld", "无误")
    assert todo(cast, "organizer") == ["1 条异议待处理"]


def test_a_county_sees_it_may_object_while_the_notice_runs(cast, notice):
    labels = [(link.label, link.note) for link in nav.links(cast.contest, {"entrant_viewer"},
                                                            cast.entrant)]
    assert labels == [("本单位的异议", "公示中,可提出异议")]


def test_a_judge_with_nothing_assigned_gets_no_link(cast, notice):
    assert nav.links(cast.contest, {"judge"}, cast.judge) == []
