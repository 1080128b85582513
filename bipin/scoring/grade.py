"""Grades (等次) and awards (奖项) from totals and ranks within one group."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bipin.scoring.rank import competition_rank
from bipin.scoring.rounding import round_half_up, to_units
from bipin.scoring.scheme import Awards, Grades

__all__ = ["assign_awards", "assign_grades", "quota_levels"]


def quota_levels(ranks: np.ndarray, counts: Sequence[int], ties: str, rest: bool) -> np.ndarray:
    """Level index per entrant from per-level quotas; -1 for none.

    ``ties="include"``: a tie that straddles a boundary all gets the better
    level, and the overflow comes off the following levels (an entrant gets the
    first level whose cumulative quota reaches its rank). ``"exclude"``: no
    level ever exceeds its quota; a tie that does not fit the slots left moves
    down whole, and the slots it could not fill stay empty. With ``rest`` the
    last level takes everybody left.

    >>> quota_levels(np.array([1, 2, 2, 4]), [1, 2], "include", False).tolist()
    [0, 1, 1, -1]
    >>> quota_levels(np.array([1, 2, 2, 4, 5]), [2, 2], "exclude", False).tolist()
    [0, 1, 1, -1, -1]
    """
    ranks = np.asarray(ranks, dtype=np.int64)
    out = np.full(ranks.shape, -1)
    if ties == "include":
        bounds = np.cumsum(counts)
        for level in range(len(counts) - 1, -1, -1):
            out[ranks <= bounds[level]] = level
    else:
        level, left = 0, (counts[0] if counts else 0)
        for rank in np.unique(ranks):
            members = ranks == rank
            size = int(members.sum())
            while level < len(counts) and size > left:
                level += 1
                left = counts[level] if level < len(counts) else 0
            if level >= len(counts):
                break
            out[members] = level
            left -= size
    if rest:
        out[out < 0] = len(counts)
    return out


def assign_grades(
    grades: Grades,
    totals: np.ndarray,
    ranks: np.ndarray,
    decimals: int,
    lowest: np.ndarray | None = None,
    slots: np.ndarray | None = None,
) -> list[str | None]:
    """A grade per entrant; ``lowest`` forces the last grade (a veto).

    Under quotas only the entrants in ``slots`` (default: all) share the
    places, in the order of their ``ranks``; the others get the last level
    when it takes the rest, else none.

    >>> from bipin.scoring.scheme import GradeLevel
    >>> g = Grades("thresholds", (GradeLevel("好", 90), GradeLevel("较好", 80), GradeLevel("一般")))
    >>> assign_grades(g, np.array([95.0, 89.995, 79.99]), np.array([1, 2, 3]), 2)
    ['好', '好', '一般']
    >>> q = Grades("quota", (GradeLevel("好", count=1), GradeLevel("一般")))
    >>> assign_grades(q, np.zeros(3), np.array([1, 2, 3]), 2, slots=np.array([False, True, True]))
    ['一般', '好', '一般']
    """
    names = [lv.name for lv in grades.levels]
    n = totals.shape[0]
    if grades.by == "thresholds":
        units = to_units(totals, decimals)
        out = np.full(n, -1)
        for i in range(len(grades.levels) - 1, -1, -1):
            floor = grades.levels[i].min
            met = np.ones(n, bool) if floor is None else units >= to_units(floor, decimals)
            out[met] = i
    else:
        counts = [
            lv.count if lv.count is not None else int(round_half_up((lv.share or 0.0) * n, 0))
            for lv in grades.levels[:-1]
        ]
        last_open = grades.levels[-1].count is None and grades.levels[-1].share is None
        if not last_open:
            lv = grades.levels[-1]
            counts.append(
                lv.count if lv.count is not None else int(round_half_up((lv.share or 0.0) * n, 0))
            )
        inside = np.ones(n, bool) if slots is None else np.asarray(slots, bool)
        out = np.full(n, len(names) - 1 if last_open else -1)
        if inside.any():
            # Ranks among the entrants holding places: 1, 3, 3 stays 1, 2, 2 apart.
            among = competition_rank(np.zeros(int(inside.sum()), int), [-ranks[inside].astype(float)])
            out[inside] = quota_levels(among, counts, grades.ties, last_open)
    if lowest is not None:
        out = np.where(lowest, len(names) - 1, out)
    return [names[i] if i >= 0 else None for i in out]


def assign_awards(
    awards: Awards, keys: Sequence[np.ndarray], eligible: np.ndarray
) -> list[str | None]:
    """Awards by quota among eligible entrants, ranked by the same keys.

    >>> from bipin.scoring.scheme import AwardLevel
    >>> a = Awards((AwardLevel("一等奖", 1), AwardLevel("二等奖", 2)))
    >>> assign_awards(a, [np.array([9.0, 8, 7, 6])], np.array([True, False, True, True]))
    ['一等奖', None, '二等奖', '二等奖']
    """
    n = eligible.shape[0]
    out: list[str | None] = [None] * n
    idx = np.nonzero(eligible)[0]
    if not len(idx):
        return out
    ranks = competition_rank(np.zeros(len(idx), int), [np.asarray(k)[idx] for k in keys])
    levels = quota_levels(ranks, [lv.count for lv in awards.levels], awards.ties, False)
    for i, lv in zip(idx, levels, strict=True):
        out[i] = awards.levels[lv].name if lv >= 0 else None
    return out
