"""A panel leaf's rows as one dense array, refusing every row that cannot be scored.

``marks[round, entrant, criterion, judge]`` holds each mark times its factor
(系数), NaN where a judge gave none. A row is refused, naming its ref and the
field at fault, when its criterion is not the panel's, its factor is not a
positive number up to the panel's ``factor_max``, weighted rounds do not weigh
its round, one judge marked the same cell twice, or the mark is blank, outside
``[min, max]`` or off the criterion's step. On a panel with a scale of values
a row must name an element of the table, the same one as the other judges'
rows of its cell; its mark becomes the table's points for that element.
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
    marks: np.ndarray  # [round, entrant, criterion, judge], factor applied (or table points)
    rows: np.ndarray  # same shape: the table row of each mark, -1 for none
    # [round, entrant, criterion]: the factor applied after aggregating (factor: after), 1 else
    cell_factor: np.ndarray | None = None
    base: np.ndarray | None = None  # same: the element's base value (scale of values), else None
    elements: np.ndarray | None = None  # same: the element code of each cell


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
    """The codes present (sorted) and each code's position among them, in O(n).

    >>> [a.tolist() for a in _compact(np.array([3, 1, 2, 1]), 5)]
    [[1, 2, 3], [2, 0, 1, 0]]
    >>> [a.tolist() for a in _compact(np.array([4, 1, 4]), 5)]
    [[1, 4], [1, 0, 1]]
    >>> [a.tolist() for a in _compact(np.array([], np.int64), 2)]
    [[], []]
    """
    present = np.zeros(size, bool)
    present[codes] = True  # not a bincount: writes of one value need no count, nor order
    if present.all():
        return np.arange(size), codes  # every code present: each is its own position
    kept = np.flatnonzero(present)
    if len(kept) and kept[-1] - kept[0] == len(kept) - 1:
        # One run of codes (a panel's judges, the data rows' blank judge aside): a shift.
        return kept, codes - kept[0]
    position = np.cumsum(present) - 1
    return kept, position[codes]


def _reading(rows: np.ndarray) -> slice | np.ndarray:
    """How to read ``rows`` from a table's columns: as a slice when they are one run of
    consecutive rows, as a panel's rows usually are, so a column read is a view, not a copy."""
    n = len(rows)
    if n and rows[-1] - rows[0] == n - 1 and bool((rows[1:] > rows[:-1]).all()):
        return slice(int(rows[0]), int(rows[0]) + n)  # rising by n - 1 in n steps: by ones
    return rows


def _criteria(
    panel: Panel, table: ObservationTable, rows: np.ndarray, pick: slice | np.ndarray
) -> np.ndarray:
    index = {c.id: i for i, c in enumerate(panel.criteria)}
    item_crit = np.array([index.get(name, -1) for name in table.items], np.int64)
    c = item_crit[table.item[pick]] if len(rows) else np.zeros(0, np.int64)
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


def _check_factors(
    panel: Panel, table: ObservationTable, rows: np.ndarray, factor: np.ndarray
) -> bool:
    """Refuse a factor that is not a positive number up to ``factor_max``; whether every
    factor is 1, so that multiplying by them would change nothing."""
    if not factor.shape[0]:
        return True
    lowest, highest = factor.min(), factor.max()
    if 0 < lowest and highest <= panel.factor_max * (1 + _EPS):
        # Every factor fine (a NaN makes min() NaN and fails the test): two passes, not six.
        return bool(lowest == highest == 1.0)
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
    return False  # not reached (a factor out of bounds is refused), and multiplying is safe


def _rounds(
    panel: Panel, table: ObservationTable, rows: np.ndarray, pick: slice | np.ndarray
) -> tuple[tuple[str, ...], np.ndarray]:
    """The round axis and each row's position on it.

    Weighted rounds are the declared ones, so a round nobody has yet is still
    missing for everyone; a row in a round they do not weigh is refused.
    """
    if panel.rounds != "weighted" and len(table.rounds) == 1 and len(rows):
        # One round in the whole table (most contests): every row is on it.
        return (table.rounds[0],) if table.rounds[0] else ("",), np.zeros(len(rows), np.int64)
    codes = table.round[pick]
    if panel.rounds == "weighted":
        names = sorted(panel.round_weights, key=_natural)
    else:
        present = np.flatnonzero(np.bincount(codes, minlength=len(table.rounds)))  # O(n), no sort
        names = sorted((table.rounds[i] for i in present), key=_natural)
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


def _check_marks(panel: Panel, table: ObservationTable, rows: np.ndarray, c: np.ndarray,
                 raw: np.ndarray) -> None:
    """Refuse a blank mark (``raw``: the values of ``rows``), one outside [min, max], or one
    off the criterion's step."""
    scales = {(cr.min, cr.max, cr.step or 0.0) for cr in panel.criteria}
    if len(scales) == 1:
        # One scale for every criterion (the usual panel): numbers, not a column per row
        # gathered three times over 1,800,000 marks.
        minima, maxima, steps = (np.float64(v) for v in next(iter(scales)))
    else:
        minima = np.array([cr.min for cr in panel.criteria])[c]
        maxima = np.array([cr.max for cr in panel.criteria])[c]
        steps = np.array([cr.step or 0.0 for cr in panel.criteria])[c]
    within = (len(scales) == 1 and raw.shape[0] and raw.min() >= minima - np.abs(minima) * _EPS
              and raw.max() <= maxima * (1 + _EPS))  # a NaN makes min() NaN: not within
    with np.errstate(invalid="ignore", divide="ignore"):
        off_step: np.ndarray | bool = False
        if any(cr.step for cr in panel.criteria):  # without a step, every mark is on it
            ratio = np.where(steps > 0, raw / np.where(steps > 0, steps, 1.0), 0.0)
            # A mark must be a whole number of steps (9.5 with step 0.5), allowing float noise.
            off_step = (steps > 0) & (np.abs(ratio - np.round(ratio)) > _EPS)
        outside = False if within else (
            (raw < minima - np.abs(minima) * _EPS) | (raw > maxima * (1 + _EPS)))
    checks = (
        (False if within else np.isnan(raw), "缺少分值", "missing mark"),
        (
            outside,
            "分值{v:g}超出该评分项的范围[{lo:g}, {hi:g}]",
            "mark {v:g} outside [{lo:g}, {hi:g}] of its criterion",
        ),
        (
            off_step,
            "分值{v:g}不是评分步长的整数倍",
            "mark {v:g} is not a multiple of the criterion's step",
        ),
    )
    for bad, zh, en in checks:
        if np.any(bad):
            k = int(np.argmax(bad))
            f = {"v": raw[k], "lo": np.broadcast_to(minima, raw.shape)[k],
                 "hi": np.broadcast_to(maxima, raw.shape)[k]}
            _refuse(table, rows[k], zh.format(**f), en.format(**f), "value")


def _per_cell(
    table: ObservationTable,
    rows: np.ndarray,
    cell: np.ndarray,
    size: int,
    values: np.ndarray,
    field: str,
    zh: str,
    en: str,
) -> np.ndarray:
    """One figure per cell from its rows, refusing a row that differs from its cell's first.

    A cell's factor (``factor: after``) or element is a fact about the entrant's
    performance, not a judge's opinion: every judge's row must say the same.
    """
    out = np.full(size, np.nan)
    first = np.full(size, len(cell), np.int64)
    np.minimum.at(first, cell, np.arange(len(cell)))
    out[cell] = values[first[cell]]
    differs = values != out[cell]
    if differs.any():
        k = int(np.argmax(differs))
        _refuse(table, rows[k], zh, en, field)
    return out


def _elements(
    panel: Panel, table: ObservationTable, rows: np.ndarray, cell: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each cell's element code and base value, and each row's points from the table."""
    scale = panel.values or {}
    codes = table.column("element", rows)
    for k, code in enumerate(codes):
        if code not in scale:
            known = "、".join(scale)
            zh = (
                f"要素“{code}”不在评委组“{panel.id}”的分值表中(可用:{known})"
                if code
                else f"缺少要素代码:评委组“{panel.id}”按分值表计分"
            )
            en = (
                f"element {code!r} is not in the scale of values of panel {panel.id!r}"
                if code
                else f"no element code: panel {panel.id!r} scores by a scale of values"
            )
            _refuse(table, rows[k], zh, en, "element")
    names = list(scale)
    position = {name: k for k, name in enumerate(names)}
    index = np.array([position[code] for code in codes], float)
    cell_code = _per_cell(
        table,
        rows,
        cell,
        size,
        index,
        "element",
        "同一对象同一评分项的要素须一致(各评委所写要素不同)",
        "one element per entrant and criterion: the judges' rows name different elements",
    )
    base = np.array([scale[n].base for n in names])
    cell_base = np.where(np.isnan(cell_code), np.nan, base[np.nan_to_num(cell_code).astype(int)])
    points = np.array(
        [scale[code].points(v) for code, v in zip(codes, table.value[rows].tolist(), strict=True)]
    )
    elements = np.array([None, *names], dtype=object)[np.nan_to_num(cell_code, nan=-1).astype(int) + 1]
    return elements, cell_base, points


def _flat_index(
    shape: tuple[int, ...], r: np.ndarray, local: np.ndarray, c: np.ndarray, j: np.ndarray
) -> np.ndarray:
    """Each mark's position in the dense array, worked out in place in one array."""
    # Each index is within its axis by construction, so no bounds check (ravel_multi_index's).
    flat = np.multiply(local, shape[2], dtype=np.int64)
    if shape[0] > 1:  # with one round every r is 0
        flat += r * (shape[1] * shape[2])
    flat += c
    flat *= shape[3]
    flat += j
    return flat


def _refuse_duplicate(table: ObservationTable, rows: np.ndarray, flat: np.ndarray) -> None:
    """Refuse the first row whose cell and judge another row has too."""
    counts = np.bincount(flat)
    _refuse(
        table,
        rows[int(np.argmax(counts[flat] > 1))],
        "同一评委对同一对象同一评分项有重复打分",
        "duplicate mark by one judge for one entrant and criterion",
        "judge",
    )


def dense_marks(
    panel: Panel, table: ObservationTable, rows: np.ndarray, local: np.ndarray, n_entrants: int
) -> Dense:
    """The marks of ``rows`` (entrant positions ``local``) on the panel's axes."""
    pick = _reading(rows)
    c = _criteria(panel, table, rows, pick)
    factor = table.factor[pick]
    factors_all_one = _check_factors(panel, table, rows, factor)
    rounds, r = _rounds(panel, table, rows, pick)
    judge_codes, j = _compact(table.judge[pick], len(table.judges))
    shape = (len(rounds), n_entrants, len(panel.criteria), len(judge_codes))
    flat = _flat_index(shape, r, local, c, j)
    where = np.full(shape, -1, np.int64)
    where.ravel()[flat] = rows
    if np.count_nonzero(where >= 0) < len(rows):  # fewer cells filled than rows: a duplicate
        _refuse_duplicate(table, rows, flat)
    points = table.value[pick]
    _check_marks(panel, table, rows, c, points)
    origin = np.array([np.nan if cr.deduct_from is None else cr.deduct_from for cr in panel.criteria])
    if not np.isnan(origin).all():
        # A deduction entered (gymnastics E) counts as the mark it leaves.
        points = np.where(np.isnan(origin[c]), points, origin[c] - points)
    cell_factor = base = elements = None
    size = int(np.prod(shape[:3]))
    if panel.values is not None:
        elements, base, points = _elements(panel, table, rows, flat // shape[3], size)
        base, elements = base.reshape(shape[:3]), elements.reshape(shape[:3])
    if panel.factor_at == "after":
        cell_factor = _per_cell(
            table,
            rows,
            flat // shape[3],
            size,
            factor,
            "factor",
            "系数在汇总后相乘(factor: after),同一对象同一评分项各评委的系数须一致",
            "factor: after multiplies the aggregate: every judge's row of a cell needs one factor",
        ).reshape(shape[:3])
    elif not factors_all_one:
        points = points * factor
    # A mark in every cell (the usual day) leaves no NaN to write first.
    marks = np.empty(shape) if len(rows) == where.size else np.full(shape, np.nan)
    marks.ravel()[flat] = points
    return Dense(
        tuple(table.judges[i] for i in judge_codes), rounds, marks, where, cell_factor, base, elements
    )
