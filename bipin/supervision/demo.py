"""Supervision part of the city demo (示例数据, all fictional).

The supervision rows of examples/dabipin/records.csv become records the
office entered and approved through the year, with fictional document numbers
(示督〔2026〕N号); one more waits for review and one is a draft, so the
office's clerk ("supervisor") and reviewer ("supervisor_review") each have
work to do. Both are the city's own accounts, so the city may print their
login links. The results demo leaves these rows out of its import (SUPPLIES).
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from bipin.accounts.models import AccountOrigin
from bipin.accounts.origins import note_origin
from bipin.contests import services as contest_services
from bipin.contests.demo import CITY_SLUG, EXAMPLES, demo_user
from bipin.contests.models import Role
from bipin.scoring import Source
from bipin.scoring.model import SOURCES, source_code
from bipin.supervision import services
from bipin.supervision.access import supervision_leaves
from bipin.supervision.models import Record

SUPPLIES = (Source.SUPERVISION.value,)
PEOPLE = [
    ("supervisor", "示例督查室录入员", Role.DEPT_REPORTER),
    ("supervisor_review", "示例督查室审核员", Role.DEPT_REVIEWER),
]


def example_rows() -> list[dict]:
    with open(EXAMPLES / "dabipin" / "records.csv", encoding="utf-8-sig") as fh:
        return [
            row
            for row in csv.DictReader(fh)
            if SOURCES[source_code(row["来源"])] == Source.SUPERVISION
        ]


def _scan(number: int) -> SimpleUploadedFile:
    """A fictional one-page PDF standing in for the scanned 文件."""
    body = f"%PDF-1.4\n% 示督〔2026〕{number}号 示例文件,虚构\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    return SimpleUploadedFile(f"示督〔2026〕{number}号(示例).pdf", body.encode("utf-8"))


def _entry(entrant, item: str, number: int, amount: str, reason: str) -> services.Entry:
    return services.Entry(
        entrant=entrant,
        item=item,
        date=dt.date(2026, 1, 10) + dt.timedelta(days=19 * number),
        doc_number=f"示督〔2026〕{number}号",
        reason=reason,
        amount=Decimal(amount),
    )


def load(contests: dict, users: dict) -> None:
    contest = contests.get(CITY_SLUG)
    organizer = users.get("organizer")
    if contest is None or organizer is None or Record.objects.filter(contest=contest).exists():
        return
    departments = {
        leaf.department for leaf in supervision_leaves(contest).values() if leaf.department
    }
    if len(departments) != 1:
        return  # the example scheme names one office; another scheme gets no demo records
    office = departments.pop()
    people = {}
    for username, full_name, role in PEOPLE:
        user = demo_user(username, full_name)
        if not AccountOrigin.objects.filter(user=user).exists():
            note_origin(organizer, contest, user)
        contest_services.grant_role(organizer, contest, user, role, department=office)
        people[role] = user
    clerk, reviewer = people[Role.DEPT_REPORTER], people[Role.DEPT_REVIEWER]
    entrants = {e.name: e for e in contest.entrants.select_related("group")}
    number = 0
    for row in example_rows():
        number += 1
        rec = services.add_record(
            clerk,
            contest,
            _entry(
                entrants[row["参评对象"]],
                row["指标"],
                number,
                row["分值"],
                row.get("备注") or "示例记录",
            ),
            files=[_scan(number)],
        )
        services.submit_records(clerk, [rec])
        services.approve_record(reviewer, rec)
    waiting = services.add_record(
        clerk,
        contest,
        _entry(
            entrants["示例三县"], "日常监督扣分", number + 1, "1", "督查发现台账不全,通报批评(示例)"
        ),
    )
    services.submit_records(clerk, [waiting])
    services.add_record(
        clerk,
        contest,
        _entry(
            entrants["示例五县"],
            "日常监督加分",
            number + 2,
            "1",
            "经验做法获省级推广(示例,待补文件后提交)",
        ),
    )
