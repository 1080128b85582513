"""A released result of the test cast with its notice running 8–14 May 2026, a
confirmed finding of each county, and a second county's entrant viewer.

Every test runs on 10 May 2026 at 10:00 in Beijing unless it travels."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bipin.contests.models import Role
from bipin.contests.services import grant_role
from bipin.inspections import services as inspections
from bipin.inspections import setup
from bipin.objections import services
from bipin.results import services as results
from bipin.results.tests.conftest import OBSERVATIONS_CSV, give_scheme
from bipin.testing.cast import make_user

START, END = dt.date(2026, 5, 8), dt.date(2026, 5, 14)
NOW = dt.datetime(2026, 5, 10, 2, tzinfo=dt.UTC)  # 10:00 in Beijing
AFTER = dt.datetime(2026, 5, 15, 2, tzinfo=dt.UTC)  # the day after the notice ended


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _finding(cast, entrant_name: str, key: str):
    visit = setup.add_visit(cast.organizer, cast.team, cast.entrants[entrant_name], ["石桥村"])
    finding, _ = inspections.record_finding(cast.inspector, visit, key=key, item="实地核查",
                                            category="管网老化", description="主管道锈蚀渗漏")
    return inspections.confirm_finding(cast.inspector, finding)


@pytest.fixture
def notice(cast):
    """The cast's first result, released with its notice published; returns the release."""
    give_scheme(cast.contest)
    results.import_observations(cast.organizer, cast.contest, OBSERVATIONS_CSV.encode(), "data.csv")
    cast.round = setup.create_round(cast.organizer, cast.contest, name="第一轮实地核查")
    cast.team = setup.add_team(cast.organizer, cast.round, "第一核查组")
    setup.add_member(cast.organizer, cast.team, cast.inspector, is_leader=True)
    cast.findings = {"南川县": _finding(cast, "南川县", "finding-key-0001"),
                     "北原县": _finding(cast, "北原县", "finding-key-0002")}
    snapshot, _ = results.compute_snapshot(cast.organizer, cast.contest)
    release = results.release_results(cast.organizer, snapshot, "2026年测试结果")
    results.publish_notice(cast.organizer, release, start=START, end=END, contact="考评办")
    cast.users["entrant2"] = make_user("entrant2", "北原县联络员", contest=cast.contest)
    grant_role(cast.organizer, cast.contest, cast.entrant2, Role.ENTRANT_VIEWER,
               entrant=cast.entrants["北原县"])
    cast.release = release
    return release


def photo(name: str = "公示栏.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def file(cast, about: str = "total", reasons: str = "总分计算有误", **kwargs):
    """The county's (南川县) objection, through the domain function."""
    return services.file_objection(cast.entrant, cast.release, cast.entrants["南川县"],
                                   about=about, reasons=reasons, **kwargs)


@pytest.fixture
def objection(cast, notice):
    return file(cast)


@pytest.fixture
def public(cast, notice):
    """The release takes the public's objections."""
    services.set_policy(cast.organizer, notice, public_may_file=True, publish_answers=False)
    return notice
