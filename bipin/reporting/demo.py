"""The department grids of the city demo (示例数据, all fictional).

The values are the department rows of examples/dabipin/data.csv, entered
through the same domain functions the pages use:

- 示例市考评办 filled, submitted and approved; its reviewer then corrected a
  slip in one value with a reason, so the history shows a correction.
- 示例市督导组 submitted, was returned with a reason, corrected and approved.
- 示例乡村振兴局 (the demo's ``reporter`` and ``reviewer`` accounts) is a draft
  with two thirds of its cells filled: the reporter has work to finish and
  submit, then the reviewer has a grid to review. Until then its indicator
  counts for nobody (only approved values count).

The accounts of the two other departments are created here, fictional too.
"""

from __future__ import annotations

import csv
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from bipin.accounts.origins import note_origin
from bipin.contests.demo import CITY_SLUG, EXAMPLES, password_hash
from bipin.contests.models import Role
from bipin.contests.services import grant_role
from bipin.judging.engine import contest_scheme
from bipin.reporting import grid as grids
from bipin.reporting import services

SUPPLIES = ("department",)

# department -> (reporter, reviewer): (username, full name)
ACCOUNTS = {
    "示例市考评办": (("kpb_reporter", "示例考评办填报员"), ("kpb_reviewer", "示例考评办审核员")),
    "示例市督导组": (("dd_reporter", "示例督导组填报员"), ("dd_reviewer", "示例督导组审核员")),
    "示例乡村振兴局": (("reporter", ""), ("reviewer", "")),
}
DRAFT_DEPARTMENT = "示例乡村振兴局"


def example_values() -> dict[tuple[str, str], str]:
    """(entrant name, indicator) -> value of the example's department rows."""
    with open(EXAMPLES / "dabipin" / "data.csv", encoding="utf-8-sig") as fh:
        return {
            (row["参评对象"], row["指标"]): row["分值"]
            for row in csv.DictReader(fh)
            if row["来源"] == "department"
        }


def _people(contest, organizer, users: dict) -> dict[str, tuple]:
    User = get_user_model()
    out = {}
    for department, pair in ACCOUNTS.items():
        people = []
        for (username, full_name), role in zip(
            pair, (Role.DEPT_REPORTER, Role.DEPT_REVIEWER), strict=True
        ):
            if username not in users:
                users[username] = User.objects.create(
                    username=username, password=password_hash(), first_name=full_name
                )
                note_origin(organizer, contest, users[username])
                grant_role(organizer, contest, users[username], role, department=department)
            people.append(users[username])
        out[department] = tuple(people)
    return out


def load(contests: dict, users: dict) -> None:
    contest = contests.get(CITY_SLUG)
    organizer = users.get("organizer")
    if contest is None or organizer is None:
        return
    people = _people(contest, organizer, users)
    values = example_values()
    scheme = contest_scheme(contest)
    names = {e.name: e.pk for e in contest.entrants.all()}
    for department in grids.departments(scheme):
        if department not in people:
            continue
        reporter, reviewer = people[department]
        grid = grids.build(contest, department, scheme)
        cells = {
            (names[entrant], item): values[(entrant, item)]
            for (entrant, item) in values
            if entrant in names and grid.node(names[entrant], item) is not None
        }
        if department == DRAFT_DEPARTMENT:
            keys = sorted(cells, key=lambda k: (k[0], k[1]))
            services.set_deadline(
                organizer, contest, department, timezone.now() + timedelta(days=7)
            )
            services.save_values(
                reporter, contest, grid, {k: cells[k] for k in keys[: len(keys) * 2 // 3]}
            )
            continue
        _approved(contest, grid, reporter, reviewer, cells)


def _approved(contest, grid, reporter, reviewer, cells: dict) -> None:
    # Each grid goes in with one slip (10 below the example's value), caught at a
    # different step, so both kinds of history show in the demo.
    first = min(cells)
    slip = dict(cells)
    slip[first] = str(float(cells[first]) - 10)
    services.save_values(reporter, contest, grid, slip)
    sub = services.submit(reporter, contest, grid)
    if grid.department == "示例市督导组":
        # The reviewer catches it and returns the grid; the reporter fixes it.
        services.send_back(reviewer, sub, "与督导台账不一致,请核对后重报(示例)")
        services.save_values(reporter, contest, grid, cells)
        services.approve(reviewer, services.submit(reporter, contest, grid))
        return
    # Found after approval: the reviewer corrects it, with the reason kept.
    services.approve(reviewer, sub)
    services.correct_values(
        reviewer, contest, grid, {first: cells[first]}, "复核发现录入笔误(示例)"
    )
