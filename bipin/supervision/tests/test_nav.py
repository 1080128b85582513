"""The contest page links the record book; the home page lists waiting work."""

from __future__ import annotations

from bipin.contests.models import Role
from bipin.supervision import nav, services
from bipin.supervision.tests.conftest import entry


def _labels(links):
    return [str(link.label) for link in links]


def test_links_follow_the_roles(office):
    assert _labels(nav.links(office.contest, {Role.ORGANIZER})) == ["日常监督记录", "监督记录审核"]
    assert _labels(nav.links(office.contest, {Role.DEPT_REPORTER})) == ["日常监督记录"]
    assert _labels(nav.links(office.contest, {Role.DEPT_REVIEWER})) == [
        "日常监督记录",
        "监督记录审核",
    ]
    assert _labels(nav.links(office.contest, {Role.ENTRANT_VIEWER})) == ["本单位日常监督记录"]
    assert nav.links(office.contest, {Role.INSPECTOR}) == []


def test_no_links_without_supervision_items(cast):
    assert nav.links(cast.contest, {Role.ORGANIZER}) == []


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
