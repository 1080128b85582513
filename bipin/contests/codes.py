"""Blind codes (盲评编号): random labels for samples, unrelated to who sent them.

A code must say nothing about its entrant: not its registration number, not
where it stands in the entrant list. So codes are drawn from the OS's secure
random source and handed out in a random order; the judging labels page and
the demo both take them from here.
"""

from __future__ import annotations

import secrets

# No look-alikes (0/O, 1/I, 2/Z, 5/S, 8/B), so a code read off a sample label is typed right.
ALPHABET = "ACEFHJKLMNPRTUVWXY"
DIGITS = 900  # 100..999: every code has the same length, so a short one does not stand out


def random_codes(count: int) -> list[str]:
    """``count`` distinct codes such as ``K407``, in random order.

    >>> codes = random_codes(5)
    >>> len(set(codes)) == 5 and all(len(c) == 4 and c[0] in ALPHABET for c in codes)
    True
    """
    if not 0 <= count <= len(ALPHABET) * DIGITS:
        raise ValueError(f"cannot make {count} distinct blind codes")
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(secrets.choice(ALPHABET) + str(secrets.randbelow(DIGITS) + 100))
    # A set's order follows the strings' hashes; shuffle so nothing depends on it.
    shuffled = list(codes)
    secrets.SystemRandom().shuffle(shuffled)
    return shuffled
