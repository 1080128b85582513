"""The cast's contest with a scheme of supervision leaves and its supervision office.

督查室 keeps 监督加分 (bonus, cap 3), 监督扣分 (deduction, cap 5) and 一票否决;
表扬加分 names no department, so the organizer enters and approves it.
The cast's reporter is the office's clerk, its reviewer the office's reviewer;
"edu_reporter" reports for another department (教育局).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bipin.contests.models import Role
from bipin.contests.services import grant_role, upload_scheme
from bipin.supervision import services
from bipin.testing.cast import make_user

SCHEME = """
contest: 测试大比拼
dimensions:
  - name: 推进力度
    indicators:
      - {name: 工作评价, points: 10, source: data, rule: "scaled(max=100)"}
      - {name: 监督加分, source: supervision, department: 督查室, rule: "bonus(cap=3)"}
      - {name: 监督扣分, source: supervision, department: 督查室, rule: "deduction(cap=5)"}
      - {name: 一票否决, source: supervision, department: 督查室, rule: "veto(effect=lowest_grade)"}
      - {name: 表扬加分, source: supervision, rule: "bonus(each=0.5, cap=1)", groups: [整体推进县]}
grades:
  by: thresholds
  levels:
    - {name: 好, min: 10}
    - {name: 较差}
"""


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Evidence files go to a folder of each test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def office(cast):
    version = upload_scheme(cast.organizer, cast.contest, SCHEME.encode(), "scheme.yaml")
    assert version.is_valid, version.problems
    grant_role(cast.organizer, cast.contest, cast.reporter, Role.DEPT_REPORTER, department="督查室")
    grant_role(cast.organizer, cast.contest, cast.reviewer, Role.DEPT_REVIEWER, department="督查室")
    cast.users["edu_reporter"] = make_user("edu_reporter", contest=cast.contest)
    grant_role(
        cast.organizer, cast.contest, cast.edu_reporter, Role.DEPT_REPORTER, department="教育局"
    )
    return cast


def entry(cast, unit="南川县", item="监督加分", amount="2", **kw) -> services.Entry:
    return services.Entry(
        entrant=cast.entrants[unit],
        item=item,
        date=kw.get("date", dt.date(2026, 3, 1)),
        doc_number=kw.get("doc_number", "示督〔2026〕1号"),
        reason=kw.get("reason", "获省级表扬"),
        amount=None if amount is None else Decimal(amount),
    )


def approved(cast, unit="南川县", item="监督加分", amount="2", **kw):
    """A record entered, submitted and approved by the office."""
    rec = services.add_record(cast.reporter, cast.contest, entry(cast, unit, item, amount, **kw))
    services.submit_records(cast.reporter, [rec])
    return services.approve_record(cast.reviewer, rec)


def form(cast, unit="南川县", **fields) -> dict:
    """The entry form's POST data: a 2-point bonus for 南川县 unless ``fields`` say otherwise."""
    return {
        "entrant": cast.entrants[unit].pk,
        "item": "监督加分",
        "date": "2026-03-01",
        "doc_number": "示督〔2026〕1号",
        "reason": "获省级表扬",
        "amount": "2",
        **fields,
    }
