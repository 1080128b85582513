"""Find the modules by which apps extend Bipin, without any registry.

An app takes part in something by having a module of an agreed name:
``demo`` (fictional demo data), ``nav`` (links on the contest page),
``observations`` (inputs for the scoring engine). Apps are visited in
INSTALLED_APPS order, which is the order their parts appear in.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> list[tuple[str, ModuleType]]:
    """``(app verbose name, <app>.<name> module)`` for every bipin app that has one."""
    found = []
    for app in apps.get_app_configs():
        if not app.name.startswith("bipin."):
            continue
        try:
            module = importlib.import_module(f"{app.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app.name}.{name}":
                raise  # the module exists but something it imports is missing
            continue
        found.append((str(app.verbose_name), module))
    return found
