"""Severity-adjusted panel marks (``adjust: judge_effect``), said aloud.

Each judge's effect is fitted by the additive model of
:mod:`bipin.scoring.judge_effects` separately for every round and criterion
of a group (``marks[round, :, criterion, :]``, entrants × judges): a judge may
be strict on 内容 and lenient on 表达, and a criterion's adjusted marks stay on
that criterion's own scale, so a range check can name the criterion. The
adjusted mark is the mark minus its judge's effect; the panel then aggregates
the adjusted marks exactly as it aggregates raw ones (trim, rounding, rounds,
missing policy).

An adjusted mark may leave ``[0, max]`` (a severe judge's 10 becomes 10.5).
It is never clipped: the explanation flags it and a warning names the judge,
entrant, criterion and round. Effects are rounded to 9 decimals and adjusted
marks likewise, so that float noise in the fit (1e-16) can never move a figure
across a rounding boundary: with equally severe judges the adjusted marks are
the raw ones, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from bipin.scoring.panel_input import round_label
from bipin.scoring.scheme import Panel, Scheme

__all__ = ["Adjustment", "adjust_dict", "adjust_marks", "adjust_notes", "late_adjustment"]

Note = tuple[int, str, str]  # (entrant, message_zh, message_en), the item is added by the caller

# Far below any mark's step, far above the fit's float noise.
_DECIMALS = 9


@dataclass
class Adjustment:
    """A panel's judge effects and the figures with and without them."""

    effects: np.ndarray  # [round, criterion, judge]; NaN where the judge gave no mark
    marks: np.ndarray  # [round, entrant, criterion, judge] mark − effect, NaN where no mark
    outside: np.ndarray  # same shape: the adjusted mark left [0, max]
    raw: np.ndarray  # [entrant] the panel totals from raw marks
    adjusted: np.ndarray  # [entrant] the panel totals from adjusted marks
    counts: bool  # the adjusted totals are the leaf's value


def adjust_marks(panel: Panel, marks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Judge effects per round and criterion, the adjusted marks, and which left the range.

    One judge 1 point severe on every entrant of a complete panel: the effects
    are −2/3 for that judge and +1/3 for the others (they sum to zero), and
    every adjusted mark moves by them.

    >>> from bipin.scoring.scheme import Criterion
    >>> p = Panel("p", (Criterion("x", "x", 10.0),))
    >>> m = np.array([[[[8.0, 8, 7]], [[6, 6, 5]], [[9, 9, 8]]]])  # 1 round, 3 entrants, 1 criterion
    >>> effects, adjusted, outside = adjust_marks(p, m)
    >>> effects[0, 0].round(6).tolist()
    [0.333333, 0.333333, -0.666667]
    >>> adjusted[0, :, 0].mean(axis=1).round(6).tolist()
    [7.666667, 5.666667, 8.666667]
    """
    # Imported here: judge_effects → agreement → panels, which imports this module.
    from bipin.scoring.judge_effects import judge_effects

    marks = np.asarray(marks, dtype=float)
    R, E, C, J = marks.shape
    effects = np.full((R, C, J), np.nan)
    if E and J:
        for r in range(R):
            for c in range(C):
                effects[r, c] = judge_effects(marks[r, :, c, :]).judge_
    effects = np.round(effects, _DECIMALS) + 0.0  # + 0.0: no −0.0 in an explanation
    adjusted = np.round(marks - np.nan_to_num(effects)[:, None, :, :], _DECIMALS)
    top = np.array([c.top for c in panel.criteria])[None, None, :, None]
    low = np.array([c.bottom for c in panel.criteria])[None, None, :, None]
    with np.errstate(invalid="ignore"):
        outside = ~np.isnan(adjusted) & (
            (adjusted < low - np.abs(low) * 1e-9) | (adjusted > top * (1 + 1e-9))
        )
    return effects, adjusted, outside


def adjust_notes(
    panel: Panel, rounds: tuple[str, ...], judges: tuple[str, ...], adjustment: Adjustment
) -> list[Note]:
    """What the adjustment did that a reader must see: a late declaration, a mark out of range."""
    marked = ~np.isnan(adjustment.marks).all(axis=(0, 2, 3))
    if not adjustment.counts:
        return [
            (
                int(e),
                f"评委组{panel.id}的评委宽严调整在评分开始后才写入方案,本次不计入",
                f"panel {panel.id!r}'s judge severity adjustment was written into the scheme "
                "after marking began: it does not count this time",
            )
            for e in np.nonzero(marked)[0]
        ]
    names = [c.id for c in panel.criteria]
    notes = []
    for r, e, c, j in zip(*np.nonzero(adjustment.outside), strict=True):
        zh_round, en_round = round_label(rounds[r])
        where_zh, where_en = (f"({zh_round})", f" in {en_round}") if zh_round else ("", "")
        v, cr = float(adjustment.marks[r, e, c, j]), panel.criteria[c]
        span = f"[{cr.bottom:g}, {cr.top:g}]"
        notes.append(
            (
                int(e),
                f"评委{judges[j]}对评分项“{names[c]}”{where_zh}的调整后分值{v:.4g}"
                f"超出{span},按调整后分值计入,未截断",
                f"judge {judges[j]}'s adjusted mark {v:.4g} for criterion {names[c]!r}{where_en} "
                f"is outside {span}: counted as adjusted, not clipped",
            )
        )
    return notes


def _figure(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def adjust_dict(adjustment: Adjustment, panel: Panel, rounds: tuple[str, ...],
                judges: tuple[str, ...], e: int) -> dict[str, Any]:
    """An entrant's raw and adjusted panel figures and its judges' effects, for an explanation."""
    crit_ids = [c.id for c in panel.criteria]
    seen = ~np.isnan(adjustment.marks[:, e])  # [round, criterion, judge]
    return {
        "method": panel.adjust,
        "counts": adjustment.counts,
        "raw": _figure(adjustment.raw[e]),
        "adjusted": _figure(adjustment.adjusted[e]),
        "effects": [
            {
                "round": rounds[r] or None,
                "criterion": crit_ids[c],
                "judge": judges[j],
                "effect": float(adjustment.effects[r, c, j]),
            }
            for r, c, j in zip(*np.nonzero(seen), strict=True)
        ],
    }


def late_adjustment(scheme: Scheme, panel_ids) -> Scheme:
    """The scheme with the named panels' adjustment shown but not counted.

    For the web app, where a declaration that arrived after marking began
    must not change the result (docs/judges.md); a panel without a
    declaration is left as it is.

    >>> from bipin.scoring.scheme import Criterion
    >>> s = Scheme("c", (), panels={"p": Panel("p", (), adjust="judge_effect")})
    >>> late_adjustment(s, ["p"]).panels["p"].adjust_counts
    False
    """
    late = set(panel_ids)
    panels = {
        pid: (replace(p, adjust_counts=False) if pid in late and p.adjust != "none" else p)
        for pid, p in scheme.panels.items()
    }
    return replace(scheme, panels=panels)
