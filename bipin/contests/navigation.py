"""Links on a contest's page, contributed by each app.

An app adds ``<app>/nav.py`` with ``links(contest, roles) -> list[Link]``
returning only what those roles may open; the contest page shows them grouped
under the app's heading. The contest page itself knows no other app.
"""

from __future__ import annotations

from dataclasses import dataclass

from bipin.contests.extensions import app_modules


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    links: list[Link]


def sections(contest, roles: set[str]) -> list[Section]:
    found: list[Section] = []
    for title, module in app_modules("nav"):
        links = module.links(contest, roles)
        if links:
            found.append(Section(title, links))
    return found
