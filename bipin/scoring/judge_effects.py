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
    x = np.where(seen, a, 0.0)
    per_entrant = seen.sum(axis=1)
    inverse = np.where(per_entrant > 0, 1.0 / np.maximum(per_entrant, 1), 0.0)
    # The entrant effects eliminated (a_i = mean of x_ij − b_j over the judges
    # of entrant i), the judge effects solve C b = r with C = diag(n_j) −
    # Sᵀ diag(1/n_i) S, judges × judges whatever the number of entrants. C's
    # null space is the components' indicator vectors, so the minimum-norm
    # solution (pinv) is the one whose effects sum to zero in each component.
    s_ = seen.astype(float)
    c = np.diag(s_.sum(axis=0)) - s_.T @ (s_ * inverse[:, None])
    r = (s_ * (x - (x.sum(axis=1) * inverse)[:, None])).sum(axis=0)
    judge = np.linalg.pinv(c) @ r
    judge[~seen.any(axis=0)] = np.nan
    entrant = np.where(per_entrant > 0, (s_ * (x - np.nan_to_num(judge)[None, :])).sum(axis=1) * inverse, np.nan)
    components = judge_components(a)
    adjusted = np.where(seen, a - np.nan_to_num(judge)[None, :], np.nan)
    return JudgeEffects(entrant, judge, adjusted, components)
