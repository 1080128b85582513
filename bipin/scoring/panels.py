"""Judges' marks: trimmed means and friends, vectorised over all entrants.

Marks sit in a dense array ``marks[round, entrant, criterion, judge]`` (NaN
where a judge gave no mark: recusal, absence), built and checked by
:mod:`bipin.scoring.panel_input`. Aggregation runs along the judge axis for
every entrant and criterion at once, and records which marks were counted, so
an explanation can say whose mark was dropped. Criteria and rounds nobody
marked are decided by the panel's missing policy (:mod:`bipin.scoring.panel_missing`),
and every decision becomes a note that names the criterion, round or judge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from bipin.scoring.model import Observation, ObservationError, ObservationTable, Source
from bipin.scoring.panel_adjust import Adjustment, adjust_marks, adjust_notes
from bipin.scoring.panel_explain import mark_dicts
from bipin.scoring.panel_input import Dense, dense_marks, round_label
from bipin.scoring.panel_missing import fill_missing
from bipin.scoring.rounding import round_array
from bipin.scoring.scheme import SUMMING, Panel, Scheme

__all__ = [
    "PanelMarks",
    "PanelResult",
    "aggregate_marks",
    "counted_marks",
    "drops",
    "panel_marks",
    "score_panel",
]

# A rounding step: (stage, figures before, figures after); the arrays are
# [round, entrant, criterion] for "criterion" and "entrant" on criteria,
# [round, entrant, judge] for "judge", [round, entrant] for "entrant" on sheets.
Step = tuple[str, np.ndarray, np.ndarray]


def drops(
    method: str, n: np.ndarray, trim: int = 1, trim_min_judges: int = 3, middle: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """How many marks each end loses for rows of ``n`` marks, and whether the rule can apply.

    ``trimmed`` falls back to the mean below ``trim_min_judges``; the summing
    trims (``trimmed_sum``, ``middle``) cannot: a sum of 3 and a sum of 4 are
    different scales, so such a row is impossible and the caller refuses it.

    >>> [a.tolist() for a in drops("middle", np.array([7, 5, 6, 2]), middle=3)]
    [[2, 1, 1, 0], [True, True, False, False]]
    """
    n = np.asarray(n)
    if method == "trimmed":
        return np.where(n >= max(trim_min_judges, 2 * trim + 1), trim, 0), np.ones(n.shape, bool)
    if method == "trimmed_sum":
        return np.full(n.shape, trim), n >= 2 * trim + 1
    if method == "middle":
        return np.maximum(n - middle, 0) // 2, (n >= middle) & ((n - middle) % 2 == 0)
    return np.zeros(n.shape, np.int64), np.ones(n.shape, bool)


# Up to this many judges, comparing every pair of a row's marks finds their places in a stable
# sort faster than sorting each row (on 1,800,000 marks: 5 ms against 24 ms for 9 judges, 14
# against 26 for 30); the comparisons grow as the square of the judges, a sort does not.
_PAIRWISE_JUDGES = 32


def _stable_positions(marks: np.ndarray) -> np.ndarray:
    """Each mark's place in its row sorted stably, equal marks in judge order (rows × judges).

    >>> _stable_positions(np.array([[8.0, 7, 8, 9]])).tolist()
    [[1, 0, 2, 3]]
    """
    judges = marks.shape[1]
    if judges > _PAIRWISE_JUDGES:
        order = np.argsort(marks, axis=1, kind="stable")
        position = np.empty_like(order)
        np.put_along_axis(position, order, np.arange(judges)[None, :], axis=1)
        return position
    # Judge-major, each comparison of two judges' marks is one pass over contiguous memory.
    by_judge = np.ascontiguousarray(marks.T)
    place = np.zeros(by_judge.shape, np.int8)
    for j in range(1, judges):
        # A mark comes after every lower mark and after an equal one of an earlier judge.
        earlier_first = by_judge[:j] <= by_judge[j]
        place[j] += earlier_first.sum(axis=0, dtype=np.int8)
        place[:j] += ~earlier_first
    return np.ascontiguousarray(place.T)


def _ends(marks: np.ndarray, valid: np.ndarray, n: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The ``k`` lowest and ``k`` highest marks of each row: among equal marks the first
    lowest and the last highest in judge order, as a stable sort puts them. Blanks, sorted
    after every mark, come out as ends too: the caller counts only the marks given."""
    position = _stable_positions(np.where(valid, marks, np.inf))
    return (position < k[:, None]) | (position >= (n - k)[:, None])


def _complete(marks: np.ndarray, valid: np.ndarray, method: str) -> bool:
    """Whether every row has all its judges' marks (the usual day) and ``method`` keeps the
    middle of them: then every row drops as many marks and nothing is counted row by row."""
    # In C order the kept marks are added in the order the general path adds them.
    return (
        method in ("mean", "trimmed", *SUMMING)
        and marks.size > 0
        and marks.flags.c_contiguous
        and bool(valid.all())
    )


def _aggregate_complete(marks: np.ndarray, method: str, k: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`aggregate_marks` of rows that all have every mark and drop ``k`` at each end."""
    judges = marks.shape[1]
    position = _stable_positions(marks)
    used = (position >= k) & (position < judges - k)
    total = np.where(used, marks, 0.0).sum(axis=1)
    return (total if method in SUMMING else total / (judges - 2 * k)), used


def aggregate_marks(
    marks: np.ndarray, method: str, trim: int = 1, trim_min_judges: int = 3, middle: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Aggregate each row of ``marks`` (rows × judges, NaN = no mark).

    Returns the values (NaN for a row without marks) and a mask of the marks
    counted. ``trimmed`` drops the ``trim`` highest and lowest marks, but only
    in rows with at least ``trim_min_judges`` marks; other rows take the mean.
    ``trimmed_sum`` drops as many and adds the rest; ``middle`` adds the
    ``middle`` marks in the middle (7 marks, middle 3: the 2 highest and 2
    lowest are dropped). A row where a summing trim cannot apply is NaN.
    Among equal marks, the dropped one is the first (lowest) or last (highest)
    in judge order; the value does not depend on which.

    >>> v, used = aggregate_marks(np.array([[7.0, 9, 8, 1, np.nan]]), "trimmed", 1, 3)
    >>> v.tolist(), used.tolist()
    ([7.5], [[True, False, True, False, False]])
    >>> aggregate_marks(np.array([[7.0, 9]]), "trimmed", 1, 3)[0].tolist()
    [8.0]
    >>> aggregate_marks(np.array([[8.0, 7.5, 8, 8.5, 7, 9, 6]]), "middle", middle=3)[0].tolist()
    [23.5]
    """
    marks = np.asarray(marks, dtype=float)
    valid = ~np.isnan(marks)
    if _complete(marks, valid, method):
        k, ok = drops(method, np.array(marks.shape[1]), trim, trim_min_judges, middle)
        if ok:
            return _aggregate_complete(marks, method, int(k))
    return _aggregate_rows(marks, valid, method, trim, trim_min_judges, middle)


def _aggregate_rows(
    marks: np.ndarray, valid: np.ndarray, method: str, trim: int, trim_min_judges: int, middle: int
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`aggregate_marks` of any rows, each with its own number of marks (``valid``)."""
    n = valid.sum(axis=1)
    k, ok = drops(method, n, trim, trim_min_judges, middle)
    used = valid & ok[:, None] & ~_ends(marks, valid, n, k)
    counted = used.sum(axis=1)
    total = np.where(used, marks, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method in SUMMING:
            values = np.where((n > 0) & ok, total, np.nan)
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
    marks: np.ndarray  # [round, entrant, criterion, judge], factor applied (adjusted if it counts)
    rows: np.ndarray  # same shape: the table row of each mark, -1 for none
    used: np.ndarray  # same shape: counted in the aggregate
    criteria: np.ndarray  # [entrant, criterion] per-criterion values (rounds combined)
    totals: np.ndarray  # [entrant] panel totals, NaN when missing
    judges_counted: np.ndarray  # [entrant] distinct judges counted
    short: np.ndarray  # [entrant] no round had the panel's minimum of judges
    value_max: float = 0.0  # the largest total the panel can give: its scale
    policy: str = "zero"  # for criteria nobody marked, see panel_missing
    missing: np.ndarray = field(default_factory=lambda: np.zeros((0, 0, 0), bool))
    fill: np.ndarray = field(default_factory=lambda: np.zeros((0, 0, 0)))
    notes: list[tuple[int, str, str]] = field(default_factory=list)  # (entrant, zh, en)
    adjustment: Adjustment | None = None  # when the panel declares ``adjust``
    steps: list[Step] = field(default_factory=list)  # each rounding, in the order applied
    dense: Dense | None = None  # the cells' factors (factor: after), base values, elements


def item_note(item: str, zh: str, en: str) -> str:
    """A panel note as a warning that names the item (the caller adds group and entrant)."""
    return f"“{item}”{zh} / {item!r}: {en}"


def _rounded(panel: Panel, stage: str, values: np.ndarray, steps: list[Step]) -> np.ndarray:
    """``values`` rounded if the panel rounds at ``stage``, the step recorded for the explanation."""
    if panel.decimals is None or panel.rounding_stage != stage:
        return values
    after = round_array(values, panel.decimals)
    steps.append((stage, values, after))
    return after


def _by_criterion(
    panel: Panel, dense: Dense, marks: np.ndarray, steps: list[Step]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each criterion aggregated across judges, then weighted and added (``on: criterion``).

    The order is the rulebook's: aggregate (rounded at ``entrant``), × the
    cell's factor (``factor: after``), + the element's base value, × weight
    (rounded at ``criterion``), added.
    """
    R, E, C, J = marks.shape
    values, used = aggregate_marks(
        marks.reshape(R * E * C, J), panel.aggregate, panel.trim, panel.trim_min_judges,
        panel.middle,
    )
    values = _rounded(panel, "entrant", values.reshape(R, E, C), steps)
    if dense.cell_factor is not None:
        values = values * dense.cell_factor
    if dense.base is not None:
        # 5.30 − 0.61 is 4.69 on paper; drop the float noise the sum adds, nothing more.
        values = np.round(values + dense.base, 9)
    w = np.array([c.weight for c in panel.criteria])
    # Rounded at "criterion", the parts are what the total adds; the criterion's
    # own figure stays as aggregated, and the explanation shows each part's rounding.
    parts = _rounded(panel, "criterion", values * w, steps)
    return values, used.reshape(marks.shape), np.nan_to_num(parts).sum(axis=2)


def _by_sheet(
    panel: Panel, marks: np.ndarray, complete: np.ndarray, steps: list[Step]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each judge's complete sheet totalled, then the sheets aggregated (``on: sheet``)."""
    R, E, C, J = marks.shape
    w = np.array([c.weight for c in panel.criteria])
    sheets = np.where(complete, (np.nan_to_num(marks) * w[:, None]).sum(axis=2), np.nan)
    sheets = _rounded(panel, "judge", sheets, steps)
    totals, used_j = aggregate_marks(
        sheets.reshape(R * E, J), panel.aggregate, panel.trim, panel.trim_min_judges,
        panel.middle,
    )
    totals = _rounded(panel, "entrant", totals.reshape(R, E), steps)
    used = used_j.reshape(R, E, 1, J) & ~np.isnan(marks)
    count = used.sum(axis=3)
    summed = np.where(used, marks, 0.0).sum(axis=3)
    with np.errstate(invalid="ignore", divide="ignore"):
        # A criterion's part of the total: the sum of its marks for a summing panel.
        values = summed if panel.aggregate in SUMMING else summed / count
    return np.where(count > 0, values, np.nan), used, np.nan_to_num(totals)


def _refuse_impossible(
    panel: Panel, table: ObservationTable, dense: Dense, n: np.ndarray, counted: np.ndarray
) -> None:
    """Refuse a cell (or sheet set) whose number of marks the summing trim cannot take.

    ``n`` is [round, entrant, criterion] marks per cell, or [round, entrant, 1]
    sheets; rounds below ``min_judges`` are missing anyway and not refused.
    """
    _, ok = drops(panel.aggregate, n, panel.trim, panel.trim_min_judges, panel.middle)
    bad = (n > 0) & ~ok & counted[:, :, None]
    if not bad.any():
        return
    r, e, c = (int(i[0]) for i in np.nonzero(bad))
    cells = dense.rows[r, e] if n.shape[2] == 1 else dense.rows[r, e, c : c + 1]
    row = int(cells[cells >= 0].min())
    k = int(n[r, e, c])
    rule_zh, rule_en = (
        (f"去掉最高、最低各{panel.trim}个后相加,至少需{2 * panel.trim + 1}个评分",
         f"trimmed_sum drops {panel.trim} at each end and needs at least {2 * panel.trim + 1}")
        if panel.aggregate == "trimmed_sum"
        else (f"取中间{panel.middle}个相加,评分个数须为{panel.middle}加偶数",
              f"middle {panel.middle} needs {panel.middle} marks plus an even number")
    )
    raise ObservationError(
        f"评委组“{panel.id}”此处有{k}个评分:{rule_zh}(可用 min_judges 将评委不足的轮次按缺失处理)",
        f"panel {panel.id!r} has {k} marks here: {rule_en} "
        "(min_judges treats a round with too few judges as missing)",
        table.ref_of(row),
        "judge",
    )


def _blank_notes(
    panel: Panel, rounds: tuple[str, ...], judges: tuple[str, ...], blank: np.ndarray
) -> list[tuple[int, str, str]]:
    """A judge who marked an entrant but left a criterion blank that others marked."""
    if not blank.any():  # one pass, not a reduction along the criteria, on the usual day
        return []
    names = [c.id for c in panel.criteria]
    notes = []
    for r, e, j in zip(*np.nonzero(blank.any(axis=2)), strict=True):
        zh_round, en_round = round_label(rounds[r])
        where_zh, where_en = (f"({zh_round})", f" in {en_round}") if zh_round else ("", "")
        cells = [names[c] for c in np.nonzero(blank[r, e, :, j])[0]]
        if panel.on == "sheet":
            listed = ", ".join(repr(c) for c in cells)
            notes.append(
                (
                    int(e),
                    f"评委{judges[j]}的评分表{where_zh}缺评分项"
                    + "、".join(f"“{c}”" for c in cells)
                    + ",该表不计入",
                    f"judge {judges[j]}'s sheet{where_en} lacks "
                    f"{'criterion' if len(cells) == 1 else 'criteria'} {listed} and was not counted",
                )
            )
            continue
        for c in cells:
            notes.append(
                (
                    int(e),
                    f"评委{judges[j]}未给评分项“{c}”{where_zh}打分,该项按其他评委计",
                    f"judge {judges[j]} gave no mark for criterion {c!r}{where_en}: "
                    "it uses the other judges' marks",
                )
            )
    return notes


def _judge_notes(
    panel: Panel, rounds: tuple[str, ...], per_round: np.ndarray, counted: np.ndarray
) -> list[tuple[int, str, str]]:
    """Rounds, or whole entrants, with fewer judges than the panel's minimum."""
    m = panel.min_judges
    notes = []
    scored_somewhere = counted.any(axis=0)
    for e in np.nonzero((per_round > 0).any(axis=0) & ~scored_somewhere)[0]:
        n = int(per_round[:, e].max())
        notes.append(
            (
                int(e),
                f"评委仅{n}人,少于最低{m}人,按缺失处理",
                f"only {n} judges, fewer than {m}: treated as missing",
            )
        )
    for r, e in zip(*np.nonzero((per_round > 0) & ~counted & scored_somewhere), strict=True):
        zh_round, en_round = round_label(rounds[r])
        n = int(per_round[r, e])
        notes.append(
            (
                int(e),
                f"{zh_round}评委仅{n}人,少于最低{m}人,该轮按缺失处理",
                f"{en_round} has only {n} judges, fewer than {m}: the round is treated as missing",
            )
        )
    return notes


def _summed_judges(
    panel: Panel, rounds: tuple[str, ...], used: np.ndarray, has: np.ndarray
) -> tuple[int, list[tuple[int, str, str]]]:
    """A summing panel's reach in judges, and each entrant-round summing fewer."""
    if panel.aggregate not in SUMMING:
        return 1, []
    counts = used.sum(axis=3)
    most = max(int(counts.max(initial=0)), 1)
    fewest = np.where(has, counts, most).min(axis=2, initial=most)
    notes = []
    for r, e in zip(*np.nonzero(fewest < most), strict=True):
        zh_round, en_round = round_label(rounds[r])
        n = int(fewest[r, e])
        notes.append(
            (
                int(e),
                f"{zh_round}仅{n}位评委的评分相加,满分按{most}位评委计",
                f"{en_round + ': ' if en_round else ''}only {n} judges' marks are summed; "
                f"full marks count {most} judges",
            )
        )
    return most, notes


def panel_marks(
    panel: Panel,
    table: ObservationTable,
    rows: np.ndarray,
    local: np.ndarray,
    n_entrants: int,
    missing: str | None = None,
) -> PanelMarks:
    """Aggregate the rows of one panel leaf; ``local`` maps rows to entrant positions.

    ``missing`` is the policy for criteria nobody marked when the panel declares
    none (the leaf's or the scheme's); without either, ``zero``. A panel that
    declares ``adjust`` is aggregated twice, from raw and from adjusted marks;
    the one that counts is returned, carrying both figures.
    """
    dense = dense_marks(panel, table, rows, local, n_entrants)
    policy = panel.missing or missing or "zero"
    if panel.adjust == "none":
        return _aggregated(panel, table, dense, dense.marks, policy)
    effects, adjusted_marks, outside = adjust_marks(panel, dense.marks)
    raw = _aggregated(panel, table, dense, dense.marks, policy)
    adjusted = _aggregated(panel, table, dense, adjusted_marks, policy)
    out = adjusted if panel.adjust_counts else raw
    out.adjustment = Adjustment(
        effects, adjusted_marks, outside, raw.totals, adjusted.totals, panel.adjust_counts
    )
    out.notes += adjust_notes(panel, dense.rounds, dense.judges, out.adjustment)
    return out


def _aggregated(
    panel: Panel, table: ObservationTable, dense: Dense, marks: np.ndarray, policy: str
) -> PanelMarks:
    marked = ~np.isnan(marks)
    everything = marks.size > 0 and bool(marked.all())  # every judge marked everything
    # [round, entrant, judge]: the judge marked the entrant, as every judge did on the usual day
    active = np.ones(marks.shape[:2] + marks.shape[3:], bool) if everything else marked.any(axis=2)
    per_round = active.sum(axis=2)
    counted = per_round >= max(panel.min_judges, 1)
    if everything:  # nobody abstained
        blank = np.zeros(marks.shape, bool)
    else:
        # A blank where another judge marked is that judge's abstention from the criterion.
        blank = (active[:, :, None, :] & ~marked & marked.any(axis=3)[..., None]
                 & counted[:, :, None, None])
    steps: list[Step] = []
    if panel.on == "sheet":
        complete = active & ~blank.any(axis=2)
        _refuse_impossible(panel, table, dense, complete.sum(axis=2)[..., None], counted)
        values, used, round_totals = _by_sheet(panel, marks, complete, steps)
    else:
        if panel.aggregate in SUMMING:  # only a summing trim has cells it cannot take
            _refuse_impossible(panel, table, dense, marked.sum(axis=3), counted)
        values, used, round_totals = _by_criterion(panel, dense, marks, steps)
    used &= counted[:, :, None, None]
    has = ~np.isnan(values) & counted[:, :, None]
    filled = fill_missing(
        panel, dense.rounds, values, has, np.where(counted, round_totals, 0.0), policy
    )
    summed, sum_notes = _summed_judges(panel, dense.rounds, used, has)
    short = (per_round > 0).any(axis=0) & ~counted.any(axis=0)
    return PanelMarks(
        panel,
        dense.rounds,
        dense.judges,
        marks,
        dense.rows,
        used,
        filled.criteria,
        filled.totals,
        np.where(
            counted.any(axis=0),
            (active & counted[:, :, None]).any(axis=0).sum(axis=1),
            active.any(axis=0).sum(axis=1),
        ),
        short,
        panel.full * panel.factor_max * filled.reach * summed,
        policy,
        filled.missing,
        filled.fill,
        _judge_notes(panel, dense.rounds, per_round, counted)
        + _blank_notes(panel, dense.rounds, dense.judges, blank)
        + filled.notes
        + sum_notes,
        steps=steps,
        dense=dense,
    )


@dataclass(frozen=True)
class PanelResult:
    """One entrant's panel outcome, as the live big screen shows it."""

    total: float | None
    criteria: Mapping[str, float | None]
    dropped: tuple[Observation, ...]
    judges_counted: int
    explanation: list[dict]
    warnings: tuple[str, ...] = ()  # what was decided for missing marks, by whom, where


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
    leaf = next((n for n in scheme.leaves(Source.PANEL) if n.id == item_id), None)
    policy = (leaf.missing if leaf is not None else None) or scheme.missing
    pm = panel_marks(panel, table, rows, np.zeros(len(table), np.int64), 1, policy)
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
    return PanelResult(
        total,
        criteria,
        tuple(dropped),
        int(pm.judges_counted[0]),
        explanation,
        tuple(item_note(item_id, zh, en) for _, zh, en in pm.notes),
    )


def counted_marks(pm: PanelMarks) -> np.ndarray:
    """Each entrant's counted marks, best first, padded with -inf: [entrant, mark].

    A countback compares these in turn. A mark is as counted: times its factor
    (after the aggregate too, with ``factor: after``), or the table's points on a
    panel with a scale of values. An entrant with fewer counted marks loses
    once its marks run out.
    """
    marks = pm.marks
    if pm.dense is not None and pm.dense.cell_factor is not None:
        marks = marks * pm.dense.cell_factor[..., None]
    # 7.5 × 3.2 and 8 × 3.0 are both 24 on paper; float noise must not separate them.
    counted = np.where(pm.used, np.round(marks, 9), -np.inf)
    E = counted.shape[1]
    flat = -np.sort(-np.moveaxis(counted, 1, 0).reshape(E, -1), axis=1)
    return flat[:, np.isfinite(flat).any(axis=0)]
