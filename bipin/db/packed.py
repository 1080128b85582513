"""JSON kept compressed in a binary column, for values too large for a JSON column.

A snapshot holds every explanation tree and every input of its evaluation: for a
campaign of 100,000 households that is over a gigabyte of JSON, more than
PostgreSQL stores in one jsonb value (bench/README.md, "app"). Compressed, the
same snapshot is a tenth of that, and both databases store it the same way.

The field reads and writes plain Python values (dicts, lists, numbers, text),
as a JSONField does, so code that reads ``snapshot.evaluation`` does not know.
What it cannot do is look inside the value in SQL (``inputs__entrants``): the
database holds bytes. A value holding NaN or an infinity is refused, as
PostgreSQL's jsonb refuses it, rather than stored as text no JSON reader takes.
The audit's digests take the decoded value (bipin.audit.digests), so a row's
digest does not depend on how it is stored.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from django.db import models

# zlib's fastest level: a snapshot's JSON still shrinks about tenfold (its keys and
# labels repeat for every entrant), and level 6 would take four times as long.
LEVEL = 1
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def pack(value: Any) -> bytes:
    return zlib.compress(_ENCODER.encode(value).encode("utf-8"), LEVEL)


def unpack(data: bytes | memoryview) -> Any:
    return json.loads(zlib.decompress(data))


def _read(stored):
    try:
        return unpack(stored)
    except (zlib.error, ValueError, TypeError):
        # Not what pack() wrote: changed in the database by hand. Given back as it
        # is (as Django's JSONField gives back text it cannot parse), so that
        # `bipin audit verify` names the row rather than stopping on it.
        return bytes(stored) if isinstance(stored, memoryview) else stored


class PackedJSONField(models.Field):
    """A JSON value stored zlib-compressed in a binary column (bytea, BLOB)."""

    description = "JSON, compressed"
    empty_values = [None]

    def get_internal_type(self) -> str:
        return "BinaryField"

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        return connection.Database.Binary(pack(value))

    def from_db_value(self, value, expression, connection):
        return None if value is None else _read(value)

    def to_python(self, value):
        # A backup's JSON lines hold the value itself (value_to_string below).
        return _read(value) if isinstance(value, bytes | memoryview) else value

    def value_to_string(self, obj):
        return self.value_from_object(obj)

    def get_lookup(self, lookup_name):
        # Only "is null" makes sense of bytes; anything else would compare compressed data.
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def get_transform(self, name):
        return None
