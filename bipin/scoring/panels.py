"""Judges' marks: trimmed means and friends, vectorised over all entrants.

Marks sit in a dense array ``marks[round, entrant, criterion, judge]`` (NaN
where a judge gave no mark: recusal, absence). Aggregation runs along the judge
axis for every entrant and criterion at once, and records which marks were
counted, so an explanation can say whose mark was dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from bipin.scoring.model import Observation, ObservationError, ObservationTable
from bipin.scoring.rounding import round_array
from bipin.scoring.scheme import Panel, Scheme

__all__ = ["PanelMarks", "PanelResult", "aggregate_marks", "score_panel"]


def aggregate_marks(
    marks: np.ndarray, method: str, trim: int = 1, trim_min_judges: int = 3
) -> tuple[np.ndarray, np.ndarray]:
    """Aggregate each row of ``marks`` (rows × judges, NaN = no mark).

    Returns the values (NaN for a row without marks) and a mask of the marks
    counted. ``trimmed`` drops the ``trim`` highest and lowest marks, but only
    in rows with at least ``trim_min_judges`` marks; other rows take the mean.
    Among equal marks, the dropped one is the first (lowest) or last (highest)
    in judge order; the value does not depend on which.

    >>> v, used = aggregate_marks(np.array([[7.0, 9, 8, 1, np.nan]]), "trimmed", 1, 3)
    >>> v.tolist(), used.tolist()
    ([7.5], [[True, False, True, False, False]])
    >>> aggregate_marks(np.array([[7.0, 9]]), "trimmed", 1, 3)[0].tolist()
    [8.0]
    """
    marks = np.asarray(marks, dtype=float)
    valid = ~np.isnan(marks)
    n = valid.sum(axis=1)
    filled = np.where(valid, marks, 0.0)
    if method == "trimmed":
        k = np.where(n >= max(trim_min_judges, 2 * trim + 1), trim, 0)
        order = np.argsort(np.where(valid, marks, np.inf), axis=1, kind="stable")
        position = np.empty_like(order)
        np.put_along_axis(position, order, np.arange(marks.shape[1])[None, :], axis=1)
        used = valid & (position >= k[:, None]) & (position < (n - k)[:, None])
    else:
        used = valid
    counted = used.sum(axis=1)
    total = np.where(used, filled, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "sum":
            values = np.where(n > 0, total, np.nan)
        elif method == "median":
            sorted_marks = np.sort(np.where(valid, marks, np.inf), axis=1)
            rows = np.arange(marks.shape[0])
            lo = sorted_marks[rows, np.maximum((n - 1) // 2, 0)]
            hi = sorted_marks[rows, np.maximum(n // 2, 0)]
            values = np.where(n > 0, (lo + hi) / 2.0, np.nan)
        elif method in ("mean", "trimmed"):
            values = np.where(counted > 0, total / counted, np.nan)
        else:
            raise ValueError(f"unknown aggregation {method!r}")
    return values, used


@dataclass
class PanelMarks:
    """A panel leaf's marks and their aggregation, for every entrant of a group."""

    panel: Panel
    rounds: tuple[str, ...]
    judges: tuple[str, ...]
    marks: np.ndarray  # [round, entrant, criterion, judge], factor applied
    rows: np.ndarray  # same shape: the table row of each mark, -1 for none
    used: np.ndarray  # same shape: counted in the aggregate
    criteria: np.ndarray  # [entrant, criterion] per-criterion values (rounds combined)
    totals: np.ndarray  # [entrant] panel totals, NaN when missing
    judges_counted: np.ndarray  # [entrant] distinct judges counted
    short: np.ndarray  # [entrant] fewer judges than the panel's minimum
    value_max: float = 0.0
    incomplete: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # half-filled sheets


def _compact(codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The codes present (sorted) and each code's position among them, in O(n)."""
    present = np.bincount(codes, minlength=size) > 0
    position = np.cumsum(present) - 1
    return np.nonzero(present)[0], position[codes]


def _check_marks(
    panel: Panel,
    table: ObservationTable,
    rows: np.ndarray,
    c: np.ndarray,
    values: np.ndarray,
    maxima: np.ndarray,
) -> None:
    """Refuse a blank mark, one outside [0, max], or one off the criterion's step."""
    raw = table.value[rows]
    steps = np.array([cr.step or 0.0 for cr in panel.criteria])[c]
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(steps > 0, raw / np.where(steps > 0, steps, 1.0), 0.0)
    # A mark must be a whole number of steps (9.5 with step 0.5), allowing float noise.
    off_step = (steps > 0) & (np.abs(ratio - np.round(ratio)) > 1e-9)
    checks = (
        (np.isnan(values), "缺少分值", "missing mark"),
        (
            (values < 0) | (values > maxima + 1e-9),
            "分值{v:g}超出该评分项满分范围",
            "mark {v:g} outside [0, max] of its criterion",
        ),
        (
            off_step,
            "分值{v:g}不是评分步长的整数倍",
            "mark {v:g} is not a multiple of the criterion's step",
        ),
    )
    for bad, zh, en in checks:
        if bad.any():
            k = int(np.argmax(bad))
            v = raw[k]
            raise ObservationError(zh.format(v=v), en.format(v=v), _ref(table, rows[k]), "value")


def _dense(
    panel: Panel, table: ObservationTable, rows: np.ndarray, local: np.ndarray, n_entrants: int
) -> tuple:
    crit_index = {c.id: i for i, c in enumerate(panel.criteria)}
    item_crit = np.array([crit_index.get(name, -1) for name in table.items], np.int64)
    c = item_crit[table.item[rows]]
    judge_codes, j = _compact(table.judge[rows], len(table.judges))
    round_codes, r = _compact(table.round[rows], len(table.rounds))
    # With no marks at all there is still one (empty) round, so every entrant is missing.
    shape = (max(len(round_codes), 1), n_entrants, len(panel.criteria), len(judge_codes))
    flat = np.ravel_multi_index((r, local, c, j), shape)
    counts = np.bincount(flat, minlength=int(np.prod(shape)))
    if counts.size and counts.max() > 1:
        dup = rows[int(np.argmax(counts[flat] > 1))]
        raise ObservationError(
            "同一评委对同一对象同一评分项有重复打分",
            "duplicate mark by one judge for one entrant and criterion",
            _ref(table, dup),
            "judge",
        )
    values = table.value[rows] * table.factor[rows]
    maxima = np.array([cr.max for cr in panel.criteria])[c] * table.factor[rows]
    _check_marks(panel, table, rows, c, values, maxima)
    where = np.full(shape, -1, np.int64)
    where.ravel()[flat] = rows
    marks = np.full(shape, np.nan)
    marks.ravel()[flat] = values
    return (
        tuple(table.judges[i] for i in judge_codes),
        tuple(table.rounds[i] for i in round_codes) or ("",),
        marks,
        where,
    )


def _ref(table: ObservationTable, row: int) -> str | None:
    return None if table.ref is None else table.ref[row]


def panel_marks(
    panel: Panel, table: ObservationTable, rows: np.ndarray, local: np.ndarray, n_entrants: int
) -> PanelMarks:
    """Aggregate the rows of one panel leaf; ``local`` maps rows to entrant positions."""
    judges, rounds, marks, where = _dense(panel, table, rows, local, n_entrants)
    R, E, C, J = marks.shape
    partial = np.zeros(E, bool)
    w = np.array([c.weight for c in panel.criteria])
    d = panel.decimals
    if panel.on == "sheet":
        # A sheet counts only when complete; a half-filled sheet is no sheet.
        complete = ~np.isnan(marks).any(axis=2)
        partial = (complete != ~np.isnan(marks).all(axis=2)).any(axis=(0, 2))
        sheets = np.where(complete, (np.nan_to_num(marks) * w[:, None]).sum(axis=2), np.nan)
        if d is not None and panel.rounding_stage == "judge":
            sheets = round_array(sheets, d)
        totals_r, used_j = aggregate_marks(
            sheets.reshape(R * E, J), panel.aggregate, panel.trim, panel.trim_min_judges
        )
        used = used_j.reshape(R, E, 1, J) & ~np.isnan(marks)
        with np.errstate(invalid="ignore"):
            crit = np.where(used, marks, 0).sum(axis=3) / used.sum(axis=3)
        totals_r = totals_r.reshape(R, E)
        if d is not None and panel.rounding_stage == "entrant":
            totals_r = round_array(totals_r, d)
    else:
        crit, used_c = aggregate_marks(
            marks.reshape(R * E * C, J), panel.aggregate, panel.trim, panel.trim_min_judges
        )
        crit = crit.reshape(R, E, C)
        if d is not None:
            crit = round_array(crit, d)
        used = used_c.reshape(R, E, C, J)
        totals_r = np.where(
            np.isnan(crit).any(axis=2), np.nan, (np.nan_to_num(crit) * w).sum(axis=2)
        )
    judges_counted = (~np.isnan(marks)).any(axis=(0, 2)).sum(axis=1)
    short = judges_counted < panel.min_judges
    totals, value_max = _combine_rounds(panel, rounds, totals_r)
    totals = np.where(short, np.nan, totals)
    crit_all = np.nanmean(crit, axis=0) if R > 1 else crit[0]
    return PanelMarks(
        panel,
        rounds,
        judges,
        marks,
        where,
        used,
        crit_all,
        totals,
        judges_counted,
        short,
        value_max,
        partial,
    )


def _combine_rounds(
    panel: Panel, rounds: tuple[str, ...], totals: np.ndarray
) -> tuple[np.ndarray, float]:
    """One total per entrant from the per-round totals (rounds sorted by name)."""
    full = panel.full
    if panel.rounds == "weighted":
        w = np.array([panel.round_weights.get(r, 0.0) for r in rounds])
        return np.where(
            np.isnan(totals).all(axis=0), np.nan, (np.nan_to_num(totals) * w[:, None]).sum(axis=0)
        ), full * float(sum(panel.round_weights.values()))
    if panel.rounds == "last":
        present = ~np.isnan(totals)
        last = totals.shape[0] - 1 - np.argmax(present[::-1], axis=0)
        return totals[last, np.arange(totals.shape[1])], full
    with np.errstate(invalid="ignore"):
        return np.where(
            np.isnan(totals).all(axis=0), np.nan, np.nansum(totals, axis=0)
        ), full * len(rounds)


@dataclass(frozen=True)
class PanelResult:
    """One entrant's panel outcome, as the live big screen shows it."""

    total: float | None
    criteria: Mapping[str, float | None]
    dropped: tuple[Observation, ...]
    judges_counted: int
    explanation: list[dict]


def score_panel(scheme: Scheme, item_id: str, marks: Iterable[Observation]) -> PanelResult:
    """Aggregate one entrant's sheets with the scheme's panel rule and rounding.

    >>> from bipin.scoring import parse_scheme
    >>> s = parse_scheme({"contest": "c", "panels": {"p": {"aggregate": "trimmed",
    ...     "criteria": [{"id": "x", "max": 10}]}}, "dimensions": [{"name": "d",
    ...     "indicators": [{"name": "演讲", "points": 10, "source": "panel", "panel": "p"}]}]})
    >>> obs = [Observation("a", "panel", "x", v, judge=j) for j, v in zip("ABCD", [9, 7, 8, 2])]
    >>> r = score_panel(s, "演讲", obs)
    >>> r.total, [o.judge for o in r.dropped], r.judges_counted
    (7.5, ['A', 'D'], 4)
    """
    panel = scheme.panel(item_id)
    observations = list(marks)
    table = ObservationTable.from_observations(observations)
    if len(table.entrants) > 1:
        raise ValueError(f"score_panel takes one entrant's marks, got {len(table.entrants)}")
    rows = np.arange(len(table))
    pm = panel_marks(panel, table, rows, np.zeros(len(table), np.int64), 1)
    explanation = mark_dicts(pm, table, 0)
    dropped = [
        observations[pm.rows[r, 0, c, j]]
        for r, c, j in zip(*np.nonzero((pm.rows[:, 0] >= 0) & ~pm.used[:, 0]), strict=True)
    ]
    total = None if np.isnan(pm.totals[0]) else float(pm.totals[0])
    criteria = {
        c.id: (None if np.isnan(v) else float(v))
        for c, v in zip(panel.criteria, pm.criteria[0], strict=True)
    }
    return PanelResult(total, criteria, tuple(dropped), int(pm.judges_counted[0]), explanation)


def mark_dicts(pm: PanelMarks, table: ObservationTable, e: int) -> list[dict]:
    """An entrant's marks as plain data for an explanation, in round, criterion, judge order."""
    r, c, j = np.nonzero(pm.rows[:, e] >= 0)
    rows = pm.rows[r, e, c, j]
    refs = table.column("ref", rows)
    crit_ids = [cr.id for cr in pm.panel.criteria]
    return [
        {
            "judge": pm.judges[jj],
            "criterion": crit_ids[cc],
            "round": pm.rounds[rr] or None,
            "mark": mark,
            "factor": factor,
            "counted": counted,
            "ref": ref,
        }
        for rr, cc, jj, mark, factor, counted, ref in zip(
            r.tolist(),
            c.tolist(),
            j.tolist(),
            table.value[rows].tolist(),
            table.factor[rows].tolist(),
            pm.used[r, e, c, j].tolist(),
            refs,
            strict=True,
        )
    ]
