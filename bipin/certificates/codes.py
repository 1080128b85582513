"""Verification codes: printed on paper, typed back by hand, never guessed.

Twelve characters from 30 that cannot be misread for one another (no 0/O,
1/I/L, U): 59 bits, so guessing one that exists takes on the order of 10^17
tries. Printed in groups of four; typed back in any case, with or without
the dashes and spaces.
"""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
LENGTH = 12


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return printed(raw)


def printed(raw: str) -> str:
    """
    >>> printed("ABCDEFGHJKMN")
    'ABCD-EFGH-JKMN'
    """
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def as_typed(text: str) -> str | None:
    """The code someone typed, as stored; None when it cannot be one.

    >>> as_typed(" abcd efgh-jkmn ")
    'ABCD-EFGH-JKMN'
    >>> as_typed("ABCD-EFGH") is None
    True
    """
    raw = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return printed(raw)
