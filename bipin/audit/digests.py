"""Digests of the rows a score depends on, as the audit log remembers them.

A record of the audit log carries, beside what happened, the digest of every
row the change wrote (and ``None`` for a row it deleted). ``bipin audit
verify`` recomputes the digests of the rows as they are now and compares: a
mark edited, a sheet's status changed or a row deleted straight in the
database no longer matches the last digest the log holds for it.

A digest covers every concrete column of the row, each reduced to one
canonical text so that the value a domain function holds in memory and the
value read back from SQLite or PostgreSQL give the same digest (a Decimal 5
and the column's 5.00, an aware datetime in any zone, JSON with keys in any
order).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db import models

from bipin.db.packed import PackedJSONField

# 128 bits: collisions would need 2**64 tries, and a record of a 100,000-row
# import stays a few megabytes.
DIGEST_CHARS = 32


def label(model: type[models.Model]) -> str:
    return model._meta.label_lower


@functools.cache
def fields(model: type[models.Model]) -> tuple[models.Field, ...]:
    # Asked for every row a sheet writes; a model's columns do not change while it runs.
    return tuple(model._meta.concrete_fields)


def _canonical(field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, models.DecimalField):
        return str(Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places)))
    if isinstance(field, models.DateTimeField):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(field, models.DateField | models.TimeField):
        return value.isoformat()
    if isinstance(field, models.JSONField | PackedJSONField):
        # Stored as JSON or compressed, the value read back is the same JSON.
        # json_as_stored(json.loads(...)) in one pass of the C parser: a
        # snapshot of 100,000 households is millions of numbers.
        return json.loads(json.dumps(value, default=str), parse_float=_number_as_stored)
    if isinstance(field, models.FloatField):
        return repr(float(value))
    if isinstance(field, models.BooleanField):
        return bool(value)
    if isinstance(value, int | str):
        return value
    return str(value)


def json_as_stored(value: Any) -> Any:
    """JSON numbers as either database gives them back.

    PostgreSQL's jsonb keeps a number as numeric: a snapshot's -0.0 comes back
    as 0.0 and 1e16 as 10000000000000000. A whole float is taken as its
    integer, so the value a domain function saved and the one read back agree.
    """
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dict):
        return {k: json_as_stored(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_as_stored(v) for v in value]
    return value


def _number_as_stored(text: str) -> float | int:
    number = float(text)
    return int(number) if number.is_integer() else number


# json.dumps with these options, made once: dumps builds a new encoder per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
_NO_DEFAULT = object()
# Columns whose canonical text is the value itself when it is text, a whole number
# or None (what _canonical does for them); the rest go through _canonical.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.AutoField,
          models.ForeignKey)
_SPECIAL = (models.DecimalField, models.DateField, models.TimeField, models.JSONField,
            PackedJSONField, models.FloatField, models.BooleanField)


@functools.cache
def _columns(model: type[models.Model]) -> tuple[str, tuple]:
    """The model's label and, per column, (attname, field, plain, constant default):
    what :func:`digest` asks of the field, asked once (an import digests millions of rows)."""
    out = []
    for f in fields(model):
        default = f.default if f.has_default() and not callable(f.default) else _NO_DEFAULT
        plain = isinstance(f, _PLAIN) and not isinstance(f, _SPECIAL)
        out.append((f.attname, f, plain, default))
    return label(model), tuple(out)


def digest(model: type[models.Model], values: dict[str, Any]) -> str:
    """The digest of one row given its column values by attname (``judge_id``)."""
    name, columns = _columns(model)
    body = []
    for attname, field, plain, default in columns:
        value = values[attname]
        if default is not _NO_DEFAULT and value == default:
            # A column holding its declared (constant) default is left out, so a
            # migration that adds a column with a default does not turn every
            # older row into "changed outside Bipin". Setting such a column to
            # another value still changes the digest, and so does clearing one.
            continue
        if not (plain and (value is None or type(value) is str or type(value) is int)):
            value = _canonical(field, value)
        body.append([attname, value])
    text = _ENCODER.encode([name, body])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def of(obj: models.Model) -> str:
    """The digest of a saved model instance, from the values it holds."""
    return digest(type(obj), {f.attname: getattr(obj, f.attname) for f in fields(type(obj))})


def current(model: type[models.Model], queryset) -> dict[str, str]:
    """``{pk: digest}`` of the rows of ``queryset`` as they are in the database now."""
    names = [f.attname for f in fields(model)]
    pk = model._meta.pk.attname
    return {str(values[pk]): digest(model, values) for values in queryset.values(*names).iterator()}


def written(saved=(), deleted=()) -> dict[str, dict[str, str | None]]:
    """The ``rows`` of an audit record: ``{model label: {pk: digest or None}}``.

    ``deleted`` holds instances or ``(model, pk)`` pairs.
    """
    out: dict[str, dict[str, str | None]] = {}
    for obj in saved:
        if obj.pk is None:
            raise ValueError(f"{label(type(obj))}: a row without a primary key cannot be recorded")
        out.setdefault(label(type(obj)), {})[str(obj.pk)] = of(obj)
    for item in deleted:
        # Django clears an instance's pk when it deletes it: take it before.
        model, pk = item if isinstance(item, tuple) else (type(item), item.pk)
        out.setdefault(label(model), {})[str(pk)] = None
    return out
