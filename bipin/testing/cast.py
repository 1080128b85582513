"""A fixed cast for tests: one contest with a person in every role, plus an
organizer of another contest and a bystander with no role at all.

The contest's judges, inspector and the rest are its own accounts (as if its
people list had created them); the organizers and the bystander are not.

Built with the same domain functions the pages use, so tests start from the
state a real organizer would have created.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from bipin.accounts.origins import note_origin
from bipin.contests import services
from bipin.contests.models import Contest, Entrant, Group, Role

PASSWORD = "cast-password-1"


@dataclass
class Cast:
    contest: Contest
    other_contest: Contest
    groups: dict[str, Group]
    entrants: dict[str, Entrant]
    users: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name: str):
        # A copy being made (copy.deepcopy) has no users yet: asking for them must not recurse.
        users = self.__dict__.get("users", {})
        try:
            return users[name]
        except KeyError:
            raise AttributeError(name) from None


def make_user(username: str, full_name: str = "", contest: Contest | None = None):
    """A user with the cast's password; ``contest`` records it as that contest's own account
    (as if its people list had created it), so the contest may print login links for it."""
    user = get_user_model().objects.create_user(username=username, password=PASSWORD,
                                                first_name=full_name)
    if contest is not None:
        note_origin(contest.created_by, contest, user)
    return user


def build_cast() -> Cast:
    organizer = make_user("organizer", "组织者甲")
    services.allow_contest_creation(organizer)
    contest = services.create_contest(organizer, name="测试大比拼", slug="test-contest", year=2026)
    groups = {n: services.add_group(organizer, contest, n) for n in ("整体推进县", "市直部门")}
    entrants = {
        "南川县": services.add_entrant(organizer, contest, group=groups["整体推进县"], name="南川县", code="A01"),
        "北原县": services.add_entrant(organizer, contest, group=groups["整体推进县"], name="北原县", code="A02"),
        "教育局": services.add_entrant(organizer, contest, group=groups["市直部门"], name="教育局", code="B01"),
    }
    users = {"organizer": organizer}
    for username, role, unit in [
        ("chief", Role.CHIEF_JUDGE, None), ("judge", Role.JUDGE, None), ("judge2", Role.JUDGE, None),
        ("inspector", Role.INSPECTOR, None), ("reporter", Role.DEPT_REPORTER, "教育局"),
        ("reviewer", Role.DEPT_REVIEWER, "教育局"), ("entrant", Role.ENTRANT_VIEWER, "南川县"),
    ]:
        users[username] = make_user(username, contest=contest)
        services.grant_role(organizer, contest, users[username], role,
                            entrant=entrants[unit] if unit else None)
    other_organizer = make_user("other_organizer")
    services.allow_contest_creation(other_organizer)
    other = services.create_contest(other_organizer, name="另一个活动", slug="other-contest")
    users["other_organizer"] = other_organizer
    users["bystander"] = make_user("bystander")
    return Cast(contest, other, groups, entrants, users)
