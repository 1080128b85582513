"""Appending many rows at once: COPY on PostgreSQL, one prepared statement elsewhere.

A campaign's import writes millions of rows; Django's bulk_create compiles
each value through the field (a third of an import's time on the machine
here, bench/README.md "app"). :func:`append` takes values already in the
database's own types (text, numbers, None; a foreign key as its id) and hands
them to the driver as they are. It sets no pks: the caller reads them back by
a key of its own, as the audit log names rows by pk.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model


@functools.cache
def columns(model: type[Model]) -> tuple[str, ...]:
    """The attnames :func:`append` takes, in order: every concrete column but the auto pk."""
    meta = model._meta
    return tuple(f.attname for f in meta.concrete_fields if f is not meta.auto_field)


def append(model: type[Model], rows: Sequence[Sequence], *, using: str | None = None) -> None:
    """Insert ``rows`` (tuples in :func:`columns` order) into ``model``'s table."""
    if not rows:
        return
    conn = connections[using or DEFAULT_DB_ALIAS]
    meta = model._meta
    qn = conn.ops.quote_name
    names = [qn(meta.get_field(name).column) for name in columns(model)]
    table = qn(meta.db_table)
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", rows)
