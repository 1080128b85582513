"""Severity adjustment by an additive judge-effect model.

mark = entrant effect + judge effect + error, fitted by least squares to the
marks the judges gave (``scores[entrant, judge]``, NaN = no mark), with the
judge effects of each connected group of judges summing to zero (judges are
connected through entrants they marked in common; see
:func:`bipin.scoring.agreement.judge_components`). The adjusted mark is the
mark minus its judge's effect.

Least squares makes each entrant's residuals sum to zero, so an entrant's
adjusted mean (the mean of its adjusted marks) is its entrant effect. When
every judge marked every entrant the judge effects are the judges' mean
deviations from the grand mean, and adjusted means equal raw means: the model
changes a result only where judges saw different entrants.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bipin.scoring.agreement import judge_components

__all__ = ["JudgeEffects", "judge_effects"]


@dataclass(frozen=True)
class JudgeEffects:
    entrant_: np.ndarray  # [entrant] the adjusted score; NaN for an entrant nobody marked
    judge_: np.ndarray  # [judge] the judge's effect (+ lenient, − severe); NaN without marks
    adjusted_: np.ndarray  # [entrant, judge] mark − judge effect; NaN where no mark
    components_: list[tuple[int, ...]]


def judge_effects(scores) -> JudgeEffects:
    """Fit mark = entrant + judge + error with the judge effects summing to zero.

    >>> fit = judge_effects([[8.0, 6], [9, 7], [np.nan, 5]])
    >>> fit.judge_.round(9).tolist(), fit.entrant_.round(9).tolist()
    ([1.0, -1.0], [7.0, 8.0, 6.0])
    """
    a = np.asarray(scores, dtype=float)
    if a.ndim != 2:
        raise ValueError(f"scores must be entrants × judges, got shape {a.shape}")
    if np.isinf(a).any():
        raise ValueError("scores must be finite or NaN, got an infinite value")
    seen = ~np.isnan(a)
    entrant = np.full(a.shape[0], np.nan)
    judge = np.full(a.shape[1], np.nan)
    components = judge_components(a)
    for group in components:
        js = np.array(group)
        es = np.flatnonzero(seen[:, js].any(axis=1))
        rows, cols = np.nonzero(seen[np.ix_(es, js)])
        design = np.zeros((rows.size, es.size + js.size))
        design[np.arange(rows.size), rows] = 1.0
        design[np.arange(rows.size), es.size + cols] = 1.0
        y = a[es[rows], js[cols]]
        # The fit is unique up to moving a constant from the judges to the
        # entrants; lstsq picks one solution and the shift fixes Σ judge = 0.
        solution = np.linalg.lstsq(design, y, rcond=None)[0]
        shift = solution[es.size:].mean()
        entrant[es] = solution[:es.size] + shift
        judge[js] = solution[es.size:] - shift
    adjusted = np.where(seen, a - np.nan_to_num(judge)[None, :], np.nan)
    return JudgeEffects(entrant, judge, adjusted, components)
