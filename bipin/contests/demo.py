"""Fictional demo data: the city's 大比拼 and an apple contest.

Every name here is invented and the contests are marked 示例数据; nothing is
any real county's result. Loading is idempotent: a contest that already exists
is left as it is. Other apps add their part of the demo in their own
``demo.py`` with a ``load(contests, users)`` function, called in app order.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher, make_password
from django.db import transaction

from bipin.accounts import invitations
from bipin.accounts.models import AccountOrigin
from bipin.accounts.origins import note_origin
from bipin.contests import services
from bipin.contests.codes import random_codes
from bipin.contests.extensions import app_modules
from bipin.contests.models import Contest, Membership, Role
from bipin.io.schemes import load_scheme
from bipin.scoring import Entrant

User = get_user_model()
PASSWORD = "bipin-demo"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

CITY_SLUG = "demo-dabipin"
APPLES_SLUG = "demo-apples"
# The organizer's office in each contest (成员 page): the issuing office a PDF's cover prints.
OFFICES = {CITY_SLUG: "示例市大比拼活动办公室", APPLES_SLUG: "示例县果业服务中心"}

# (username, full name, role, entrant or "")
CITY_PEOPLE = [
    ("organizer", "示例组织者", Role.ORGANIZER, ""),
    ("chief", "示例评委组长", Role.CHIEF_JUDGE, ""),
    ("judge1", "示例评委一", Role.JUDGE, ""),
    ("judge2", "示例评委二", Role.JUDGE, ""),
    ("judge3", "示例评委三", Role.JUDGE, ""),
    ("judge4", "示例评委四", Role.JUDGE, ""),
    ("judge5", "示例评委五", Role.JUDGE, ""),
    ("inspector", "示例核查员", Role.INSPECTOR, ""),
    ("reporter", "示例部门填报员", Role.DEPT_REPORTER, "示例乡村振兴局"),
    ("reviewer", "示例部门审核员", Role.DEPT_REVIEWER, "示例乡村振兴局"),
    ("county", "示例一县联络员", Role.ENTRANT_VIEWER, "示例一县"),
]

APPLE_PEOPLE = [("organizer", Role.ORGANIZER), ("chief", Role.CHIEF_JUDGE)] + [
    (f"judge{i}", Role.JUDGE) for i in range(1, 6)]


@dataclass
class DemoResult:
    created: list[str]
    existing: list[str]


def password_hash() -> str:
    """The demo password, hashed once for every demo account: the hasher takes 0.4 s a time
    on purpose, and hashing it for each of the demo's people kept `bipin demo` waiting 8 s."""
    return _hashed(get_hasher().algorithm)


@functools.cache
def _hashed(algorithm: str) -> str:
    return make_password(PASSWORD, hasher=algorithm)


def demo_user(username: str, full_name: str = ""):
    """A demo account with the demo password; every app's demo makes its people with this."""
    user, _ = User.objects.get_or_create(
        username=username, defaults={"first_name": full_name, "password": password_hash()})
    return user


def _scheme(contest: Contest, organizer, name: str) -> None:
    path = EXAMPLES / name / "scheme.yaml"
    version = services.upload_scheme(organizer, contest, path.read_bytes(), path.name)
    if not version.is_valid:
        raise ValueError(f"{path}: {version.problems}")


def city_units() -> dict[str, list[str]]:
    """Group → units, as in examples/dabipin/entrants.csv (the files the demo data comes from)."""
    from bipin.io.observations import read_entrants

    rows = read_entrants(EXAMPLES / "dabipin" / "entrants.csv")
    units: dict[str, list[str]] = {}
    for entrant in rows:
        units.setdefault(entrant.group, []).append(entrant.id)
    return units


def apple_samples() -> list[Entrant]:
    """The coded samples declared in examples/apples/scheme.yaml."""
    return list(load_scheme(EXAMPLES / "apples" / "scheme.yaml").entrants)


def _city(organizer) -> Contest:
    contest = services.create_contest(
        organizer, name="2026年巩固衔接工作大比拼(示例)", slug=CITY_SLUG, year=2026,
        kind=Contest.Kind.ASSESSMENT, is_demo=True,
        description="示例数据:虚构的10个县(市、区)和14个市直部门,从责任落实、政策落实、工作落实、"
                    "成效巩固、推进力度五个方面综合评判。")
    codes = iter(range(1, 100))
    for group_name, names in city_units().items():
        group = services.add_group(organizer, contest, group_name)
        for name in names:
            services.add_entrant(organizer, contest, group=group, name=name,
                                 short_name=name.removeprefix("示例"), code=f"C{next(codes):02d}")
    entrants = {e.name: e for e in contest.entrants.all()}
    for username, full_name, role, unit in CITY_PEOPLE:
        user = demo_user(username, full_name)
        if role != Role.ORGANIZER and not AccountOrigin.objects.filter(user=user).exists():
            # The city's people list made these accounts, so the city prints their QR codes.
            note_origin(organizer, contest, user)
        department = (OFFICES[CITY_SLUG] if role == Role.ORGANIZER
                      else unit if role in (Role.DEPT_REPORTER, Role.DEPT_REVIEWER) else "")
        services.grant_role(organizer, contest, user, role, entrant=entrants.get(unit), department=department)
    _scheme(contest, organizer, "dabipin")
    return contest


def _apples(organizer) -> Contest:
    contest = services.create_contest(
        organizer, name="好苹果评选(示例)", slug=APPLES_SLUG, year=2026, kind=Contest.Kind.CONTEST,
        blind=True, is_demo=True,
        description="示例数据:虚构的果园选送苹果样品,评委按编号盲评着色率、光洁度、风味口感;"
                    "初评分两桌评审,每桌前3名进入决赛,由全体评委品评,"
                    "评出一等奖1个、二等奖2个、三等奖3个。")
    group = services.add_group(organizer, contest, "苹果")
    samples = apple_samples()
    # Random codes, as the 盲评编号 page would draw them: the scheme file's S01, S02 …
    # follow the registration numbers, and codes that do tell the judges whose sample it is.
    for sample, code in zip(samples, random_codes(len(samples)), strict=True):
        services.add_entrant(organizer, contest, group=group, name=sample.id, code=code,
                             short_name=sample.name)
    for username, role in APPLE_PEOPLE:
        if role == Role.ORGANIZER:
            services.grant_role(organizer, contest, organizer, role, department=OFFICES[APPLES_SLUG])
            continue
        # The city's judges also taste apples: the apple contest invites them and each
        # accepts, as a real judge would, so its QR codes work for them too.
        user = demo_user(username)
        invitations.accept(user, invitations.invite(organizer, contest, user, role))
    _scheme(contest, organizer, "apples")
    return contest


def load() -> DemoResult:
    """Create whichever demo contests are missing, then let apps add theirs."""
    result = DemoResult([], [])
    with transaction.atomic():
        organizer = demo_user("organizer", "示例组织者")
        if not organizer.has_perm("contests.add_contest"):
            services.allow_contest_creation(organizer)
        contests = {}
        for slug, build in ((CITY_SLUG, _city), (APPLES_SLUG, _apples)):
            existing = Contest.objects.filter(slug=slug).first()
            if existing is not None:
                result.existing.append(existing.name)
                contests[slug] = existing
                continue
            contests[slug] = build(organizer)
            result.created.append(contests[slug].name)
        if result.created:
            users = {u.username: u for u in User.objects.all()}
            for _, module in app_modules("demo"):
                if module.__name__ != __name__:
                    module.load(contests, users)
    return result


def accounts() -> list[tuple[str, str]]:
    """(username, what they do) for every account of the demo contests, as the apps' demos
    left them: the list `bipin demo` prints, so a newcomer knows whom to log in as."""
    duties: dict[str, list[str]] = {}
    memberships = (Membership.objects.filter(contest__is_demo=True)
                   .select_related("user", "contest", "entrant").order_by("user__username", "role"))
    for m in memberships:
        # An organizer's department is the office its PDFs are issued by, not a duty.
        where = "" if m.role == Role.ORGANIZER else m.department or (m.entrant.name if m.entrant else "")
        label = f"{Role(m.role).label}({where})" if where else str(Role(m.role).label)
        if label not in duties.setdefault(m.user.get_username(), []):
            duties[m.user.get_username()].append(label)
    return [(name, "、".join(d)) for name, d in duties.items()]
