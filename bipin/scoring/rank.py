"""Competition ranking within groups: ties share a rank (1, 2, 2, 4)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["competition_rank"]


def competition_rank(groups: np.ndarray, keys: Sequence[np.ndarray]) -> np.ndarray:
    """Rank within each group; larger keys are better, later keys break ties.

    Entrants equal on every key share the best rank of their tie, and the next
    rank skips (standard competition ranking, 1224).

    >>> competition_rank(np.array([0, 0, 0, 0, 1]), [np.array([9.0, 7, 9, 5, 1])]).tolist()
    [1, 3, 1, 4, 1]
    >>> competition_rank(np.zeros(3, int), [np.array([9.0, 9, 9]), np.array([1.0, 2, 1])]).tolist()
    [2, 1, 2]
    """
    groups = np.asarray(groups)
    n = groups.shape[0]
    if n == 0:
        return np.zeros(0, np.int64)
    keys = [np.asarray(k, dtype=float) for k in keys]
    # lexsort sorts by the last key first: group, then keys in order, descending.
    order = np.lexsort(tuple(-k for k in reversed(keys)) + (groups,))
    sorted_groups = groups[order]
    new_group = np.r_[True, sorted_groups[1:] != sorted_groups[:-1]]
    differs = new_group.copy()
    for k in keys:
        sk = k[order]
        differs[1:] |= sk[1:] != sk[:-1]
    position = np.arange(n)
    group_start = np.maximum.accumulate(np.where(new_group, position, 0))
    tie_start = np.maximum.accumulate(np.where(differs, position, 0))
    ranks = np.empty(n, np.int64)
    ranks[order] = tie_start - group_start + 1
    return ranks
