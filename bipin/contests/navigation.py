"""Links on a contest's page, contributed by each app.

An app adds ``<app>/nav.py`` with ``links(contest, roles, user) -> list[Link]``
returning only what this user, holding those roles, may open; the contest page shows them grouped
under the app's heading. The contest page itself knows no other app.

A nav module serves the contest kinds in its ``KINDS`` (by default the judged
contests and assessments, :data:`JUDGED`): a 评星活动 has its own pages, and
the policy test or the hall would only be noise on it.

A nav module may also offer ``todo(contest, user, roles) -> list[Link]``: the
work waiting for this user there (a grid to fill, findings to confirm, tasks
overdue), each link's label saying how much. The home page lists them, so a
reporter sees what is due without opening every contest.
"""

from __future__ import annotations

from dataclasses import dataclass

from bipin.contests.extensions import app_modules
from bipin.contests.models import Contest

JUDGED = (Contest.Kind.ASSESSMENT, Contest.Kind.CONTEST)
EVERY_KIND = tuple(Contest.Kind)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    links: list[Link]


def sections(contest, roles: set[str], user) -> list[Section]:
    found: list[Section] = []
    for title, module in app_modules("nav"):
        if contest.kind not in getattr(module, "KINDS", JUDGED):
            continue
        links = module.links(contest, roles, user)
        if links:
            found.append(Section(title, links))
    return found


@dataclass(frozen=True)
class Todo:
    contest: object
    links: list[Link]


def todos(user) -> list[Todo]:
    """The work waiting for ``user`` in each contest they hold a role in."""
    from bipin.contests.access import held_roles

    modules = [module for _, module in app_modules("nav") if hasattr(module, "todo")]
    found = []
    for contest, roles in held_roles(user) if modules else []:
        links = [link for module in modules if contest.kind in getattr(module, "KINDS", JUDGED)
                 for link in module.todo(contest, user, roles)]
        if links:
            found.append(Todo(contest, links))
    return found
