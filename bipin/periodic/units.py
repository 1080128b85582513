"""The area's hierarchy (村 → 乡镇 → 县 → 市) and who reports and reviews for each unit.

A unit whose reports have started cannot move (parent, entrant or level):
its figures are already counted under one county, and the approvals in
flight were given along its old chain.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from bipin.audit.chain import record
from bipin.contests.models import Contest, Entrant, Membership, Role
from bipin.contests.uploads import stored_length
from bipin.io import ImportFailed
from bipin.io.problems import Problems, shown
from bipin.io.tables import Column, read_table
from bipin.periodic.errors import PeriodicError, Problem, checked_text, refuse
from bipin.periodic.models import Report, Unit, UnitPerson

UNIT_COLUMNS = [
    Column(
        "name", ("单位名称", "单位", "名称", "name", "unit"), max_length=stored_length(Unit, "name")
    ),
    Column(
        "parent",
        ("上级单位", "上级", "parent"),
        required=False,
        max_length=stored_length(Unit, "name"),
    ),
    Column("level", ("层级", "级别", "level"), max_length=stored_length(Unit, "level")),
    Column("entrant", ("对应参评单位", "参评单位", "entrant"), required=False),
]

DUTY_ROLE = {
    UnitPerson.Duty.REPORTER: Role.DEPT_REPORTER,
    UnitPerson.Duty.REVIEWER: Role.DEPT_REVIEWER,
}


def ancestors(unit: Unit, units: dict[int, Unit] | None = None) -> list[Unit]:
    """The units above ``unit``, nearest first (``units`` by pk, when already read)."""
    out: list[Unit] = []
    seen = {unit.pk}
    current = unit
    while current.parent_id is not None and current.parent_id not in seen:
        seen.add(current.parent_id)
        current = units[current.parent_id] if units is not None else current.parent
        out.append(current)
    return out


def county_of(unit: Unit, units: dict[int, Unit] | None = None) -> Unit | None:
    """The unit itself or the nearest above it that maps to an entrant (the county)."""
    for u in [unit, *ancestors(unit, units)]:
        if u.entrant_id is not None:
            return u
    return None


def subtree_ids(unit: Unit) -> set[int]:
    """The pks of ``unit`` and every unit below it."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Unit.objects.filter(contest_id=unit.contest_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent, []).append(pk)
    found, todo = set(), [unit.pk]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


def _check_links(
    contest: Contest, unit: Unit | None, parent: Unit | None, entrant: Entrant | None
) -> None:
    if parent is not None and parent.contest_id != contest.pk:
        raise refuse("parent", "上级单位不在本活动中", "the parent unit is not in this contest")
    if entrant is not None and entrant.contest_id != contest.pk:
        raise refuse("entrant", "参评单位不在本活动中", "the entrant is not in this contest")
    if unit is not None and parent is not None:
        if parent.pk == unit.pk or unit.pk in {a.pk for a in ancestors(parent)}:
            raise refuse(
                "parent",
                f"“{parent.name}”在“{unit.name}”之下,不能作其上级",
                f"'{parent.name}' is below '{unit.name}' and cannot be its parent",
            )
    if entrant is not None:
        taken = Unit.objects.filter(contest=contest, entrant=entrant)
        if unit is not None:
            taken = taken.exclude(pk=unit.pk)
        if taken.exists():
            raise refuse(
                "entrant",
                f"参评单位“{entrant.name}”已对应单位“{taken.get().name}”",
                f"entrant '{entrant.name}' already maps to unit '{taken.get().name}'",
            )


@transaction.atomic
def add_unit(
    actor,
    contest: Contest,
    *,
    name: str,
    level: str,
    parent: Unit | None = None,
    entrant: Entrant | None = None,
) -> Unit:
    name = checked_text(Unit, "name", name, "单位名称")
    level = checked_text(Unit, "level", level, "层级")
    if Unit.objects.filter(contest=contest, name=name).exists():
        raise refuse("name", f"单位“{name}”已存在", f"unit '{name}' already exists")
    _check_links(contest, None, parent, entrant)
    unit = Unit.objects.create(
        contest=contest,
        name=name,
        level=level,
        parent=parent,
        entrant=entrant,
        order=Unit.objects.filter(contest=contest).count(),
    )
    record(
        "periodic.unit.add",
        contest=contest,
        actor=actor,
        target=name,
        data=_unit_data(unit),
        saved=[unit],
    )
    return unit


def _unit_data(unit: Unit) -> dict:
    return {
        "name": unit.name,
        "level": unit.level,
        "parent": unit.parent.name if unit.parent_id else "",
        "entrant": unit.entrant.name if unit.entrant_id else "",
    }


@transaction.atomic
def update_unit(
    actor, unit: Unit, *, name: str, level: str, parent: Unit | None, entrant: Entrant | None
) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    name = checked_text(Unit, "name", name, "单位名称")
    level = checked_text(Unit, "level", level, "层级")
    if Unit.objects.filter(contest_id=unit.contest_id, name=name).exclude(pk=unit.pk).exists():
        raise refuse("name", f"单位“{name}”已存在", f"unit '{name}' already exists")
    _check_links(unit.contest, unit, parent, entrant)
    moved = (
        unit.parent_id != (parent.pk if parent else None)
        or unit.entrant_id != (entrant.pk if entrant else None)
        or unit.level != level
    )
    if moved and Report.objects.filter(unit_id__in=subtree_ids(unit)).exists():
        raise refuse(
            "parent",
            f"“{unit.name}”或其下级已有报表,不能再改上级、层级或对应参评单位",
            f"'{unit.name}' or a unit below it has reports; its parent, level and "
            "entrant can no longer change",
        )
    before = _unit_data(unit)
    unit.name, unit.level, unit.parent, unit.entrant = name, level, parent, entrant
    unit.save(update_fields=["name", "level", "parent", "entrant"])
    record(
        "periodic.unit.update",
        contest=unit.contest,
        actor=actor,
        target=name,
        data={"before": before, "after": _unit_data(unit)},
        saved=[unit],
    )
    return unit


@transaction.atomic
def delete_unit(actor, unit: Unit) -> None:
    if unit.children.exists():
        raise refuse(
            "unit",
            f"“{unit.name}”还有下级单位,不能删除",
            f"'{unit.name}' has units below it and cannot be deleted",
        )
    if unit.reports.exists():
        raise refuse(
            "unit",
            f"“{unit.name}”已有报表,不能删除",
            f"'{unit.name}' has reports and cannot be deleted",
        )
    people = list(unit.people.all())
    record(
        "periodic.unit.delete",
        contest=unit.contest,
        actor=actor,
        target=unit.name,
        data=_unit_data(unit),
        deleted=[unit, *people],
    )
    unit.delete()


@dataclass(frozen=True)
class _Planned:
    name: str
    parent: str
    level: str
    entrant: Entrant | None
    row: object


def import_units(
    actor, contest: Contest, data: bytes, filename: str, *, sheet: str | None = None
) -> int:
    """Add every unit of a CSV/XLSX file (单位名称, 上级单位, 层级, 对应参评单位), or none.

    A parent may be a unit already on the page or one further down the file.
    """
    problems = Problems()
    rows = read_table(data, UNIT_COLUMNS, filename=filename, sheet=sheet, problems=problems)
    existing = {u.name: u for u in Unit.objects.filter(contest=contest)}
    entrants = {e.name: e for e in contest.entrants.all()}
    for e in contest.entrants.all():
        if e.code:
            entrants.setdefault(e.code, e)
    mapped = {u.entrant_id: u.name for u in existing.values() if u.entrant_id}
    planned: dict[str, _Planned] = {}
    for row in rows:
        name, parent, level, unit_entrant = row["name"], row["parent"], row["level"], row["entrant"]
        entrant = None
        if unit_entrant is not None:
            entrant = entrants.get(unit_entrant)
            if entrant is None:
                problems.append(
                    row.problem(
                        "entrant",
                        f"参评单位“{shown(unit_entrant)}”不存在",
                        f"unknown entrant '{shown(unit_entrant)}'",
                        filename,
                    )
                )
            elif entrant.pk in mapped:
                problems.append(
                    row.problem(
                        "entrant",
                        f"参评单位“{entrant.name}”已对应单位“{mapped[entrant.pk]}”",
                        f"entrant '{entrant.name}' already maps to unit '{mapped[entrant.pk]}'",
                        filename,
                    )
                )
            else:
                mapped[entrant.pk] = name or ""
        if name is None:
            continue
        if name in existing:
            problems.append(
                row.problem(
                    "name",
                    f"单位“{shown(name)}”已存在",
                    f"unit '{shown(name)}' already exists",
                    filename,
                )
            )
        elif name in planned:
            problems.append(
                row.problem(
                    "name",
                    f"与第{planned[name].row.number}行重复",
                    f"duplicate of row {planned[name].row.number}",
                    filename,
                )
            )
        else:
            planned[name] = _Planned(name, parent or "", level or "", entrant, row)
    for p in planned.values():
        if p.parent and p.parent not in existing and p.parent not in planned:
            problems.append(
                p.row.problem(
                    "parent",
                    f"上级单位“{shown(p.parent)}”不存在",
                    f"unknown parent unit '{shown(p.parent)}'",
                    filename,
                )
            )
    problems.extend(_cycles(planned, filename))
    if problems:
        raise ImportFailed(problems)
    with transaction.atomic():
        created: dict[str, Unit] = dict(existing)
        order = len(existing)
        for p in _parents_first(planned, existing):
            unit = Unit.objects.create(
                contest=contest,
                name=p.name,
                level=p.level,
                parent=created.get(p.parent) if p.parent else None,
                entrant=p.entrant,
                order=order,
            )
            order += 1
            created[p.name] = unit
        new = [created[name] for name in planned]
        record(
            "periodic.unit.import",
            contest=contest,
            actor=actor,
            target=filename,
            data={"count": len(new)},
            saved=new,
        )
    return len(new)


def _cycles(planned: dict[str, _Planned], filename: str) -> list:
    found = []
    for p in planned.values():
        seen, current = {p.name}, p
        while current.parent in planned:
            current = planned[current.parent]
            if current.name in seen:
                found.append(
                    p.row.problem(
                        "parent",
                        f"“{p.name}”的上级关系形成循环",
                        f"'{p.name}' is its own ancestor",
                        filename,
                    )
                )
                break
            seen.add(current.name)
    return found


def _parents_first(planned: dict[str, _Planned], existing: dict[str, Unit]) -> list[_Planned]:
    done, out = set(existing), []
    pending = list(planned.values())
    while pending:
        rest = []
        for p in pending:
            if not p.parent or p.parent in done:
                out.append(p)
                done.add(p.name)
            else:
                rest.append(p)
        pending = rest
    return out


@transaction.atomic
def assign(actor, unit: Unit, user, duty: str) -> UnitPerson:
    """Make ``user`` a reporter or reviewer of ``unit``; they must hold the matching role."""
    if duty not in DUTY_ROLE:
        raise refuse("duty", "职责须为填报或审核", "duty must be reporter or reviewer")
    role = DUTY_ROLE[duty]
    if not Membership.objects.filter(contest_id=unit.contest_id, user=user, role=role).exists():
        raise PeriodicError(
            [
                Problem(
                    "user",
                    f"{user.get_username()} 在本活动中没有“{Role(role).label}”角色,请先在人员与角色中授予",
                    f"{user.get_username()} does not hold the role '{role}' in this contest; grant it first",
                )
            ]
        )
    person, _ = UnitPerson.objects.get_or_create(unit=unit, user=user, duty=duty)
    record(
        "periodic.person.assign",
        contest=unit.contest,
        actor=actor,
        target=unit.name,
        data={"user": user.get_username(), "duty": duty},
        saved=[person],
    )
    return person


@transaction.atomic
def unassign(actor, person: UnitPerson) -> None:
    record(
        "periodic.person.remove",
        contest=person.unit.contest,
        actor=actor,
        target=person.unit.name,
        data={"user": person.user.get_username(), "duty": person.duty},
        deleted=[person],
    )
    person.delete()
