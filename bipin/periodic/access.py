"""Who may open which periodic-reporting page — decided here and nowhere else.

Strangers get 404 (contests.access); inside the contest:

- the organizer sets up the hierarchy and forms, sees every report and may
  reopen one;
- a unit's reporter (UnitPerson duty reporter, holding Role.DEPT_REPORTER)
  fills and submits that unit's reports;
- a unit's reviewer (duty reviewer, holding Role.DEPT_REVIEWER) sees the
  reports of the units below it and acts at its own level of their chain;
- an entrant viewer reads the reports of the units under its own county;
- everyone else in the contest gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from bipin.contests.access import contest_for, organizer_contest, own_entrant, roles_of
from bipin.contests.models import Contest, Role
from bipin.periodic.models import Field, Form, Period, Report, Unit, UnitPerson
from bipin.periodic.reports import chain
from bipin.periodic.setup import units_by_pk
from bipin.periodic.units import ancestors, county_of

ROLES = (Role.ORGANIZER, Role.DEPT_REPORTER, Role.DEPT_REVIEWER, Role.ENTRANT_VIEWER)


def periodic_contest(user, slug: str) -> Contest:
    return contest_for(user, slug, ROLES)


def organizer_unit(user, slug: str, unit_id: int) -> Unit:
    contest = organizer_contest(user, slug)
    return get_object_or_404(Unit.objects.select_related("contest"), contest=contest, pk=unit_id)


def organizer_person(user, slug: str, person_id: int) -> UnitPerson:
    contest = organizer_contest(user, slug)
    return get_object_or_404(
        UnitPerson.objects.select_related("unit__contest", "user"),
        unit__contest=contest,
        pk=person_id,
    )


def organizer_form(user, slug: str, form_id: int) -> Form:
    contest = organizer_contest(user, slug)
    return get_object_or_404(Form.objects.select_related("contest"), contest=contest, pk=form_id)


def organizer_field(user, slug: str, form_id: int, field_id: int) -> Field:
    form = organizer_form(user, slug, form_id)
    return get_object_or_404(Field.objects.select_related("form__contest"), form=form, pk=field_id)


def duties(user, contest: Contest) -> dict[str, set[int]]:
    """The unit pks ``user`` reports and reviews for, while holding the matching role."""
    roles = roles_of(user, contest)
    found: dict[str, set[int]] = {UnitPerson.Duty.REPORTER: set(), UnitPerson.Duty.REVIEWER: set()}
    if not user.is_authenticated:
        return found
    needed = {
        UnitPerson.Duty.REPORTER: Role.DEPT_REPORTER,
        UnitPerson.Duty.REVIEWER: Role.DEPT_REVIEWER,
    }
    for unit_id, duty in UnitPerson.objects.filter(unit__contest=contest, user=user).values_list(
        "unit_id", "duty"
    ):
        if needed[duty] in roles:
            found[duty].add(unit_id)
    return found


@dataclass
class Place:
    """A report's place (form, period, unit) and what this user may do there."""

    contest: Contest
    form: Form
    period: Period
    unit: Unit
    report: Report | None
    chain: list[Unit]  # who approves, lowest first (as submitted, or as it would be now)
    fill: bool = False
    organizer: bool = False
    levels: list[Unit] = field(default_factory=list)  # chain units this user reviews for

    @property
    def may_review(self) -> bool:
        return bool(self.levels)


def report_place(user, slug: str, form_id: int, period_id: int, unit_id: int) -> Place:
    """The report of ``unit`` for ``period``, if this user has business there; else 404/403."""
    contest = periodic_contest(user, slug)
    form = get_object_or_404(Form, contest=contest, pk=form_id)
    period = get_object_or_404(Period, form=form, pk=period_id)
    unit = get_object_or_404(
        Unit.objects.select_related("entrant"), contest=contest, pk=unit_id, level=form.level
    )
    units = units_by_pk(contest.pk)
    report = Report.objects.filter(period=period, unit=unit).first()
    if report is not None and report.levels:
        by_key = {u.key: u for u in units.values()}
        approvers = [by_key[k] for k in report.levels if k in by_key]
    else:
        approvers = chain(units[unit.pk], form.to_city, units)
    mine = duties(user, contest)
    roles = roles_of(user, contest)
    place = Place(
        contest,
        form,
        period,
        unit,
        report,
        approvers,
        fill=unit.pk in mine[UnitPerson.Duty.REPORTER],
        organizer=Role.ORGANIZER in roles,
        levels=[u for u in approvers if u.pk in mine[UnitPerson.Duty.REVIEWER]],
    )
    county = county_of(units[unit.pk], units)
    reads = (
        Role.ENTRANT_VIEWER in roles
        and county is not None
        and county.entrant_id is not None
        and own_entrant(user, contest) is not None
        and own_entrant(user, contest).pk == county.entrant_id
    )
    if not (place.fill or place.organizer or place.may_review or reads):
        raise PermissionDenied("not this unit's report")
    return place


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("not allowed here")


def visible_units(user, contest: Contest) -> tuple[set[int], set[int]]:
    """(units whose reports the user fills, units whose reports the user may read)."""
    units = units_by_pk(contest.pk)
    mine = duties(user, contest)
    if Role.ORGANIZER in roles_of(user, contest):
        return mine[UnitPerson.Duty.REPORTER], set(units)
    readable = set(mine[UnitPerson.Duty.REPORTER])
    reviews = mine[UnitPerson.Duty.REVIEWER]
    entrant = own_entrant(user, contest) if user.is_authenticated else None
    for u in units.values():
        above = {a.pk for a in ancestors(u, units)}
        if above & reviews or u.pk in reviews:
            readable.add(u.pk)
        county = county_of(u, units)
        if entrant is not None and county is not None and county.entrant_id == entrant.pk:
            readable.add(u.pk)
    return mine[UnitPerson.Duty.REPORTER], readable
