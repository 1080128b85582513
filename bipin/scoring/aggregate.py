"""Aggregation of normalised indicator columns with weights (rows are entrants)."""

from __future__ import annotations

import numpy as np

__all__ = ["weighted_arithmetic", "weighted_geometric", "weighted_harmonic"]


def _weights(w: np.ndarray, n: int) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    if w.shape[-1] != n:
        raise ValueError(f"need {n} weights, got {w.shape[-1]}")
    return w


def weighted_arithmetic(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Σ w_j x_j per row; ``w`` may be per row (renormalised after exclusions).

    >>> weighted_arithmetic(np.array([[1.0, 0.0], [0.5, 0.5]]), np.array([0.75, 0.25])).tolist()
    [0.75, 0.5]
    """
    x = np.atleast_2d(np.asarray(x, dtype=float))
    return (x * _weights(w, x.shape[1])).sum(axis=1)


def weighted_geometric(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Π x_j ** w_j per row; any zero makes the product zero (no compensation).

    >>> weighted_geometric(np.array([[1.0, 0.25], [0.0, 1.0]]), np.array([0.5, 0.5])).tolist()
    [0.5, 0.0]
    """
    x = np.atleast_2d(np.asarray(x, dtype=float))
    w = _weights(w, x.shape[1])
    if (x < 0).any():
        raise ValueError("weighted geometric aggregation needs values >= 0")
    with np.errstate(divide="ignore"):
        return np.exp((w * np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), -np.inf)).sum(axis=1))


def weighted_harmonic(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """1 / Σ (w_j / x_j) per row (weights summing to 1); any zero makes it zero.

    The least compensatory of the three means: a weak indicator pulls the
    result down more than under the geometric mean.

    >>> weighted_harmonic(np.array([[1.0, 0.25], [0.0, 1.0]]), np.array([0.5, 0.5])).tolist()
    [0.4, 0.0]
    """
    x = np.atleast_2d(np.asarray(x, dtype=float))
    w = _weights(w, x.shape[1])
    if (x < 0).any():
        raise ValueError("weighted harmonic aggregation needs values >= 0")
    zero = ((x == 0) & (w > 0)).any(axis=1)
    inverse = (w / np.where(x > 0, x, 1.0)).sum(axis=1)
    return np.where(zero, 0.0, 1.0 / np.where(zero, 1.0, inverse))
