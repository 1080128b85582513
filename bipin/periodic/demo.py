"""The periodic app's part of the demo (示例数据, all fictional).

In demo-dabipin: 示例市 above 示例一县 and 示例二县, two towns under each; the form
月度监测帮扶数据 filled by the towns each month and approved by the county and then
the city. 2026-01 and 2026-02 are approved everywhere; in 2026-03 示例二县's towns
are approved, 示例一县河口镇 waits for the county reviewer (the demo ``reviewer``),
and 示例一县城关镇 (the demo ``reporter``) was returned for a correction.

Accounts made here (password as every demo account): ``townreporter`` fills the
other three towns, ``countyreviewer`` approves for 示例二县, ``cityreviewer`` for
示例市.
"""

from __future__ import annotations

from bipin.accounts.models import AccountOrigin
from bipin.accounts.origins import note_origin
from bipin.contests import services as contests
from bipin.contests.demo import CITY_SLUG, demo_user
from bipin.contests.models import Membership, Role
from bipin.periodic import reports, setup, units
from bipin.periodic.models import Form, UnitPerson

FORM = "月度监测帮扶数据"
# The data leaf whose rows this form records itself for the counties it covers
# (results' demo leaves those example rows out, so nothing counts twice).
SUPPLIES = ("data:监测帮扶覆盖率:示例一县", "data:监测帮扶覆盖率:示例二县")
PEOPLE = [
    ("townreporter", "示例乡镇填报员", Role.DEPT_REPORTER),
    ("countyreviewer", "示例二县审核员", Role.DEPT_REVIEWER),
    ("cityreviewer", "示例市审核员", Role.DEPT_REVIEWER),
]
# town: (county, reporter, [(households, helped, funds) for 2026-01..03])
TOWNS = {
    "示例一县城关镇": (
        "示例一县",
        "reporter",
        [(212, 209, 35.5), (214, 212, 28.0), (215, 215, 30.2)],
    ),
    "示例一县河口镇": (
        "示例一县",
        "townreporter",
        [(158, 155, 22.0), (158, 157, 19.5), (160, 160, 21.0)],
    ),
    "示例二县东山乡": (
        "示例二县",
        "townreporter",
        [(96, 90, 12.0), (97, 93, 15.5), (97, 95, 11.8)],
    ),
    "示例二县西坪镇": (
        "示例二县",
        "townreporter",
        [(131, 127, 18.3), (131, 129, 17.0), (133, 132, 16.4)],
    ),
}
MONTHS = ("2026-01", "2026-02", "2026-03")


def _people(organizer, contest, users) -> dict:
    found = dict(users)
    for username, full_name, role in PEOPLE:
        user = demo_user(username, full_name)
        if not AccountOrigin.objects.filter(user=user).exists():
            note_origin(organizer, contest, user)
        if not Membership.objects.filter(contest=contest, user=user, role=role).exists():
            contests.grant_role(organizer, contest, user, role)
        found[username] = user
    return found


def load(contests_by_slug: dict, users: dict) -> None:
    contest = contests_by_slug.get(CITY_SLUG)
    organizer = users.get("organizer")
    if (
        contest is None
        or organizer is None
        or Form.objects.filter(contest=contest, name=FORM).exists()
    ):
        return
    people = _people(organizer, contest, users)
    if "reporter" not in people or "reviewer" not in people:
        return
    entrants = {e.name: e for e in contest.entrants.all()}
    city = units.add_unit(organizer, contest, name="示例市", level="市")
    counties = {
        name: units.add_unit(
            organizer,
            contest,
            name=name,
            level="县",
            parent=city,
            entrant=entrants[name],
        )
        for name in ("示例一县", "示例二县")
    }
    towns = {
        name: units.add_unit(organizer, contest, name=name, level="乡镇", parent=counties[county])
        for name, (county, _, _) in TOWNS.items()
    }
    R, V = UnitPerson.Duty.REPORTER, UnitPerson.Duty.REVIEWER
    for name, (_, reporter, _) in TOWNS.items():
        units.assign(organizer, towns[name], people[reporter], R)
    units.assign(organizer, counties["示例一县"], people["reviewer"], V)
    units.assign(organizer, counties["示例二县"], people["countyreviewer"], V)
    units.assign(organizer, city, people["cityreviewer"], V)

    form = setup.create_form(
        organizer, contest, name=FORM, periodicity="monthly", level="乡镇", to_city=True
    )
    setup.add_field(
        organizer,
        form,
        code="households",
        label="监测对象户数",
        kind="integer",
        unit="户",
        minimum="0",
    )
    setup.add_field(
        organizer,
        form,
        code="helped",
        label="已落实帮扶措施户数",
        kind="integer",
        unit="户",
        minimum="0",
    )
    coverage = setup.add_field(
        organizer,
        form,
        code="coverage",
        label="监测帮扶覆盖率",
        kind="percent",
        unit="%",
        numerator="helped",
        denominator="households",
    )
    setup.add_field(
        organizer, form, code="funds", label="帮扶资金", kind="decimal", unit="万元", minimum="0"
    )
    setup.add_field(organizer, form, code="note", label="情况说明", kind="text")
    periods = {
        p.label: p for p in setup.add_periods(organizer, form, first="2026-01", last="2026-03")
    }
    setup.map_field(organizer, coverage, leaf="监测帮扶覆盖率")

    reviewers = {"示例一县": people["reviewer"], "示例二县": people["countyreviewer"]}
    for name, (county, reporter, figures) in TOWNS.items():
        for month, (households, helped, funds) in zip(MONTHS, figures, strict=True):
            report = reports.save_values(
                people[reporter],
                periods[month],
                towns[name],
                {
                    "households": str(households),
                    "helped": str(helped),
                    "funds": str(funds),
                    "note": "示例数据",
                },
            )
            report = reports.submit(people[reporter], report)
            if month == "2026-03" and name == "示例一县河口镇":
                continue  # waits for the county reviewer
            report = reports.approve(reviewers[county], report, counties[county])
            if month == "2026-03" and name == "示例一县城关镇":
                # The city sends it back: the county's approval goes too; the reporter corrects.
                reports.send_back(
                    people["cityreviewer"],
                    report,
                    city,
                    "已落实帮扶措施户数与台账不符,请核实后更正(示例)",
                )
                continue
            reports.approve(people["cityreviewer"], report, city)
