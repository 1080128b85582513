"""Numbers and text lengths from requests, read in one place so no input reaches a 500.

``str.isdigit()`` is true for "²" and "١", which ``int()`` then refuses or reads
as another digit; ``int()`` takes any length while the database stores 64-bit
integers; and a text longer than its column is an error on PostgreSQL and
stored silently on SQLite. Views read whole numbers with :func:`whole_number`;
forms and domain functions take text limits from the model field the text is
stored in (:func:`max_length`), so a page and the database cannot disagree.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["BIGGEST", "IdConverter", "max_length", "too_long", "whole_number"]

BIGGEST = 2**63 - 1  # the database's largest integer (ids are 64-bit)
_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII digits only; 19 digits hold BIGGEST


def whole_number(raw: Any, *, minimum: int = 0, maximum: int = BIGGEST) -> int | None:
    """``raw`` as an int when it is ASCII digits within [minimum, maximum]; else None.

    Spaces around the digits are allowed, as a form field allows them.

    >>> whole_number("12"), whole_number(" 7 "), whole_number("²"), whole_number("-1")
    (12, 7, None, None)
    >>> whole_number("9" * 40), whole_number(None), whole_number("0", minimum=1)
    (None, None, None)
    """
    if not isinstance(raw, str) or not _DIGITS.fullmatch(raw.strip()):
        return None
    value = int(raw.strip())
    return value if minimum <= value <= maximum else None


class IdConverter:
    """``<id:name>`` in a URL: a database id, at most 18 digits.

    Django's ``<int:>`` takes any number of digits; a longer one then fails in
    the database (SQLite cannot hold it in a query on a foreign key). With this
    converter such a URL simply does not match: a 404 like any unknown page.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def max_length(model, field: str) -> int:
    """The ``max_length`` of ``model.field``: the longest text the database takes there."""
    return model._meta.get_field(field).max_length


def too_long(model, field: str, text: str) -> int | None:
    """The limit of ``model.field`` when ``text`` is longer than it, else None."""
    limit = max_length(model, field)
    return limit if limit is not None and len(text) > limit else None
