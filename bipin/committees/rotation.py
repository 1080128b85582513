"""Round robin (轮流分配): who reviews the next entry.

Members take turns in appointment order. Each entry goes to the next
``needed`` members after the one the previous entry ended with, skipping
anyone who declared a conflict with the entry's party (who then waits for
their next turn). The next entry starts after the last member chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["next_reviewers"]

M = TypeVar("M")


def next_reviewers(members: Sequence[M], after: int, needed: int, *,
                   key: Callable[[M], int], eligible: Callable[[M], bool]) -> list[M] | None:
    """``needed`` eligible members in turn after the member whose key is ``after``; None if
    fewer are eligible. ``members`` are in appointment order (``key`` ascending).

    >>> next_reviewers([1, 2, 3, 4], 2, 2, key=int, eligible=lambda m: m != 3)
    [4, 1]
    >>> next_reviewers([1, 2, 3], 0, 3, key=int, eligible=lambda m: m != 3) is None
    True
    """
    if needed <= 0:
        return []
    start = next((i for i, m in enumerate(members) if key(m) > after), 0)
    turn = list(members[start:]) + list(members[:start])
    chosen = [m for m in turn if eligible(m)][:needed]
    return chosen if len(chosen) == needed else None
