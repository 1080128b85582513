"""The contest page links the record book; the home page lists waiting work."""

from __future__ import annotations

from bipin.contests.access import roles_of
from bipin.contests.models import Role
from bipin.supervision import nav, services
from bipin.supervision.tests.conftest import entry


def _labels(links):
    return [str(link.label) for link in links]


def links_of(cast, name):
    return _labels(nav.links(cast.contest, roles_of(cast.users[name], cast.contest), cast.users[name]))


def test_links_follow_the_office(office):
    assert links_of(office, "organizer") == ["日常监督记录", "监督记录审核"]
    assert links_of(office, "reporter") == ["日常监督记录"]
    assert links_of(office, "reviewer") == ["日常监督记录", "监督记录审核"]
    assert links_of(office, "entrant") == ["本单位日常监督记录"]
    assert links_of(office, "inspector") == []


def test_another_departments_reporter_is_not_shown_the_record_book(office):
    assert links_of(office, "edu_reporter") == []


def test_no_links_without_supervision_items(cast):
    assert links_of(cast, "organizer") == []


def test_the_clerk_and_the_reviewer_see_what_waits_for_them(office):
    draft = services.add_record(office.reporter, office.contest, entry(office))
    sent = services.add_record(office.reporter, office.contest, entry(office, amount="1"))
    services.submit_records(office.reporter, [sent])
    assert _labels(nav.todo(office.contest, office.reporter, {Role.DEPT_REPORTER})) == [
        "待提交监督记录 1 条"
    ]
    assert _labels(nav.todo(office.contest, office.reviewer, {Role.DEPT_REVIEWER})) == [
        "待审核监督记录 1 条"
    ]
    assert nav.todo(office.contest, office.edu_reporter, {Role.DEPT_REPORTER}) == []
    services.submit_records(office.reporter, [draft])
    assert nav.todo(office.contest, office.reporter, {Role.DEPT_REPORTER}) == []
