"""Normalisation of indicator columns across a group (rows are entrants).

Every method maps "better" to larger; a column marked lower-is-better (负向指标)
is reversed. Min-max, rank and target give values in [0, 1]; z-score is
centred on 0. A constant column normalises to 1 by min-max and rank (nobody is
behind anybody) and to 0 by z-score.

NaN is "no data": it stays NaN and takes no part in the minimum, maximum,
mean, spread or ranks of its column, so an entrant without a value never
moves the others' normalised values.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bipin.scoring.rank import competition_rank

__all__ = ["distance_to_target", "min_max", "normalise", "rank_scale", "z_score"]


def _flip(x: np.ndarray, lower_is_better: Sequence[bool] | None) -> np.ndarray:
    x = np.atleast_2d(np.asarray(x, dtype=float).T).T
    if lower_is_better is not None:
        x = np.where(np.asarray(lower_is_better, bool), -x, x)
    return x


def min_max(x: np.ndarray, lower_is_better: Sequence[bool] | None = None) -> np.ndarray:
    """(x − min) / (max − min) per column.

    >>> min_max(np.array([[1.0], [3.0], [2.0]])).ravel().tolist()
    [0.0, 1.0, 0.5]
    >>> min_max(np.array([[1.0], [3.0]]), [True]).ravel().tolist()
    [1.0, 0.0]
    """
    x = _flip(x, lower_is_better)
    lo, hi = _nan_reduce(np.nanmin, x), _nan_reduce(np.nanmax, x)
    span = hi - lo
    out = np.where(span > 0, (x - lo) / np.where(span > 0, span, 1.0), 1.0)
    return np.where(np.isnan(x), np.nan, out)


def z_score(x: np.ndarray, lower_is_better: Sequence[bool] | None = None) -> np.ndarray:
    """(x − mean) / σ per column, population σ (ddof=0).

    >>> z_score(np.array([[1.0], [3.0]])).ravel().tolist()
    [-1.0, 1.0]
    """
    x = _flip(x, lower_is_better)
    mean, sd = _nan_reduce(np.nanmean, x), _nan_reduce(np.nanstd, x)
    out = np.where(sd > 0, (x - mean) / np.where(sd > 0, sd, 1.0), 0.0)
    return np.where(np.isnan(x), np.nan, out)


def rank_scale(x: np.ndarray, lower_is_better: Sequence[bool] | None = None) -> np.ndarray:
    """(n − rank) / (n − 1): first 1, last 0, ties share the better rank.

    >>> rank_scale(np.array([[5.0], [9.0], [5.0]])).ravel().tolist()
    [0.5, 1.0, 0.5]
    >>> rank_scale(np.array([[5.0], [np.nan], [9.0]])).ravel().tolist()
    [0.0, nan, 1.0]
    """
    x = _flip(x, lower_is_better)
    out = np.full(x.shape, np.nan)
    for j in range(x.shape[1]):
        has = ~np.isnan(x[:, j])
        n = int(has.sum())
        if n > 1:
            ranks = competition_rank(np.zeros(n, int), [x[has, j]])
            out[has, j] = (n - ranks) / (n - 1)
        else:
            out[has, j] = 1.0
    return out


def _nan_reduce(reduce, x: np.ndarray) -> np.ndarray:
    """A column statistic over the values given; NaN for a column with none (no warning)."""
    has = ~np.isnan(x).all(axis=0)
    out = np.full(x.shape[1], np.nan)
    if has.any():
        out[has] = reduce(x[:, has], axis=0)
    return out


def distance_to_target(x: np.ndarray, targets: Sequence[float]) -> np.ndarray:
    """1 − |x − target| / |target|, floored at 0: 1 on target, less either side.

    >>> distance_to_target(np.array([[100.0], [90.0], [120.0]]), [100]).ravel().tolist()
    [1.0, 0.9, 0.8]
    """
    x = np.atleast_2d(np.asarray(x, dtype=float).T).T
    t = np.asarray(targets, dtype=float)
    if (t == 0).any():
        raise ValueError(f"targets must be non-zero, got {t.tolist()}")
    return np.maximum(1.0 - np.abs(x - t) / np.abs(t), 0.0)


def normalise(
    x: np.ndarray,
    method: str,
    lower_is_better: Sequence[bool] | None = None,
    targets: Sequence[float] | None = None,
) -> np.ndarray:
    """Dispatch by method name: ``min-max``, ``z-score``, ``rank`` or ``target``.

    >>> normalise(np.array([[1.0], [2.0]]), "rank").ravel().tolist()
    [0.0, 1.0]
    """
    if method == "min-max":
        return min_max(x, lower_is_better)
    if method == "z-score":
        return z_score(x, lower_is_better)
    if method == "rank":
        return rank_scale(x, lower_is_better)
    if method == "target":
        if targets is None:
            raise ValueError("target normalisation needs targets")
        return distance_to_target(x, targets)
    raise ValueError(f"unknown normalisation {method!r}")
