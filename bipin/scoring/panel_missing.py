"""Criteria and rounds nobody marked: the panel's missing policy, cell by cell, said aloud.

A *cell* is one criterion of one round for one entrant. A cell is missing when
no counted mark lies in it (nobody marked the criterion, the entrant has no
marks in that round, or the round had fewer judges than ``min_judges``). The
policy decides each missing cell on its own, so the other criteria and rounds
keep their marks:

- ``zero``: the cell is worth 0;
- ``group_mean``: the cell takes the mean value of that criterion in that round
  among the group's entrants who have it (0 when nobody has);
- ``exclude``: the cell is left out and the entrant's present cells are scaled
  up to the panel's full reach, as a ``sum`` node scales present siblings.

Rounds combine by the panel's ``rounds``: ``sum`` adds every round the group
has, ``weighted`` weighs the declared rounds, ``last`` carries the latest round
in which the entrant has a counted mark.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from bipin.scoring.panel_input import round_label
from bipin.scoring.rounding import round_array
from bipin.scoring.scheme import Panel

__all__ = ["Filled", "fill_missing"]

Note = tuple[int, str, str]  # (entrant, message_zh, message_en), the item is added by the caller


@dataclass(frozen=True)
class Filled:
    totals: np.ndarray  # [entrant] panel totals, NaN when the entrant has no counted cell
    criteria: np.ndarray  # [entrant, criterion] values shown (rounds averaged, fills included)
    missing: np.ndarray  # [round, entrant, criterion] cells the policy decided
    fill: np.ndarray  # same shape: the value given to a missing cell (NaN: excluded)
    reach: float  # how many sheets' full marks the rounds add up to
    notes: list[Note]


def _nanmean(values: np.ndarray, axis: int) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN slice is NaN, as meant
        return np.nanmean(values, axis=axis)


def _round_weights(panel: Panel, rounds: tuple[str, ...], has: np.ndarray) -> np.ndarray:
    """Weight of each round for each entrant, [round, entrant]."""
    R, E = has.shape[:2]
    if panel.rounds == "last":
        counted = has.any(axis=2)
        latest = R - 1 - np.argmax(counted[::-1], axis=0)
        carried = np.where(counted.any(axis=0), latest, -1)
        return (np.arange(R)[:, None] == carried[None, :]).astype(float)
    if panel.rounds == "weighted":
        weights = np.array([panel.round_weights.get(r, 0.0) for r in rounds])
    else:
        weights = np.ones(R)
    return weights[:, None] * has.any(axis=(0, 2))[None, :]


def _group_means(panel: Panel, values: np.ndarray, has: np.ndarray) -> np.ndarray:
    """Each criterion's mean value per round among the entrants who have it; NaN: nobody."""
    means = _nanmean(np.where(has, values, np.nan), axis=1)
    return means if panel.decimals is None else round_array(means, panel.decimals)


_EXCLUDED = (
    "不计入,已评分的评分项按比例计满分",
    "excluded: the marked criteria carry the full marks",
)


def _one_cell(policy: str, mean: float) -> tuple[str, str]:
    if policy == "zero":
        return "按0分计", "scored 0"
    if policy == "exclude":
        return _EXCLUDED
    if np.isnan(mean):
        return "组内无人有此评分,按0分计", "nobody in the group has it: scored 0"
    return f"按组均值{mean:.4g}计", f"scored the group mean {mean:.4g}"


def _whole_round(policy: str, names: list[str], means: np.ndarray) -> tuple[str, str]:
    if policy != "group_mean":
        return _one_cell(policy, 0.0)
    zh = "、".join(
        f"{n} 0(组内无人有此评分)" if np.isnan(m) else f"{n} {m:.4g}"
        for n, m in zip(names, means, strict=True)
    )
    en = ", ".join(
        f"{n} 0 (nobody in the group has it)" if np.isnan(m) else f"{n} {m:.4g}"
        for n, m in zip(names, means, strict=True)
    )
    return f"各评分项按组均值计({zh})", f"each criterion scored the group mean ({en})"


def _notes(
    panel: Panel,
    rounds: tuple[str, ...],
    missing: np.ndarray,
    means: np.ndarray,
    rho: np.ndarray,
    policy: str,
) -> list[Note]:
    names = [c.id for c in panel.criteria]
    notes: list[Note] = []
    for r, e in zip(*np.nonzero(missing.any(axis=2)), strict=True):
        zh_round, en_round = round_label(rounds[r])
        cells = np.nonzero(missing[r, e])[0]
        if zh_round and len(cells) == len(names):
            zh, en = _whole_round(policy, names, means[r])
            notes.append((int(e), f"{zh_round}无评分,{zh}", f"no marks in {en_round}: {en}"))
            continue
        where_zh = f"({zh_round})" if zh_round else ""
        where_en = f" in {en_round}" if en_round else ""
        for c in cells:
            zh, en = _one_cell(policy, means[r, c])
            notes.append(
                (
                    int(e),
                    f"评分项“{names[c]}”{where_zh}无评分,{zh}",
                    f"criterion {names[c]!r}{where_en} has no marks: {en}",
                )
            )
    if panel.rounds == "last":
        carried = np.where(rho.any(axis=0), np.argmax(rho, axis=0), -1)
        for e in np.nonzero(carried >= 0)[0]:
            kept_zh, kept_en = round_label(rounds[carried[e]])
            for r in range(carried[e] + 1, len(rounds)):
                zh_round, en_round = round_label(rounds[r])
                notes.append(
                    (
                        int(e),
                        f"{zh_round}无评分,沿用{kept_zh}",
                        f"no marks in {en_round}: {kept_en} carried",
                    )
                )
    return notes


def fill_missing(
    panel: Panel,
    rounds: tuple[str, ...],
    values: np.ndarray,
    has: np.ndarray,
    round_totals: np.ndarray,
    policy: str,
) -> Filled:
    """Totals per entrant from cell ``values`` [round, entrant, criterion].

    ``has`` marks the cells with a counted value; ``round_totals`` [round,
    entrant] are the weighted sums of those cells as the panel aggregates them.
    """
    weight = np.array([c.weight for c in panel.criteria])
    top = np.array([c.top * c.weight for c in panel.criteria])
    rho = _round_weights(panel, rounds, has)
    scope = rho > 0
    scored = has.any(axis=(0, 2))
    missing = scope[:, :, None] & ~has
    # Only group_mean fills cells with the group's means, or names them in its notes.
    means = (
        _group_means(panel, values, has)
        if policy == "group_mean"
        else np.full((values.shape[0], values.shape[2]), np.nan)
    )
    if policy == "zero":
        fill = np.where(missing, 0.0, np.nan)
    elif policy == "group_mean":
        fill = np.where(missing, np.nan_to_num(means)[:, None, :], np.nan)
    else:
        fill = np.full(missing.shape, np.nan)
    filled = round_totals + (np.nan_to_num(fill) * weight).sum(axis=2)
    totals = (rho * filled).sum(axis=0)
    if policy == "exclude":
        reach = (rho[:, :, None] * top).sum(axis=(0, 2))
        present = (rho[:, :, None] * has * top).sum(axis=(0, 2))
        with np.errstate(invalid="ignore", divide="ignore"):
            totals = np.where(present > 0, totals * reach / present, np.nan)
    totals = np.where(scored, totals, np.nan)
    shown = np.where(has, values, fill)
    criteria = _nanmean(np.where(scope[:, :, None], shown, np.nan), axis=0)
    if not scored.all():  # an entrant without a counted cell shows the marks it has
        criteria = np.where(scored[:, None], criteria, _nanmean(values, axis=0))
    if panel.rounds == "weighted":
        rounds_reach = float(sum(panel.round_weights.get(r, 0.0) for r in rounds))
    else:
        rounds_reach = 1.0 if panel.rounds == "last" else float(len(rounds))
    return Filled(
        totals,
        criteria,
        missing,
        fill,
        rounds_reach,
        _notes(panel, rounds, missing, means, rho, policy),
    )
