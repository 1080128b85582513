"""Domain functions: every change to a contest's set-up goes through here.

Each function checks its input, changes the database in one transaction and
writes the audit record in that same transaction; views and the demo loader
call these and never touch the ORM to change set-up themselves.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Max

from bipin.accounts import profile
from bipin.accounts.invitations import invite
from bipin.accounts.models import Invitation
from bipin.accounts.origins import account_for
from bipin.audit.chain import record
from bipin.contests.dependents import Refused, delete_checked, dependents
from bipin.contests.models import Contest, Entrant, Group, Membership, Role, SchemeVersion
from bipin.contests.uploads import stored_length
from bipin.io import Column, ImportFailed, read_table
from bipin.io.problems import Problems
from bipin.io.tables import CellError, parse_int

User = get_user_model()


@transaction.atomic
def create_contest(actor, *, name: str, slug: str, kind: str = Contest.Kind.ASSESSMENT,
                   year: int | None = None, description: str = "", blind: bool = False,
                   is_public: bool = True, is_demo: bool = False) -> Contest:
    """Create a contest; its creator becomes its first organizer."""
    contest = Contest.objects.create(name=name, slug=slug, kind=kind, year=year,
                                     description=description, blind=blind, is_public=is_public,
                                     is_demo=is_demo, created_by=actor)
    record("contest.create", contest=contest, actor=actor, target=slug,
           data={"name": name, "kind": kind, "year": year, "blind": blind})
    if actor is not None:
        Membership.objects.create(contest=contest, user=actor, role=Role.ORGANIZER)
        record("role.grant", contest=contest, actor=actor, target=actor.get_username(),
               data={"role": Role.ORGANIZER})
    return contest


def allow_contest_creation(user) -> None:
    """Let a user create contests of their own (a site-level grant)."""
    user.user_permissions.add(Permission.objects.get(codename="add_contest",
                                                     content_type__app_label="contests"))
    record("site.allow_contest_creation", actor=None, target=user.get_username())


@transaction.atomic
def add_group(actor, contest: Contest, name: str) -> Group:
    name = name.strip()
    order = (contest.groups.aggregate(m=Max("order"))["m"] or 0) + 1
    group = Group.objects.create(contest=contest, name=name, order=order)
    record("group.add", contest=contest, actor=actor, target=name, saved=[group])
    return group


@transaction.atomic
def rename_group(actor, group: Group, name: str) -> Group:
    old, name = group.name, name.strip()
    group.name = name
    group.save(update_fields=["name"])
    record("group.rename", contest=group.contest, actor=actor, target=name,
           data={"old": old, "new": name}, saved=[group])
    return group


@transaction.atomic
def delete_group(actor, group: Group) -> None:
    """Delete a group no entrant is in (:class:`Refused` naming them otherwise)."""
    delete_checked(actor, group, "group.delete", f"组别“{group.name}”", f"group '{group.name}'",
                   target=group.name)


@transaction.atomic
def add_entrant(actor, contest: Contest, *, group: Group, name: str, short_name: str = "",
                code: str = "", contact: str = "", kind: str = "") -> Entrant:
    order = (contest.entrants.aggregate(m=Max("order"))["m"] or 0) + 1
    kind = kind.strip()
    entrant = Entrant.objects.create(contest=contest, group=group, name=name.strip(),
                                     short_name=short_name, code=code, contact=contact, order=order,
                                     kind=kind)
    data = {"group": group.name, "code": code} | ({"kind": kind} if kind else {})
    record("entrant.add", contest=contest, actor=actor, target=entrant.name, data=data,
           saved=[entrant])
    return entrant


ENTRANT_FIELDS = ("group", "name", "short_name", "code", "contact", "kind")


@transaction.atomic
def update_entrant(actor, entrant: Entrant, **values) -> Entrant:
    """Change an entrant's set-up; the audit keeps each changed field's old and new value.

    Its group decides which leaves it is scored on and whom it is ranked
    against: an entrant that already has scores or records stays in its group.
    """
    unknown = set(values) - set(ENTRANT_FIELDS)
    if unknown:
        raise ValueError(f"not an entrant field: {sorted(unknown)}")
    if "group" in values and values["group"].pk != entrant.group_id and dependents(
            entrant, part_of=("contests.Membership", "accounts.Invitation", "judging.Recusal")):
        raise Refused(f"“{entrant.name}”已有评分或记录,不能改到其他组别",
                      f"'{entrant.name}' already has scores or records; it cannot move to another group")
    changed = {}
    for field, value in values.items():
        value = value if field == "group" else value.strip()
        before = getattr(entrant, field)
        if before != value:
            changed[field] = [str(before), str(value)]
            setattr(entrant, field, value)
    if changed:
        entrant.save(update_fields=list(changed))
        record("entrant.update", contest=entrant.contest, actor=actor, target=entrant.name,
               data={"changed": changed}, saved=[entrant])
    return entrant


@transaction.atomic
def delete_entrant(actor, entrant: Entrant) -> None:
    """Delete an entrant nothing refers to yet (:class:`Refused` naming what does)."""
    delete_checked(actor, entrant, "entrant.delete", f"“{entrant.name}”", f"'{entrant.name}'",
                   target=entrant.name)


ENTRANT_COLUMNS = [
    Column("name", ("名称", "参评单位", "参评对象", "name", "entrant"),
           max_length=stored_length(Entrant, "name")),
    Column("group", ("组别", "group")),
    Column("short_name", ("简称", "short name", "short_name"), required=False,
           max_length=stored_length(Entrant, "short_name")),
    Column("code", ("编号", "code"), required=False, parse=lambda c: str(c).strip(),
           max_length=stored_length(Entrant, "code")),
    Column("contact", ("联系人", "contact"), required=False,
           max_length=stored_length(Entrant, "contact")),
    Column("order", ("序号", "order"), required=False, parse=parse_int),
    Column("kind", ("类型", "单位类型", "kind"), required=False,
           max_length=stored_length(Entrant, "kind")),
]


@dataclass(frozen=True)
class ImportSummary:
    created: int
    filename: str


def import_entrants(actor, contest: Contest, data: bytes, filename: str, *,
                    sheet: str | None = None) -> ImportSummary:
    """Add every entrant in a CSV/XLSX file, or none if any row is wrong."""
    problems = Problems()
    rows = read_table(data, ENTRANT_COLUMNS, filename=filename, sheet=sheet, problems=problems)
    groups = {g.name: g for g in contest.groups.all()}
    existing_names = set(contest.entrants.values_list("name", flat=True))
    existing_codes = set(contest.entrants.exclude(code="").values_list("code", flat=True))
    seen_names: dict[str, int] = {}
    seen_codes: dict[str, int] = {}
    for row in rows:
        # A cell that already has a problem (None) is not checked again.
        name, group, code = row["name"], row["group"], row.get("code") or ""
        if group is not None and group not in groups:
            known = "、".join(groups) or "(无 / none)"
            problems.append(row.problem("group", f"组别“{group}”不存在(已有组别:{known})",
                                        f"unknown group '{group}' (known groups: {', '.join(groups) or 'none'})",
                                        filename))
        if name is not None and name in seen_names:
            problems.append(row.problem("name", f"参评单位“{name}”与第{seen_names[name]}行重复",
                                        f"duplicate entrant '{name}' (also on row {seen_names[name]})", filename))
        elif name is not None and name in existing_names:
            problems.append(row.problem("name", f"参评单位“{name}”已存在",
                                        f"entrant '{name}' already exists in this contest", filename))
        if name is not None:
            seen_names.setdefault(name, row.number)
        if code:
            if code in seen_codes or code in existing_codes:
                problems.append(row.problem("code", f"编号“{code}”重复", f"duplicate code '{code}'", filename))
            seen_codes.setdefault(code, row.number)
    if problems:
        raise ImportFailed(problems)
    with transaction.atomic():
        base = contest.entrants.aggregate(m=Max("order"))["m"] or 0
        created = Entrant.objects.bulk_create([
            Entrant(contest=contest, group=groups[row["group"]], name=row["name"],
                    short_name=row.get("short_name") or "", code=row.get("code") or "",
                    contact=row.get("contact") or "", kind=row.get("kind") or "",
                    order=row.get("order") or base + i)
            for i, row in enumerate(rows, start=1)
        ])
        record("entrant.import", contest=contest, actor=actor, target=filename,
               data={"count": len(rows), "names": [r["name"] for r in rows]}, saved=created)
    return ImportSummary(len(rows), filename)


def parse_role(cell) -> str:
    text = str(cell).strip()
    for role in Role:
        if text in (role.value, str(role.label)):
            return role.value
    labels = "、".join(str(r.label) for r in Role)
    raise CellError(f"角色“{text}”无效,可用:{labels}",
                    f"unknown role '{text}'; use one of {', '.join(r.value for r in Role)}")


PEOPLE_COLUMNS = [
    Column("username", ("用户名", "账号", "username"), max_length=stored_length(User, "username")),
    Column("full_name", ("姓名", "name", "full name"), required=False,
           max_length=stored_length(User, "first_name")),
    Column("role", ("角色", "role"), parse=parse_role),
    Column("entrant", ("所属单位", "参评单位", "entrant"), required=False),
    Column("department", ("所属部门", "部门", "department"), required=False,
           max_length=stored_length(Membership, "department")),
    Column("email", ("邮箱", "email"), required=False, max_length=stored_length(User, "email")),
]


@dataclass(frozen=True)
class PeopleImport(ImportSummary):
    invited: tuple[str, ...] = ()  # existing accounts from elsewhere: invited, not granted
    renamed: tuple[str, ...] = ()  # this contest's accounts whose name or email the file corrected
    kept: tuple[str, ...] = ()  # other accounts whose name or email in the file was not applied


def import_people(actor, contest: Contest, data: bytes, filename: str, *,
                  sheet: str | None = None) -> PeopleImport:
    """Give every person in the file their role (see :func:`add_person`), or nobody."""
    problems = Problems()
    rows = read_table(data, PEOPLE_COLUMNS, filename=filename, sheet=sheet, problems=problems)
    entrants = {e.name: e for e in contest.entrants.all()}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["username"], row["role"])
        if None not in key and key in seen:  # a cell with a problem of its own is None
            problems.append(row.problem("username", f"与第{seen[key]}行重复(同一用户同一角色)",
                                        f"duplicate of row {seen[key]} (same user and role)", filename))
        seen.setdefault(key, row.number)
        unit = row.get("entrant")
        if unit and unit not in entrants:
            problems.append(row.problem("entrant", f"参评单位“{unit}”不存在", f"unknown entrant '{unit}'", filename))
        bad_email = profile.email_refusal(row.get("email") or "")
        if bad_email is not None:
            problems.append(row.problem("email", bad_email.message_zh, bad_email.message_en, filename))
        if row["role"] == Role.ENTRANT_VIEWER and not unit:
            problems.append(row.problem("role", "参评单位角色必须填写所属单位",
                                        "an entrant viewer needs the entrant it belongs to", filename))
    if problems:
        raise ImportFailed(problems)
    said: dict[str, list[str]] = {"invited": [], "renamed": [], "kept": []}
    with transaction.atomic():
        for row in rows:
            added = add_person(actor, contest, row["username"], row["role"],
                               full_name=row.get("full_name") or "", email=row.get("email") or "",
                               entrant=entrants.get(row.get("entrant") or ""),
                               department=row.get("department") or "")
            for name, happened in (("invited", added.invitation is not None), ("renamed", added.renamed),
                                   ("kept", added.kept)):
                if happened and row["username"] not in said[name]:
                    said[name].append(row["username"])
        record("people.import", contest=contest, actor=actor, target=filename,
               data={"count": len(rows), **said})
    return PeopleImport(len(rows), filename, *(tuple(said[k]) for k in ("invited", "renamed", "kept")))


@dataclass(frozen=True)
class Added:
    """What naming a person did: a role granted, or an invitation waiting for them."""

    user: object
    membership: Membership | None = None
    invitation: Invitation | None = None
    renamed: bool = False  # the name or email given corrected this contest's own account
    kept: bool = False  # they differ from another's account, which keeps its owner's


@transaction.atomic
def add_person(actor, contest: Contest, username: str, role: str, *, full_name: str = "",
               email: str = "", entrant: Entrant | None = None, department: str = "") -> Added:
    """Give ``username`` a role here, creating the account for this contest if it is new.

    An existing account that this contest did not create (and whose owner has
    not accepted one of its invitations) is only invited: the role waits for
    its owner to accept it while logged in. Typing a name must never hand this
    contest a way into somebody else's account (login links follow the same
    rule, :mod:`bipin.accounts.links`).
    """
    user, belongs = account_for(actor, contest, username, full_name, email)
    renamed = kept = False
    # A corrected list gives a corrected name: blank cells leave what is there.
    full_name, email = (full_name or "").strip() or user.first_name, (email or "").strip() or user.email
    if (full_name, email) != (user.first_name, user.email):
        if profile.edit_refusal(contest, user) is None:
            renamed = profile.update_person(actor, contest, user, full_name=full_name, email=email)
        else:
            kept = True
    if belongs or user == actor:
        return Added(user, membership=grant_role(actor, contest, user, role, entrant=entrant,
                                                 department=department), renamed=renamed, kept=kept)
    return Added(user, invitation=invite(actor, contest, user, role, entrant=entrant,
                                         department=department), renamed=renamed, kept=kept)


@transaction.atomic
def grant_role(actor, contest: Contest, user, role: str, *, entrant: Entrant | None = None,
               department: str = "") -> Membership:
    membership, _ = Membership.objects.update_or_create(
        contest=contest, user=user, role=role,
        defaults={"entrant": entrant, "department": department})
    record("role.grant", contest=contest, actor=actor, target=user.get_username(),
           data={"role": role, "entrant": entrant.name if entrant else None, "department": department})
    return membership


@transaction.atomic
def revoke_role(actor, membership: Membership, reason: str) -> None:
    """Take a role back with a reason; the person's marks and records stay."""
    reason = reason.strip()
    if not reason:
        raise Refused("撤销角色须填写原因", "removing a role needs a reason")
    contest, username, role = membership.contest, membership.user.get_username(), membership.role
    membership.delete()
    record("role.revoke", contest=contest, actor=actor, target=username, data={"role": role},
           reason=reason)


@transaction.atomic
def update_role(actor, membership: Membership, *, entrant: Entrant | None, department: str) -> Membership:
    """Tie a person's role to another unit or department (an entrant viewer needs its unit)."""
    if membership.role == Role.ENTRANT_VIEWER and entrant is None:
        raise Refused("参评单位角色必须选择所属单位", "an entrant viewer needs the entrant it belongs to")
    old = {"entrant": membership.entrant.name if membership.entrant else None,
           "department": membership.department}
    membership.entrant, membership.department = entrant, department.strip()
    membership.save(update_fields=["entrant", "department"])
    record("role.update", contest=membership.contest, actor=actor, target=membership.user.get_username(),
           data={"role": membership.role, "old": old,
                 "new": {"entrant": entrant.name if entrant else None, "department": membership.department}})
    return membership


def upload_scheme(actor, contest: Contest, data: bytes, filename: str,
                  proposed: dict | None = None) -> SchemeVersion:
    """Keep the uploaded scheme with its validation result; only a valid one is in force.

    A file that is no scheme at all (a photo, a PDF) raises :class:`UnreadableFile`
    and nothing is kept. ``proposed`` lists the rows whose 计分规则 were proposed
    from their 评价标准 and accepted or corrected by the uploader, for the audit.
    """
    from bipin.io.formats import UnreadableFile
    from bipin.io.schemes import load_scheme

    problems: list[dict[str, str]] = []
    try:
        load_scheme(data, filename=filename)
    except UnreadableFile:
        raise
    except ImportFailed as exc:
        problems = exc.messages()
    with transaction.atomic():
        number = (contest.scheme_versions.aggregate(m=Max("number"))["m"] or 0) + 1
        version = SchemeVersion.objects.create(
            contest=contest, number=number, filename=filename, content=data,
            sha256=hashlib.sha256(data).hexdigest(), is_valid=not problems, problems=problems,
            uploaded_by=actor)
        record("scheme.upload", contest=contest, actor=actor, target=filename,
               data={"version": number, "sha256": version.sha256, "valid": not problems,
                     **({"proposed_rules": proposed} if proposed else {})},
               saved=[version])
    return version


def current_scheme(contest: Contest) -> SchemeVersion | None:
    return contest.scheme_versions.filter(is_valid=True).order_by("-number").first()
