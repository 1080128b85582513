"""Outlier treatment and goalposts of a composite's raw indicator columns.

The JRC/OECD Handbook (2008, step 3) and the JRC's COIN Tool treat an
indicator whose distribution is dominated by a few values before it is
normalised. Bipin's variant is named and pinned by golden tests:

* **Skewness** is the adjusted Fisher–Pearson coefficient G1 (Excel's SKEW,
  ``scipy.stats.skew(bias=False)``): g1 = m3 / m2^1.5 with central moments
  m_k = Σ(x − x̄)^k / n, G1 = g1 · √(n(n−1)) / (n−2).
* **Kurtosis** is the sample excess kurtosis G2 (Excel's KURT,
  ``scipy.stats.kurtosis(bias=False)``): g2 = m4 / m2² − 3,
  G2 = ((n+1) g2 + 6) (n−1) / ((n−2)(n−3)).
* A column **needs treatment** while |G1| ≥ 2 and G2 ≥ 3.5 (the JRC rule).
* **Winsorising** sets the most extreme value on the side of the skew (the
  largest if G1 > 0, the smallest if G1 < 0) to the next value inward, and
  repeats while the column needs treatment. Equal extremes move together
  (which of two equal values would go first is no one's choice); every
  value moved counts as a point, up to ``points`` in all.
* **Log fallback**: if ``points`` winsorised values are not enough, the column
  is left unwinsorised and log-transformed instead, x' = ln(x − min + 1)
  for a right skew and x' = −ln(max − x + 1) for a left skew (order kept,
  every value defined).

NaN is "no data" and takes no part. Every changed value is reported, so the
caller can warn and explain it: nothing is changed in silence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Treatment", "apply_goalposts", "kurtosis", "needs_treatment", "skewness", "treat"]


def _flat(v: np.ndarray, m2: float) -> bool:
    """A spread at float-noise level is no spread: the moments would be noise over noise."""
    return m2 <= (1e-12 * max(1.0, float(np.abs(v).max()))) ** 2


def _centred(x: np.ndarray) -> tuple[int, np.ndarray, float, bool]:
    """(count, deviations from the mean, second moment, whether flat) of the values given."""
    v = np.asarray(x, dtype=float)
    v = v[~np.isnan(v)]
    d = v - v.mean() if v.size else v
    m2 = float((d**2).mean()) if v.size else 0.0
    return v.size, d, m2, (_flat(v, m2) if v.size else True)


def skewness(x: np.ndarray) -> float:
    """Adjusted Fisher–Pearson skewness G1 of the values given (NaN ignored).

    >>> round(skewness(np.array([1.0, 2, 3, 4, 100])), 6)
    2.232396
    """
    n, d, m2, flat = _centred(x)
    if n < 3 or flat:
        return 0.0
    g1 = float((d**3).mean()) / m2**1.5
    return float(g1 * np.sqrt(n * (n - 1)) / (n - 2))


def kurtosis(x: np.ndarray) -> float:
    """Sample excess kurtosis G2 of the values given (NaN ignored).

    >>> round(kurtosis(np.array([1.0, 2, 3, 4, 100])), 6)
    4.986866
    """
    n, d, m2, flat = _centred(x)
    if n < 4 or flat:
        return 0.0
    g2 = float((d**4).mean()) / m2**2 - 3.0
    return ((n + 1) * g2 + 6.0) * (n - 1) / ((n - 2) * (n - 3))


def needs_treatment(x: np.ndarray, skew: float = 2.0, kurt: float = 3.5) -> bool:
    """|G1| ≥ ``skew`` and G2 ≥ ``kurt``."""
    return abs(skewness(x)) >= skew and kurtosis(x) >= kurt


@dataclass(frozen=True)
class Treatment:
    """What :func:`treat` did to one column.

    ``method`` is "none", "winsorised" (``points`` points) or "log";
    ``values`` the column as used; ``changed`` the rows whose value changed.
    """

    method: str
    values: np.ndarray
    changed: np.ndarray
    points: int = 0


def treat(x: np.ndarray, points: int, skew: float = 2.0, kurt: float = 3.5) -> Treatment:
    """Winsorise up to ``points`` points while the column needs treatment; else log.

    >>> t = treat(np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100]), points=3)
    >>> t.method, t.points, t.values.tolist()[-1]
    ('winsorised', 1, 9.0)
    """
    v = np.asarray(x, dtype=float).copy()
    has = ~np.isnan(v)
    if not needs_treatment(v, skew, kurt):
        return Treatment("none", v, np.zeros(v.shape, bool))
    w = v.copy()
    while True:
        side = 1.0 if skewness(w) > 0 else -1.0
        s = side * w[has]
        extreme = s.max()
        inner = s[s < extreme]
        if inner.size == 0:
            break
        trial = w.copy()
        trial[has] = side * np.where(s == extreme, inner.max(), s)
        changed = has & (trial != v)
        if changed.sum() > points:
            break
        w = trial
        if not needs_treatment(w, skew, kurt):
            return Treatment("winsorised", w, changed, int(changed.sum()))
    if skewness(v) > 0:
        logged = np.log(v - np.nanmin(v) + 1.0)
    else:
        logged = -np.log(np.nanmax(v) - v + 1.0)
    return Treatment("log", logged, has & (logged != v))


def apply_goalposts(
    x: np.ndarray, low: float, high: float, lower_is_better: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """(x − low) / (high − low) with fixed goalposts, values beyond them capped.

    Returns the index and a mask of the values that lay beyond a goalpost
    (the caller warns for each). Lower-is-better reverses the scale.

    >>> z, capped = apply_goalposts(np.array([20.0, 85, 90, np.nan]), 20, 85)
    >>> z.tolist()[:3], capped.tolist()
    ([0.0, 1.0, 1.0], [False, False, True, False])
    """
    if not high > low:
        raise ValueError(f"goalposts must rise, got [{low:g}, {high:g}]")
    v = np.asarray(x, dtype=float)
    capped = (v < low) | (v > high)
    z = (np.clip(v, low, high) - low) / (high - low)
    return (1.0 - z if lower_is_better else z), capped
