"""How a member of the public who filed an objection is shown: never in full.

The organizer and the assignee, who must call back, see the number on the
objection's own page; lists, the audit record and everything else show
these masked forms.
"""

from __future__ import annotations

import re

PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")


def mask_phone(phone: str) -> str:
    """The first three and last four digits of a phone number.

    >>> mask_phone("13912345678"), mask_phone("0359-1234567"), mask_phone("12345")
    ('139****5678', '035****4567', '*****')
    """
    digits = re.sub(r"[^0-9]", "", phone)
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_name(name: str) -> str:
    """The family name (the first character) and a star for the rest.

    >>> mask_name("张三"), mask_name("欧阳明月"), mask_name("")
    ('张*', '欧***', '')
    """
    return name[:1] + "*" * (len(name) - 1) if name else ""
