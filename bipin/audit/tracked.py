"""Which tables the audit log answers for, found in each app's ``audited`` module.

An app lists its score-affecting models in ``<app>/audited.py``::

    TRACKED = {Sheet: "panel__contest", Mark: "sheet__panel__contest"}

mapping each model to the lookup from its rows to their contest. Every write
to such a model must go through a domain function that passes the row to
:func:`bipin.audit.chain.record`; ``bipin audit verify`` names any row whose
content is not the one the log last recorded.
"""

from __future__ import annotations

from django.db import models

from bipin.contests.extensions import app_modules


def tracked() -> dict[type[models.Model], str]:
    found: dict[type[models.Model], str] = {}
    for _, module in app_modules("audited"):
        found.update(getattr(module, "TRACKED", {}))  # some apps only say their actions in words
    return found


def rows_of(model: type[models.Model], path: str, contest_id: int):
    return model._default_manager.filter(**{f"{path}_id": contest_id})


def contest_ids() -> set[int]:
    """Every contest that has a tracked row (a chain may not exist yet for it)."""
    ids: set[int] = set()
    for model, path in tracked().items():
        ids.update(model._default_manager.values_list(f"{path}_id", flat=True).distinct())
    return ids
