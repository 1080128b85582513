"""Classical item analysis of a test paper (numpy, no Django, no I/O).

Input is a score matrix: one row per candidate, one column per item, each
cell the points the candidate got on that item, plus each item's maximum.
The statistics are the textbook ones, named here so they can be checked:

- difficulty ``p``: mean points / maximum (for right/wrong items, the
  proportion correct; higher is easier);
- point-biserial ``r_pb``: Pearson correlation of the item score with the
  total score, the item included (the classic, uncorrected form);
- upper–lower index ``D``: difficulty in the top 27 % by total minus the
  bottom 27 % (group size ``round(0.27 n)``, at least 1; ties in the total
  keep the candidates' input order);
- Cronbach's alpha ``k/(k-1) · (1 − Σ var_i / var_total)`` with population
  variances; KR-20 is the same formula, reported only when every item is
  scored right/wrong (0 or its maximum), where Σ var_i = Σ p q.

>>> a = analyse([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]], [1, 1, 1])
>>> [round(i.difficulty, 2) for i in a.items]
[0.75, 0.5, 0.25]
>>> round(a.alpha, 4), round(a.kr20, 4)
(0.75, 0.75)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

__all__ = ["Flag", "ItemStats", "PaperStats", "analyse", "distractors", "UPPER_LOWER_SHARE"]

UPPER_LOWER_SHARE = 0.27


class Flag(StrEnum):
    NEGATIVE = "negative_discrimination"  # the weaker candidates do better on it
    LOW = "low_discrimination"  # separates strong from weak hardly at all
    NONE_CORRECT = "nobody_correct"
    ALL_CORRECT = "everybody_correct"

    @property
    def label_zh(self) -> str:
        return {
            "negative_discrimination": "区分度为负",
            "low_discrimination": "区分度低",
            "nobody_correct": "无人答对",
            "everybody_correct": "全部答对",
        }[self.value]


@dataclass(frozen=True)
class ItemStats:
    difficulty: float
    point_biserial: float | None  # None when the item or the total does not vary
    upper_lower: float | None  # None with fewer than 2 candidates
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class PaperStats:
    candidates: int
    items: list[ItemStats] = field(default_factory=list)
    alpha: float | None = None
    kr20: float | None = None
    mean: float = 0.0
    sd: float = 0.0


def _group_size(n: int) -> int:
    """Candidates in each of the upper and lower groups.

    >>> _group_size(10), _group_size(3), _group_size(100)
    (3, 1, 27)
    """
    return max(1, int(np.floor(UPPER_LOWER_SHARE * n + 0.5)))


def analyse(
    scores: Sequence[Sequence[float]], max_points: Sequence[float], *, low: float = 0.2
) -> PaperStats:
    """Statistics of every item and of the paper; ``low`` is the discrimination
    (upper–lower D) below which an item is flagged as barely separating."""
    x = np.asarray(scores, dtype=float)
    m = np.asarray(max_points, dtype=float)
    if x.size == 0:
        x = x.reshape(0, m.shape[0])
    if x.ndim != 2 or x.shape[1] != m.shape[0]:
        raise ValueError(f"scores must be candidates × {m.shape[0]} items, got shape {x.shape}")
    if np.any(m <= 0):
        raise ValueError("every item's maximum must be positive")
    if np.any(x < 0) or np.any(x > m):
        raise ValueError("an item score is outside 0..maximum")
    n, k = x.shape
    if n == 0:
        return PaperStats(0, [ItemStats(0.0, None, None) for _ in range(k)])
    total = x.sum(axis=1)
    p = x.mean(axis=0) / m
    order = np.argsort(-total, kind="stable")
    g = _group_size(n)
    upper, lower = x[order[:g]], x[order[-g:]]
    d = upper.mean(axis=0) / m - lower.mean(axis=0) / m if n >= 2 else None
    total_sd = total.std()
    items = []
    for j in range(k):
        item_sd = x[:, j].std()
        r = None
        if item_sd > 0 and total_sd > 0:
            r = float(
                np.mean((x[:, j] - x[:, j].mean()) * (total - total.mean())) / (item_sd * total_sd)
            )
        dj = None if d is None else float(d[j])
        flags = []
        if (r is not None and r < 0) or (dj is not None and dj < 0):
            flags.append(Flag.NEGATIVE)
        elif dj is not None and dj < low and 0 < p[j] < 1:
            flags.append(Flag.LOW)
        if p[j] == 0:
            flags.append(Flag.NONE_CORRECT)
        if p[j] == 1:
            flags.append(Flag.ALL_CORRECT)
        items.append(ItemStats(float(p[j]), r, dj, tuple(flags)))
    alpha = None
    if k >= 2 and total.var() > 0:
        alpha = float(k / (k - 1) * (1 - x.var(axis=0).sum() / total.var()))
    dichotomous = bool(np.all((x == 0) | (x == m)))
    return PaperStats(
        n, items, alpha, alpha if dichotomous else None, float(total.mean()), float(total_sd)
    )


def distractors(responses: Sequence[Sequence[str]], letters: str) -> dict[str, float]:
    """Share of candidates choosing each option, and ``""`` for no answer.

    >>> distractors([["A"], ["B"], ["A", "C"], []], "ABCD")
    {'A': 0.5, 'B': 0.25, 'C': 0.25, 'D': 0.0, '': 0.25}
    """
    n = len(responses)
    if n == 0:
        return {letter: 0.0 for letter in [*letters, ""]}
    out = {letter: sum(letter in r for r in responses) / n for letter in letters}
    out[""] = sum(not r for r in responses) / n
    return out
