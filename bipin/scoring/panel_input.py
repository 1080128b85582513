"""A panel leaf's rows as one dense array, refusing every row that cannot be scored.

``marks[round, entrant, criterion, judge]`` holds each mark times its factor
(系数), NaN where a judge gave none. A row is refused, naming its ref and the
field at fault, when its criterion is not the panel's, its factor is not a
positive number up to the panel's ``factor_max``, weighted rounds do not weigh
its round, one judge marked the same cell twice, or the mark is blank, outside
``[0, max]`` or off the criterion's step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from bipin.scoring.model import ObservationError, ObservationTable
from bipin.scoring.scheme import Panel

__all__ = ["Dense", "dense_marks", "round_label"]

# Relative slack for comparing floats that were typed as decimals (9.5 × 1.1).
_EPS = 1e-9


@dataclass(frozen=True)
class Dense:
    judges: tuple[str, ...]
    rounds: tuple[str, ...]  # in order: by number when named by numbers, else by name
    marks: np.ndarray  # [round, entrant, criterion, judge], factor applied
    rows: np.ndarray  # same shape: the table row of each mark, -1 for none


def _refuse(table: ObservationTable, row: int, zh: str, en: str, field: str) -> None:
    raise ObservationError(zh, en, table.ref_of(row), field)


def _natural(name: str) -> tuple:
    # "10" must come after "9": `last` carries the latest round.
    if not name:
        return (0, 0.0, "")
    if re.fullmatch(r"\d+(\.\d+)?", name):
        return (1, float(name), name)
    return (2, 0.0, name)


def round_label(name: str) -> tuple[str, str]:
    """How a round is named in messages: ("第2轮", "round 2"); ("", "") for no round."""
    if not name:
        return "", ""
    zh = f"第{name}轮" if re.fullmatch(r"\d+", name) else f"“{name}”轮"
    return zh, f"round {name}"


def _compact(codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The codes present (sorted) and each code's position among them, in O(n)."""
    present = np.bincount(codes, minlength=size) > 0
    position = np.cumsum(present) - 1
    return np.nonzero(present)[0], position[codes]


def _criteria(panel: Panel, table: ObservationTable, rows: np.ndarray) -> np.ndarray:
    index = {c.id: i for i, c in enumerate(panel.criteria)}
    item_crit = np.array([index.get(name, -1) for name in table.items], np.int64)
    c = item_crit[table.item[rows]] if len(rows) else np.zeros(0, np.int64)
    if (c < 0).any():
        row = rows[int(np.argmax(c < 0))]
        item = table.items[table.item[row]]
        _refuse(
            table,
            row,
            f"评分项“{item}”不属于评委组“{panel.id}”",
            f"criterion {item!r} is not on panel {panel.id!r}",
            "item",
        )
    return c


def _check_factors(panel: Panel, table: ObservationTable, rows: np.ndarray) -> None:
    factor = table.factor[rows]
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(factor) | (factor <= 0)
        over = ~bad & (factor > panel.factor_max * (1 + _EPS))
    if bad.any():
        k = int(np.argmax(bad))
        _refuse(
            table,
            rows[k],
            f"系数{factor[k]:g}须为正数",
            f"factor {factor[k]:g} must be a positive number",
            "factor",
        )
    if over.any():
        k = int(np.argmax(over))
        f, top = factor[k], panel.factor_max
        _refuse(
            table,
            rows[k],
            f"系数{f:g}超过评委组“{panel.id}”的最大系数{top:g}(请在评委组中声明 factor_max)",
            f"factor {f:g} above the factor_max {top:g} of panel {panel.id!r} "
            "(declare factor_max on the panel to allow it)",
            "factor",
        )


def _rounds(
    panel: Panel, table: ObservationTable, rows: np.ndarray
) -> tuple[tuple[str, ...], np.ndarray]:
    """The round axis and each row's position on it.

    Weighted rounds are the declared ones, so a round nobody has yet is still
    missing for everyone; a row in a round they do not weigh is refused.
    """
    codes = table.round[rows]
    if panel.rounds == "weighted":
        names = sorted(panel.round_weights, key=_natural)
    else:
        names = sorted((table.rounds[i] for i in np.unique(codes)), key=_natural)
    position = {name: k for k, name in enumerate(names)}
    lookup = np.array([position.get(name, -1) for name in table.rounds], np.int64)
    r = lookup[codes] if len(rows) else np.zeros(0, np.int64)
    if (r < 0).any():
        row = rows[int(np.argmax(r < 0))]
        name = table.rounds[table.round[row]]
        zh_known, en_known = f"(可用:{'、'.join(names)})", f" (use one of {', '.join(names)})"
        if name:
            zh = f"轮次“{name}”不在评委组按权重合并的轮次中{zh_known}"
            en = f"round {name!r} is not one the panel weighs{en_known}"
        else:
            zh = f"未写轮次:评委组按权重合并各轮{zh_known}"
            en = f"no round given: the panel weighs its rounds{en_known}"
        _refuse(table, row, zh, en, "round")
    return tuple(names) or ("",), r


def _check_marks(panel: Panel, table: ObservationTable, rows: np.ndarray, c: np.ndarray) -> None:
    """Refuse a blank mark, one outside [0, max], or one off the criterion's step."""
    raw = table.value[rows]
    maxima = np.array([cr.max for cr in panel.criteria])[c]
    steps = np.array([cr.step or 0.0 for cr in panel.criteria])[c]
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(steps > 0, raw / np.where(steps > 0, steps, 1.0), 0.0)
        # A mark must be a whole number of steps (9.5 with step 0.5), allowing float noise.
        off_step = (steps > 0) & (np.abs(ratio - np.round(ratio)) > _EPS)
        outside = (raw < 0) | (raw > maxima * (1 + _EPS))
    checks = (
        (np.isnan(raw), "缺少分值", "missing mark"),
        (outside, "分值{v:g}超出该评分项满分范围", "mark {v:g} outside [0, max] of its criterion"),
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
            _refuse(table, rows[k], zh.format(v=v), en.format(v=v), "value")


def dense_marks(
    panel: Panel, table: ObservationTable, rows: np.ndarray, local: np.ndarray, n_entrants: int
) -> Dense:
    """The marks of ``rows`` (entrant positions ``local``) on the panel's axes."""
    c = _criteria(panel, table, rows)
    _check_factors(panel, table, rows)
    rounds, r = _rounds(panel, table, rows)
    judge_codes, j = _compact(table.judge[rows], len(table.judges))
    shape = (len(rounds), n_entrants, len(panel.criteria), len(judge_codes))
    flat = np.ravel_multi_index((r, local, c, j), shape)
    counts = np.bincount(flat, minlength=int(np.prod(shape)))
    if counts.size and counts.max() > 1:
        _refuse(
            table,
            rows[int(np.argmax(counts[flat] > 1))],
            "同一评委对同一对象同一评分项有重复打分",
            "duplicate mark by one judge for one entrant and criterion",
            "judge",
        )
    _check_marks(panel, table, rows, c)
    where = np.full(shape, -1, np.int64)
    where.ravel()[flat] = rows
    marks = np.full(shape, np.nan)
    marks.ravel()[flat] = table.value[rows] * table.factor[rows]
    return Dense(tuple(table.judges[i] for i in judge_codes), rounds, marks, where)
