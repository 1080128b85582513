"""Fixtures for the results tests: the cast's contest with a scheme, live marks
standing in for the judging and exams apps, and a valid observation file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bipin.contests.models import SchemeVersion
from bipin.contests.services import upload_scheme
from bipin.results.tests.staged import diving  # noqa: F401  (fixture)
from bipin.results.tests.villages import households  # noqa: F401  (fixture)
from bipin.scoring import Observation

DATA = Path(__file__).parent / "data"
SCHEME = (DATA / "scheme.yaml").read_bytes()

# 南川县 · 北原县 in one group, 教育局 alone in the other; three judges each.
MARKS = {"南川县": [(5, 3), (6, 4), (4, 2)], "北原县": [(5.5, 3), (5, 3.5), (6, 4)],
         "教育局": [(4, 3), (4.5, 3), (5, 2)]}
EXAM = {"南川县": 90, "北原县": 80, "教育局": 70}

OBSERVATIONS_CSV = """参评对象,来源,指标,评委,分值,类别,严重程度
南川县,data,饮水达标率,,99.7,,
A02,客观数据,饮水达标率,,100,,
教育局,data,饮水达标率,,98,,
南川县,inspection,实地核查,核查组,1,管网老化,
南川县,inspection,实地核查,核查组,1,水表损坏,
北原县,department,部门评价,教育局,88,,
南川县,department,部门评价,教育局,92,,
教育局,department,部门评价,市委办,85,,
北原县,supervision,日常监督加分,督查室,1,,
"""


def give_scheme(contest, content: bytes = SCHEME) -> SchemeVersion:
    version = upload_scheme(contest.created_by, contest, content, "scheme.yaml")
    assert version.is_valid, version.problems
    return version


def live_observations(contest) -> list[Observation]:
    out = []
    for entrant in contest.entrants.all():
        for judge, (content, delivery) in zip(("评委甲", "评委乙", "评委丙"), MARKS.get(entrant.name, []),
                                               strict=False):
            out.append(Observation(str(entrant.pk), "panel", "内容", content, judge=judge,
                                   ref=f"sheet:{entrant.pk}{judge}"))
            out.append(Observation(str(entrant.pk), "panel", "表达", delivery, judge=judge))
        if entrant.name in EXAM:
            out.append(Observation(entrant.code, "exam", "政策测试", EXAM[entrant.name]))
    return out


@pytest.fixture
def scheme(cast):
    return give_scheme(cast.contest)


@pytest.fixture
def live(monkeypatch, cast):
    """The judging and exams apps' collect(), until they are merged into this tree."""
    from bipin.results import engine

    installed = engine.collectors

    def with_live():
        return [*installed(), live_observations]

    monkeypatch.setattr(engine, "collectors", with_live)


@pytest.fixture
def imported(cast, scheme):
    from bipin.results import services

    return services.import_observations(cast.organizer, cast.contest, OBSERVATIONS_CSV.encode(),
                                        "data.csv")


@pytest.fixture
def snapshot(cast, scheme, live, imported):
    from bipin.results import services

    snap, _ = services.compute_snapshot(cast.organizer, cast.contest)
    return snap


@pytest.fixture
def released(cast, snapshot):
    from bipin.results import services

    return services.release_results(cast.organizer, snapshot, "2026年测试结果")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The cast's eleven accounts need no slow hashing in these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


AWARDS = """
awards:
  levels:
    - {name: 一等奖, count: 1}
""".encode()
VETO = "参评对象,来源,指标,填报人,分值\n北原县,supervision,一票否决,督查室,1\n"


@pytest.fixture
def filed(cast, live):
    """A released snapshot with an award, a veto, a note (教育局 lacks its 部门评价), and
    the office on the organizer."""
    from bipin.contests.models import Role
    from bipin.contests.services import grant_role
    from bipin.results import services

    give_scheme(cast.contest, SCHEME + AWARDS)
    data = OBSERVATIONS_CSV.replace("教育局,department,部门评价,市委办,85,,\n", "")
    services.import_observations(cast.organizer, cast.contest, data.encode(), "data.csv")
    grant_role(cast.organizer, cast.contest, cast.organizer, Role.ORGANIZER, department="测试市考评办")
    services.import_observations(cast.organizer, cast.contest, VETO.encode(), "veto.csv")
    snapshot, _ = services.compute_snapshot(cast.organizer, cast.contest)
    services.release_results(cast.organizer, snapshot, "2026年测试结果")
    return snapshot
