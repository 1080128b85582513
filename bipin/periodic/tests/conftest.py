"""A small area on the test cast: 市 → 南川县 (甲镇, 乙镇) and 北原县 (丙镇),
a monthly form the towns fill, approved by the county and then the city.

People: ``reporter`` fills 甲镇 and 乙镇 and ``reporter2`` fills 丙镇; ``reviewer``
approves for 南川县, ``reviewer2`` for 北原县, ``city`` last for 市.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bipin.contests import services as contests
from bipin.contests.models import Role
from bipin.periodic import reports, setup, units
from bipin.periodic.models import UnitPerson
from bipin.testing.cast import make_user

SCHEME = """
contest: 测试
groups: [整体推进县, 市直部门]
dimensions:
  - name: 数据
    points: 20
    indicators:
      - {name: 覆盖率, points: 10, source: data, groups: [整体推进县],
         rule: "target_step(target=100, step=1, deduct=1)"}
      - {name: 帮扶户数, points: 5, source: data, reduce: sum, groups: [整体推进县],
         rule: "proportional(target=1000)"}
      - {name: 最大值, points: 5, source: data, groups: [整体推进县],
         rule: "all_or_nothing(threshold=0, op=\\"<=\\")"}
"""


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def area(cast):
    return build_area(cast)


def build_area(cast):
    org, contest = cast.organizer, cast.contest
    version = contests.upload_scheme(org, contest, SCHEME.encode(), "scheme.yaml")
    assert version.is_valid, version.problems
    for name, role in (
        ("reporter2", Role.DEPT_REPORTER),
        ("reviewer2", Role.DEPT_REVIEWER),
        ("city", Role.DEPT_REVIEWER),
    ):
        cast.users[name] = make_user(name, contest=contest)
        contests.grant_role(org, contest, cast.users[name], role)
    city = units.add_unit(org, contest, name="示例市", level="市")
    nc = units.add_unit(
        org, contest, name="南川县区", level="县", parent=city, entrant=cast.entrants["南川县"]
    )
    by = units.add_unit(
        org, contest, name="北原县区", level="县", parent=city, entrant=cast.entrants["北原县"]
    )
    towns = {
        n: units.add_unit(org, contest, name=n, level="乡镇", parent=p)
        for n, p in (("甲镇", nc), ("乙镇", nc), ("丙镇", by))
    }
    R, V = UnitPerson.Duty.REPORTER, UnitPerson.Duty.REVIEWER
    for unit, name, duty in (
        (towns["甲镇"], "reporter", R),
        (towns["乙镇"], "reporter", R),
        (towns["丙镇"], "reporter2", R),
        (nc, "reviewer", V),
        (by, "reviewer2", V),
        (city, "city", V),
    ):
        units.assign(org, unit, cast.users[name], duty)
    form = setup.create_form(
        org, contest, name="月度监测帮扶数据", periodicity="monthly", level="乡镇", to_city=True
    )
    households = setup.add_field(
        org, form, code="households", label="监测对象户数", kind="integer", unit="户", minimum="0"
    )
    helped = setup.add_field(
        org, form, code="helped", label="已落实帮扶户数", kind="integer", unit="户", minimum="0"
    )
    coverage = setup.add_field(
        org,
        form,
        code="coverage",
        label="帮扶覆盖率",
        kind="percent",
        unit="%",
        numerator="helped",
        denominator="households",
    )
    note = setup.add_field(org, form, code="note", label="情况说明", kind="text")
    periods = setup.add_periods(org, form, first="2026-01", last="2026-03", deadline_days=10)
    return SimpleNamespace(
        cast=cast,
        contest=contest,
        org=org,
        city=city,
        nc=nc,
        by=by,
        towns=towns,
        form=form,
        households=households,
        helped=helped,
        coverage=coverage,
        note=note,
        periods={p.label: p for p in periods},
        users=cast.users,
    )


def fill(area, period: str, town: str, households: int, helped: int, note: str = ""):
    """The town's reporter saves and submits its figures; returns the report."""
    reporter = area.users["reporter2" if town == "丙镇" else "reporter"]
    report = reports.save_values(
        reporter,
        area.periods[period],
        area.towns[town],
        {"households": str(households), "helped": str(helped), "note": note},
    )
    return reports.submit(reporter, report)


def approve_all(area, report):
    """County, then city approve."""
    county = area.nc if report.unit.parent_id == area.nc.pk else area.by
    reviewer = area.users["reviewer" if county == area.nc else "reviewer2"]
    report = reports.approve(reviewer, report, county)
    return reports.approve(area.users["city"], report, area.city)
