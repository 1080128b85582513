"""Someone with database access, for tests of `bipin audit verify`.

Each helper changes a tracked row straight in SQLite or PostgreSQL with raw
SQL, past every domain function, as a person with a database client would;
:func:`named` reads back which rows verify names and how.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Model

from bipin.cli import main

# The English half of each kind of problem bipin.audit.verification prints.
KINDS = {"changed outside Bipin": "changed", "deleted outside Bipin": "deleted",
         "no audit record wrote this row": "unrecorded"}
_PROBLEM = re.compile(r"^\s+(\S+ #\d+): .* / (" + "|".join(KINDS) + ")", re.MULTILINE)


def verify(capsys, *args: str) -> tuple[int, str]:
    """`bipin audit verify [args]`: its exit code and what it printed."""
    code = main(["audit", "verify", *args])
    return code, capsys.readouterr().out


def named(out: str) -> set[tuple[str, str]]:
    """``{("results.snapshot #3", "changed"), …}``: every row the output names."""
    return {(row, KINDS[kind]) for row, kind in _PROBLEM.findall(out)}


def row(obj: Model) -> str:
    """How verify names a row: ``<app_label>.<model> #<pk>``."""
    return f"{obj._meta.label_lower} #{obj.pk}"


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def edit(obj: Model, **values) -> None:
    """UPDATE the row of ``obj``, setting fields (by name) to raw database values."""
    model = type(obj)
    sets = ", ".join(f"{_column(model, name)} = %s" for name in values)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_table(model)} SET {sets} WHERE id = %s", [*values.values(), obj.pk])


def delete(obj: Model) -> None:
    """DELETE the row of ``obj`` (rows that refer to it are the caller's to delete first)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table(type(obj))} WHERE id = %s", [obj.pk])


def copy(obj: Model, **values) -> int:
    """INSERT a copy of the row of ``obj`` under a new id, with ``values`` replaced; the new id.

    The other columns are copied inside the database, so JSON and binary
    columns keep exactly what is stored.
    """
    model = type(obj)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    chosen = ", ".join("%s" if f.name in values else connection.ops.quote_name(f.column)
                       for f in fields)
    params = [values[f.name] for f in fields if f.name in values]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {_table(model)} ({columns}) SELECT {chosen} FROM {_table(model)} "
                       f"WHERE id = %s RETURNING id", [*params, obj.pk])
        return cursor.fetchone()[0]
