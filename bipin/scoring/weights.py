"""Weighting methods: fixed, AHP, entropy, CRITIC, coefficient of variation.

Several formulas go by each name; Bipin's variants are named here and pinned by
golden tests:

* **AHP**: principal eigenvector of the pairwise matrix, normalised to sum 1;
  consistency ratio CR = CI / RI with CI = (λmax − n) / (n − 1) and Saaty's
  random index table (:data:`SAATY_RI`); CR < 0.1 is acceptable.
* **Entropy** (熵权法): columns min-max normalised first (cost columns
  reversed), p = x / Σx, e = −Σ p ln p / ln n with 0·ln 0 = 0, d = 1 − e,
  w = d / Σd. All-constant data gives equal weights.
* **CRITIC**: min-max normalised columns; C_j = σ_j Σ_k (1 − r_jk) with the
  sample standard deviation (ddof=1) and Pearson r (r = 0 where a column is
  constant); w = C / ΣC.
* **Coefficient of variation**: v_j = σ_j / |mean_j| on the raw values with
  the sample standard deviation (ddof=1); w = v / Σv.

NaN is "no data": each column's statistics use the entrants that have a
value in it (n_j of them; a column with fewer than two carries no
information), and CRITIC correlates two columns over the entrants that have
both. An entrant without a value never moves the weights.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bipin.scoring.normalise import min_max

__all__ = [
    "SAATY_RI",
    "ahp_weights",
    "critic_weights",
    "cv_weights",
    "entropy_weights",
    "fixed_weights",
]

# Saaty's random consistency index for n = 1..15 (Saaty 1980, Table 1.7 extended).
SAATY_RI = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59)


def _equal_if_degenerate(scores: np.ndarray) -> np.ndarray:
    total = scores.sum()
    if not np.isfinite(total) or total <= 0:
        return np.full(scores.shape, 1.0 / scores.shape[0])
    return scores / total


def fixed_weights(weights: Sequence[float]) -> np.ndarray:
    """Declared weights scaled to sum 1.

    >>> fixed_weights([2, 1, 1]).tolist()
    [0.5, 0.25, 0.25]
    """
    w = np.asarray(weights, dtype=float)
    if w.size == 0 or (w < 0).any() or w.sum() <= 0:
        raise ValueError(f"weights must be >= 0 with a positive sum, got {w.tolist()}")
    return w / w.sum()


def ahp_weights(matrix: Sequence[Sequence[float]]) -> tuple[np.ndarray, float]:
    """AHP weights and consistency ratio (Saaty's RI) of a pairwise matrix.

    >>> w, cr = ahp_weights([[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]])
    >>> w.round(4).tolist(), round(cr, 4)
    ([0.637, 0.2583, 0.1047], 0.0332)
    """
    a = np.asarray(matrix, dtype=float)
    n = a.shape[0]
    if a.ndim != 2 or a.shape != (n, n) or n == 0:
        raise ValueError(f"AHP matrix must be square, got shape {a.shape}")
    if (a <= 0).any() or not np.allclose(a * a.T, 1.0, rtol=1e-3):
        raise ValueError("AHP matrix must be positive and reciprocal (a[j][i] = 1 / a[i][j])")
    if n > len(SAATY_RI):
        raise ValueError(f"AHP supports at most {len(SAATY_RI)} items, got {n}")
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    w = w / w.sum()
    lam = float(values[k].real)
    ri = SAATY_RI[n - 1]
    cr = 0.0 if ri == 0 else max((lam - n) / (n - 1), 0.0) / ri
    return w, cr


def entropy_weights(x: np.ndarray, lower_is_better: Sequence[bool] | None = None) -> np.ndarray:
    """Entropy weights of the columns of ``x`` (rows are entrants).

    >>> entropy_weights(np.array([[1.0, 10], [2, 10], [3, 40]])).round(4).tolist()
    [0.2961, 0.7039]
    """
    p = min_max(x, lower_is_better)
    n = (~np.isnan(p)).sum(axis=0)
    if p.shape[0] < 2:
        return np.full(p.shape[1], 1.0 / p.shape[1])
    p = np.nan_to_num(p)
    sums = p.sum(axis=0)
    p = np.divide(p, sums, out=np.zeros_like(p), where=sums > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)  # 0·ln 0 = 0
        e = -plogp.sum(axis=0) / np.log(n)
    # A constant column, or one with fewer than two values, carries no information.
    e = np.where((sums > 0) & (n > 1), e, 1.0)
    return _equal_if_degenerate(1.0 - e)


def critic_weights(x: np.ndarray, lower_is_better: Sequence[bool] | None = None) -> np.ndarray:
    """CRITIC weights: contrast (σ) times conflict (Σ 1 − r).

    >>> critic_weights(np.array([[1.0, 2, 9], [2, 1, 7], [3, 5, 1], [4, 3, 3]])).round(4).tolist()
    [0.2711, 0.2697, 0.4592]
    """
    z = min_max(x, lower_is_better)
    if z.shape[0] < 2:
        return np.full(z.shape[1], 1.0 / z.shape[1])
    if np.isnan(z).any():
        sigma, r = _sample_std(z), _pairwise_r(z)
    else:
        sigma = z.std(axis=0, ddof=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.corrcoef(z, rowvar=False)
    r = np.nan_to_num(np.atleast_2d(r), nan=0.0)
    return _equal_if_degenerate(sigma * (1.0 - r).sum(axis=0))


def _sample_std(x: np.ndarray) -> np.ndarray:
    """Sample σ of each column over its values; 0 with fewer than two."""
    out = np.zeros(x.shape[1])
    for j in range(x.shape[1]):
        v = x[~np.isnan(x[:, j]), j]
        if v.shape[0] > 1:
            out[j] = v.std(ddof=1)
    return out


def _pairwise_r(x: np.ndarray) -> np.ndarray:
    """Pearson r of each pair of columns over the rows holding both (NaN if undefined)."""
    k = x.shape[1]
    r = np.full((k, k), np.nan)
    for i in range(k):
        for j in range(k):
            both = ~np.isnan(x[:, i]) & ~np.isnan(x[:, j])
            if both.sum() > 1:
                with np.errstate(divide="ignore", invalid="ignore"):
                    r[i, j] = np.corrcoef(x[both, i], x[both, j])[0, 1]
    return r


def cv_weights(x: np.ndarray) -> np.ndarray:
    """Coefficient-of-variation weights on raw values.

    >>> cv_weights(np.array([[1.0, 10], [2, 10], [3, 13]])).round(4).tolist()
    [0.7605, 0.2395]
    """
    x = np.asarray(x, dtype=float)
    if x.shape[0] < 2:
        return np.full(x.shape[1], 1.0 / x.shape[1])
    if np.isnan(x).any():
        mean = np.abs(
            np.array([np.mean(c[~np.isnan(c)]) if (~np.isnan(c)).any() else 0.0 for c in x.T])
        )
        sd = _sample_std(x)
    else:
        mean = np.abs(x.mean(axis=0))
        sd = x.std(axis=0, ddof=1)
    v = np.divide(sd, mean, out=np.zeros_like(sd), where=mean > 0)
    return _equal_if_degenerate(v)
