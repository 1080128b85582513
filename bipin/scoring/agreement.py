"""How judges of one panel agree: severity, connectivity, ICC, Kendall's W, outliers.

Every function takes a panel's scores as a dense array ``scores[entrant, judge]``
(a judge's sheet total per entrant, NaN where the judge gave no sheet:
recusal, absence, a panel that split the entrants), or for outliers the marks
per criterion ``marks[entrant, criterion, judge]``. The variants are named
here and pinned by golden tests:

* **Severity** (:func:`judge_severity`): the *leave-one-out mean deviation*.
  For each entrant the judge marked together with at least one other judge,
  d = the judge's total − the mean of the OTHER judges' totals on that entrant;
  severity = mean d over those entrants (n of them), SE = sample standard
  deviation of d (ddof=1) / √n. Positive means the judge marks higher than the
  panel (lenient), negative lower (severe).
* **Connectivity** (:func:`judge_components`): judges are linked when they
  marked a common entrant. Severities of judges in different components were
  measured against different colleagues and cannot be compared.
* **ICC** (:func:`icc`): the six forms of Shrout & Fleiss (1979), from the
  two-way ANOVA mean squares of the complete entrants × judges table (entrants
  every judge marked; the others are counted in ``left_out``), with their 95 %
  confidence intervals: the F-based limits of Shrout & Fleiss for ICC(1,·) and
  ICC(3,·), Satterthwaite's approximate degrees of freedom for ICC(2,1), and
  ICC(2,k)'s limits as the Spearman–Brown step-up of ICC(2,1)'s (as the R
  package psych reports them).
* **Kendall's W** (:func:`kendall_w`): each judge ranks the entrants of the
  complete table (ties share the mean rank); W = 12 S / (m²(n³ − n) − m ΣT)
  with T = Σ(t³ − t) over each judge's ties, χ² = m(n − 1)W on n − 1 degrees
  of freedom.
* **Outlier marks** (:func:`outlier_marks`): a mark more than ``k`` steps of
  its criterion away from the panel's trimmed mean on that entrant and
  criterion (the engine's trimmed mean, :func:`bipin.scoring.aggregate_marks`).

Kept out of ``bipin.scoring``'s flat namespace: it needs scipy's F and χ²
distributions, which a computation of results never does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special

from bipin.scoring.panels import aggregate_marks

__all__ = [
    "ICC",
    "ICCTable",
    "KendallW",
    "Severity",
    "complete_rows",
    "icc",
    "judge_components",
    "judge_severity",
    "kendall_w",
    "outlier_marks",
    "trimmed_centre",
]


def _scores(scores) -> np.ndarray:
    a = np.asarray(scores, dtype=float)
    if a.ndim != 2:
        raise ValueError(f"scores must be entrants × judges, got shape {a.shape}")
    if np.isinf(a).any():
        raise ValueError("scores must be finite or NaN, got an infinite value")
    return a


@dataclass(frozen=True)
class Severity:
    """Per judge: leave-one-out mean deviation, entrants used, standard error."""

    severity: np.ndarray  # NaN for a judge who shares no entrant with anyone
    n: np.ndarray
    se: np.ndarray  # NaN when n < 2


def judge_severity(scores) -> Severity:
    """Each judge's mean deviation from the other judges on the same entrants.

    >>> s = judge_severity([[8.0, 6, 7], [9, 7, 8], [5, 3, np.nan]])
    >>> s.severity.round(3).tolist(), s.n.tolist(), s.se.round(3).tolist()
    ([1.667, -1.667, 0.0], [3, 3, 2], [0.167, 0.167, 0.0])
    """
    a = _scores(scores)
    seen = ~np.isnan(a)
    filled = np.where(seen, a, 0.0)
    count = seen.sum(axis=1, keepdims=True)
    others = count - seen  # per cell: how many OTHER judges marked the entrant
    with np.errstate(invalid="ignore", divide="ignore"):
        others_mean = (filled.sum(axis=1, keepdims=True) - filled) / others
    used = seen & (others > 0)
    d = np.where(used, a - others_mean, np.nan)
    n = used.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        severity = np.where(n > 0, np.nansum(d, axis=0) / np.maximum(n, 1), np.nan)
        var = np.nansum((d - severity) ** 2, axis=0) / (n - 1)
        se = np.where(n > 1, np.sqrt(var / n), np.nan)
    return Severity(severity, n, se)


def judge_components(scores) -> list[tuple[int, ...]]:
    """Groups of judges linked through entrants they marked in common.

    Judges who marked nothing are left out. Components come in order of
    their first judge.

    >>> judge_components([[1.0, 2, np.nan, np.nan], [np.nan, np.nan, 3, 4], [5, np.nan, np.nan, np.nan]])
    [(0, 1), (2, 3)]
    """
    a = _scores(scores)
    seen = ~np.isnan(a)
    parent = list(range(a.shape[1]))

    def root(j: int) -> int:
        while parent[j] != j:
            parent[j] = parent[parent[j]]
            j = parent[j]
        return j

    for row in seen:
        judges = np.flatnonzero(row)
        for j in judges[1:]:
            parent[root(int(j))] = root(int(judges[0]))
    groups: dict[int, list[int]] = {}
    for j in np.flatnonzero(seen.any(axis=0)):
        groups.setdefault(root(int(j)), []).append(int(j))
    return sorted(tuple(g) for g in groups.values())


def complete_rows(scores) -> np.ndarray:
    """Mask of the entrants every judge marked: the table ICC and W work on."""
    return ~np.isnan(_scores(scores)).any(axis=1)


def _complete(scores) -> tuple[np.ndarray, int]:
    """The entrants every judge marked, and how many others were left out."""
    a = _scores(scores)
    keep = complete_rows(a)
    return a[keep], int((~keep).sum())


@dataclass(frozen=True)
class ICC:
    form: str  # "ICC(1,1)" … "ICC(3,k)"
    value: float
    low: float  # 95 % confidence interval
    high: float

    def __post_init__(self):
        for name in ("value", "low", "high"):
            object.__setattr__(self, name, float(getattr(self, name)))


@dataclass(frozen=True)
class ICCTable:
    forms: tuple[ICC, ...]
    n: int  # entrants in the complete table
    k: int  # judges
    left_out: int  # entrants not marked by every judge

    def __getitem__(self, form: str) -> ICC:
        for f in self.forms:
            if f.form == form:
                return f
        raise KeyError(form)


def _f(q: float, dfn: float, dfd: float) -> float:
    """The q-quantile of the F(dfn, dfd) distribution."""
    return float(special.fdtri(dfn, dfd, q))


def icc(scores, alpha: float = 0.05) -> ICCTable:
    """Shrout & Fleiss's six intraclass correlations with their confidence intervals.

    Their 6 targets × 4 judges example:

    >>> t = icc([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]])
    >>> [(f.form, round(f.value, 2)) for f in t.forms]  # doctest: +NORMALIZE_WHITESPACE
    [('ICC(1,1)', 0.17), ('ICC(2,1)', 0.29), ('ICC(3,1)', 0.71),
     ('ICC(1,k)', 0.44), ('ICC(2,k)', 0.62), ('ICC(3,k)', 0.91)]
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha!r}")
    x, left_out = _complete(scores)
    n, k = x.shape
    if n < 2 or k < 2:
        nan = float("nan")
        return ICCTable(tuple(ICC(f, nan, nan, nan) for f in _FORMS), n, k, left_out)
    grand = x.mean()
    ss_rows = k * ((x.mean(axis=1) - grand) ** 2).sum()
    ss_cols = n * ((x.mean(axis=0) - grand) ** 2).sum()
    ss_total = ((x - grand) ** 2).sum()
    # A sum of squares that is zero in exact arithmetic comes out as ±1e-15,
    # and an ICC divided by it as ±1e16: call it zero.
    noise = 1e-9 * max(ss_total, 1.0)
    ss_rows, ss_cols = (np.float64(0.0) if v <= noise else v for v in (ss_rows, ss_cols))
    ss_err = ss_total - ss_rows - ss_cols
    if abs(ss_err) <= noise:
        ss_err = np.float64(0.0)
    bms, jms = ss_rows / (n - 1), ss_cols / (k - 1)
    ems = ss_err / ((n - 1) * (k - 1))
    wms = (ss_cols + ss_err) / (n * (k - 1))
    q = 1 - alpha / 2
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        forms = _forms(n, k, bms, jms, ems, wms, q)
    return ICCTable(forms, n, k, left_out)


_FORMS = ("ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)")


def _forms(n: int, k: int, bms: float, jms: float, ems: float, wms: float, q: float):
    # A denominator can cancel to zero (two judges, two entrants, no spread
    # between entrants): it then comes out as rounding noise, and the ICC as
    # ±1e16 whose sign follows the noise. Below the noise it is zero: no ICC.
    noise = 1e-9 * max(bms, jms, ems, wms)

    def ratio(top: float, bottom: float) -> float:
        return top / bottom if abs(bottom) > noise else np.float64("nan")

    icc1 = ratio(bms - wms, bms + (k - 1) * wms)
    icc2 = ratio(bms - ems, bms + (k - 1) * ems + k * (jms - ems) / n)
    icc3 = ratio(bms - ems, bms + (k - 1) * ems)
    icc1k = ratio(bms - wms, bms)
    icc2k = ratio(bms - ems, bms + (jms - ems) / n)
    icc3k = ratio(bms - ems, bms)

    f1 = bms / wms
    f1_low = f1 / _f(q, n - 1, n * (k - 1))
    f1_high = f1 * _f(q, n * (k - 1), n - 1)
    f3 = bms / ems
    f3_low = f3 / _f(q, n - 1, (n - 1) * (k - 1))
    f3_high = f3 * _f(q, (n - 1) * (k - 1), n - 1)

    # ICC(2,1): Satterthwaite's degrees of freedom for the mix of mean squares.
    fj = jms / ems
    base = n * (1 + (k - 1) * icc2) - k * icc2
    v = ((k - 1) * (n - 1) * (k * icc2 * fj + base) ** 2
         / ((n - 1) * k**2 * icc2**2 * fj**2 + base**2))
    f_up, f_down = _f(q, n - 1, v), _f(q, v, n - 1)
    spread = k * jms + (k * n - k - n) * ems
    low2 = n * (bms - f_up * ems) / (f_up * spread + n * bms)
    high2 = n * (f_down * bms - ems) / (spread + n * f_down * bms)

    def single(f: float) -> float:
        # F is infinite when judges agree exactly (no error at all); the limit
        # is 1, as 1 − 1/F gives for the panel-mean form beside it.
        return 1.0 if f == np.inf else (f - 1) / (f + k - 1)

    def step_up(r: float) -> float:
        return r * k / (1 + r * (k - 1))

    return (
        ICC("ICC(1,1)", icc1, single(f1_low), single(f1_high)),
        ICC("ICC(2,1)", icc2, low2, high2),
        ICC("ICC(3,1)", icc3, single(f3_low), single(f3_high)),
        ICC("ICC(1,k)", icc1k, 1 - 1 / f1_low, 1 - 1 / f1_high),
        ICC("ICC(2,k)", icc2k, step_up(low2), step_up(high2)),
        ICC("ICC(3,k)", icc3k, 1 - 1 / f3_low, 1 - 1 / f3_high),
    )


@dataclass(frozen=True)
class KendallW:
    w: float
    chi2: float
    df: int
    p: float
    n: int  # entrants ranked
    m: int  # judges
    left_out: int


def _mean_ranks(column: np.ndarray) -> tuple[np.ndarray, float]:
    """Ranks 1..n of one judge's scores, highest first, ties sharing their mean; and Σ(t³ − t)."""
    values, inverse, counts = np.unique(-column, return_inverse=True, return_counts=True)
    starts = np.cumsum(counts) - counts
    mean_rank = starts + (counts + 1) / 2.0
    return mean_rank[inverse], float((counts**3 - counts).sum())


def kendall_w(scores) -> KendallW:
    """Kendall's coefficient of concordance of the judges' rankings, tie-corrected.

    >>> w = kendall_w([[10, 9, 7], [8, 9, 8], [8, 7, 6], [5, 6, 5]])
    >>> round(w.w, 4), w.df, round(w.p, 4)
    (0.869, 3, 0.0499)
    """
    x, left_out = _complete(scores)
    n, m = x.shape
    if n < 2 or m < 2:
        nan = float("nan")
        return KendallW(nan, nan, max(n - 1, 0), nan, n, m, left_out)
    ranks = np.empty_like(x)
    ties = 0.0
    for j in range(m):
        ranks[:, j], t = _mean_ranks(x[:, j])
        ties += t
    sums = ranks.sum(axis=1)
    s = float(((sums - sums.mean()) ** 2).sum())
    denominator = m**2 * (n**3 - n) - m * ties
    w = 12 * s / denominator if denominator > 0 else float("nan")
    chi2 = m * (n - 1) * w
    p = float(special.chdtrc(n - 1, chi2)) if np.isfinite(chi2) else float("nan")
    return KendallW(float(w), float(chi2), n - 1, p, n, m, left_out)


def outlier_marks(marks, steps: Sequence[float], k: float = 2.0, trim: int = 1) -> np.ndarray:
    """Marks more than ``k`` steps from the panel's trimmed mean on their entrant and criterion.

    ``marks[entrant, criterion, judge]`` (NaN = no mark), ``steps`` one per
    criterion. The trimmed mean drops the ``trim`` highest and lowest marks when
    there are at least 2·trim + 1; a lone mark is never an outlier.

    >>> outlier_marks([[[8.0, 8.5, 7.5, 4.0, 8.0]]], [0.5]).tolist()
    [[[False, False, False, True, False]]]
    """
    x = np.asarray(marks, dtype=float)
    if x.ndim != 3:
        raise ValueError(f"marks must be entrants × criteria × judges, got shape {x.shape}")
    step = np.asarray(steps, dtype=float)
    if step.shape != (x.shape[1],) or not (step > 0).all():
        raise ValueError(f"steps must be one positive step per criterion, got {step.tolist()}")
    if k <= 0:
        raise ValueError(f"k must be positive, got {k!r}")
    centre = trimmed_centre(x, trim)[:, :, None]
    with np.errstate(invalid="ignore"):
        far = np.abs(x - centre) > k * step[None, :, None] + 1e-9
    lone = (~np.isnan(x)).sum(axis=2, keepdims=True) < 2
    return far & ~lone & ~np.isnan(x)


def trimmed_centre(marks, trim: int = 1) -> np.ndarray:
    """The panel's trimmed mean per entrant and criterion: what outliers are measured from.

    >>> trimmed_centre([[[8.0, 8.5, 7.5, 4.0, 8.0]]]).round(3).tolist()
    [[7.833]]
    """
    x = np.asarray(marks, dtype=float)
    if x.ndim != 3:
        raise ValueError(f"marks must be entrants × criteria × judges, got shape {x.shape}")
    E, C, J = x.shape
    centre, _ = aggregate_marks(x.reshape(E * C, J), "trimmed", trim, 2 * trim + 1)
    return centre.reshape(E, C)
