"""Who may see and do what — decided here and nowhere else.

Views fetch what they need through these helpers, which raise 404 when the
object is not there *for this user* (so a stranger cannot tell a contest
exists from its set-up pages) and 403 when the user is in the contest but
lacks the role. Templates never decide access; they get what a view allows.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from django.http import Http404

from bipin.contests.models import Contest, Entrant, Membership, Role
from bipin.db import rows


def roles_of(user, contest: Contest) -> set[str]:
    """The user's roles in this contest; a superuser organises every contest."""
    if not user.is_authenticated:
        return set()
    return _with_superuser(user, set(Membership.objects.filter(contest=contest, user=user)
                                     .values_list("role", flat=True)))


def _with_superuser(user, roles: set[str]) -> set[str]:
    if user.is_superuser:
        roles.add(Role.ORGANIZER)
    return roles


def held_roles(user) -> list[tuple[Contest, set[str]]]:
    """Each contest the user holds a role in, with those roles, newest year first."""
    if not user.is_authenticated:
        return []
    held: dict[int, tuple[Contest, set[str]]] = {}
    for m in Membership.objects.filter(user=user).select_related("contest"):
        held.setdefault(m.contest_id, (m.contest, set()))[1].add(m.role)
    return [(c, _with_superuser(user, roles))
            for c, roles in sorted(held.values(), key=lambda cr: (-(cr[0].year or 0), cr[0].name))]


def contest_for(user, slug: str, roles: Iterable[str]) -> Contest:
    """The contest, if ``user`` holds one of ``roles`` in it; else 404 or 403."""
    held, contest = set(), None
    if user.is_authenticated:
        contest, held = _contest_and_roles(slug, user)
        held = _with_superuser(user, held)
    if contest is None or not held:
        raise Http404("no such contest")
    if not held & set(roles):
        raise PermissionDenied("role not allowed")
    return contest


@functools.cache
def _contest_and_roles_sql(alias: str) -> str:
    qn = connections[alias].ops.quote_name
    c, m = Contest._meta, Membership._meta
    role, of, who = (qn(m.get_field(name).column) for name in ("role", "contest", "user"))
    return (f"SELECT {rows.columns(Contest, 'c', using=alias)}, m.{role} FROM {qn(c.db_table)} c "
            f"LEFT JOIN {qn(m.db_table)} m ON m.{of} = c.{qn(c.pk.column)} AND m.{who} = %s "
            f"WHERE c.{qn(c.get_field('slug').column)} = %s")


def _contest_and_roles(slug: str, user) -> tuple[Contest | None, set[str]]:
    """The contest and the user's roles in it, in one fixed statement: every
    judge's sheet comes through here (bipin.db.rows, bench/README.md)."""
    with connection.cursor() as cursor:
        cursor.execute(_contest_and_roles_sql(connection.alias), [user.pk, slug])
        found = cursor.fetchall()
    if not found:
        return None, set()
    n = len(Contest._meta.concrete_fields)
    return rows.instance(Contest, found[0][:n]), {row[n] for row in found if row[n] is not None}


def organizer_contest(user, slug: str) -> Contest:
    return contest_for(user, slug, [Role.ORGANIZER])


# Whose one-time login links each role may print: the organizer prints them for
# everyone who works in the hall; on the day the chief judge re-issues a judge's
# lost link (or one whose password log-in is throttled) without the organizer.
LINKABLE_BY = {
    Role.ORGANIZER: (Role.JUDGE, Role.CHIEF_JUDGE, Role.INSPECTOR),
    Role.CHIEF_JUDGE: (Role.JUDGE,),
}


def link_printing_contest(user, slug: str) -> tuple[Contest, list[str]]:
    """The contest and the roles whose login links ``user`` may print there; else 404/403."""
    contest = contest_for(user, slug, LINKABLE_BY)
    held = roles_of(user, contest)
    return contest, [r for r in Role if any(r in LINKABLE_BY.get(h, ()) for h in held)]


def can_create_contests(user) -> bool:
    return user.is_authenticated and user.has_perm("contests.add_contest")


def visible_contests(user):
    """Contests listed on the home page: the public ones and the user's own."""
    public = Contest.objects.filter(is_public=True)
    if not user.is_authenticated:
        return public
    if user.is_superuser:
        return Contest.objects.all()
    own = Contest.objects.filter(memberships__user=user)
    return (public | own).distinct()


def own_entrant(user, contest: Contest) -> Entrant | None:
    """The unit an entrant viewer belongs to (None for anyone else)."""
    m = (Membership.objects.filter(contest=contest, user=user, role=Role.ENTRANT_VIEWER)
         .select_related("entrant").first())
    return m.entrant if m else None
