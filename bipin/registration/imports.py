"""Registrations the organizer imports (paper forms typed into a sheet): all or nothing.

Columns 报送者 | 联系人 | 联系电话 | 组别 | 品种 | 产地 | 果园面积(亩) (备注 may stay). Each
row is checked exactly as the public form checks one registration, the entry
rule counting the rows above it in the same file; every problem names its
sheet, row and column, and one bad row saves nothing.
"""

from __future__ import annotations

from django.db import transaction

from bipin.audit.chain import record
from bipin.contests.models import Contest
from bipin.contests.uploads import stored_length
from bipin.io.problems import ImportFailed, Problem, shown
from bipin.io.tables import Column, parse_decimal, read_table
from bipin.registration import services
from bipin.registration.models import Registration


def _area(cell):
    return parse_decimal(cell, decimals=2, largest=int(services.LARGEST_AREA) + 1)


def _text(key: str, headers: tuple[str, ...], label: str) -> Column:
    return Column(key, headers, label_zh=label, max_length=stored_length(Registration, key))


COLUMNS = [
    _text("producer", ("报送者", "报送单位", "合作社/果农", "producer"), "报送者"),
    _text("contact", ("联系人", "contact"), "联系人"),
    _text("phone", ("联系电话", "电话", "phone"), "联系电话"),
    Column("group", ("组别", "类别", "category", "group"), label_zh="组别"),
    _text("variety", ("品种", "variety"), "品种"),
    _text("origin", ("产地", "产地(村)", "origin"), "产地"),
    Column("area", ("果园面积(亩)", "果园面积", "面积(亩)", "orchard size", "area"), parse=_area,
           label_zh="果园面积(亩)"),
]


def import_registrations(actor, contest: Contest, data: bytes, filename: str,
                         sheet: str | None = None) -> list[Registration]:
    problems: list[Problem] = []
    rows = read_table(data, COLUMNS, filename=filename, sheet=sheet, problems=problems)
    groups = {g.name: g for g in contest.groups.all()}
    with transaction.atomic():
        # Checked under the contest's lock: a producer registering online meanwhile counts.
        Contest.objects.select_for_update().only("pk").get(pk=contest.pk)
        entries = _checked(contest, rows, groups, filename, problems)
        if problems:
            raise ImportFailed(problems)
        created = services.new_registrations(actor, contest, entries)
        record("registration.import", contest=contest, actor=actor, target=filename,
               data={"numbers": [r.number for r in created]}, saved=created)
    return created


def _checked(contest, rows, groups, filename, problems) -> list[services.Entry]:
    entries: list[services.Entry] = []
    for row in rows:
        if row.failed:
            continue
        group = groups.get(str(row["group"]).strip())
        if group is None:
            problems.append(row.problem(
                "group", f"组别“{shown(row['group'])}”不是本活动的组别(可用:{'、'.join(groups)})",
                f"'{shown(row['group'])}' is not a category of this contest "
                f"({', '.join(groups)})", filename))
            continue
        entry = services.Entry(
            producer=str(row["producer"]), contact=str(row["contact"]), phone=str(row["phone"]),
            group=group, variety=str(row["variety"]), origin=str(row["origin"]), area=row["area"])
        found = services.check_entry(contest, entry, entries)
        problems += [row.problem(p.field, p.zh, p.en, filename) for p in found]
        if not found:
            entries.append(entry)
    return entries
