"""ID-card numbers typed into free text, masked wherever the text is shown.

An inspector's description may name a household's head by ID number; the
page, the export and the entrant's feedback show only its first four and last
four characters. Only whole numbers of the two mainland lengths are masked:
18 characters (17 digits and a digit or X, since 1999) and 15 digits (the
older cards). A phone number (11 digits) or a longer or shorter number is left
alone.
"""

from __future__ import annotations

import re

_ID = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9])")


def _mask(match: re.Match) -> str:
    number = match.group(0)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_ids(text: str) -> str:
    """``text`` with every ID-card number masked.

    >>> mask_ids("户主 110101199003071234,电话 13912345678")
    '户主 1101**********1234,电话 13912345678'
    >>> mask_ids("11010119900307123X"), mask_ids("110101900307123")
    ('1101**********123X', '1101*******7123')
    >>> mask_ids("12345678901234567")
    '12345678901234567'
    """
    return _ID.sub(_mask, text)
