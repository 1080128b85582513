"""Links on a contest's page, contributed by each app.

An app adds ``<app>/nav.py`` with ``links(contest, roles) -> list[Link]``
returning only what those roles may open; the contest page shows them grouped
under the app's heading. The contest page itself knows no other app.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.apps import apps


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
    for app in apps.get_app_configs():
        if not app.name.startswith("bipin."):
            continue
        try:
            module = importlib.import_module(f"{app.name}.nav")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app.name}.nav":
                raise
            continue
        links = module.links(contest, roles)
        if links:
            found.append(Section(str(app.verbose_name), links))
    return found
