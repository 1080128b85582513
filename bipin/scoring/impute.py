"""Imputation: a missing value estimated from the entrants that have one.

The JRC/OECD handbook's single imputation by an unconditional mean or
median, over the ranking group or over an outside grouping (the entrants'
类型 across every group). The estimate fills the leaf's points (for a
rule-less composite leaf, its raw value) before anything is combined, so a
composite normalises it like data; the entrant is still counted as having no
data for coverage and awards, and every estimate is warned and explained.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from bipin.scoring.leaves import LeafOutcome
from bipin.scoring.model import Entrant, ObservationError
from bipin.scoring.scheme import Impute

__all__ = ["impute_by_kind", "impute_in_group", "statistic"]

_STAT = {"mean": ("均值", "mean"), "median": ("中位数", "median")}


def statistic(values: np.ndarray, stat: str) -> float:
    """The mean or the median (the middle value; mean of the two middle ones).

    >>> statistic(np.array([1.0, 2.0, 9.0]), "median"), statistic(np.array([1.0, 2.0, 9.0]), "mean")
    (2.0, 4.0)
    """
    return float(np.median(values) if stat == "median" else np.mean(values))


def _fill(
    out: LeafOutcome, e: int, value: float, donors: int, how: Impute, among: tuple[str, str, str]
) -> None:
    """``among``: (said in Chinese, said in English, "kind" or "group" the donors share)."""
    out.points[e] = value
    out.imputed[e] = {"stat": how.stat, "by": among[2], "value": value, "donors": donors}
    zh, en = _STAT[how.stat]
    out.warnings.append((e, f"“{out.node.id}”缺少数据,按{among[0]}{donors}个有数据者的{zh}{value:.4g}插补 / "
                            f"{out.node.id!r} has no data: imputed the {en} {value:.4g} of the {donors} "
                            f"entrants {among[1]} with data"))


def _refuse(out: LeafOutcome, among: str, among_en: str) -> ObservationError:
    return ObservationError(
        f"“{out.node.id}”缺少数据需插补,但{among}没有参评对象有数据;请补数据或改用其他缺失值处理",
        f"{out.node.id!r} is to be imputed, but no entrant {among_en} has data; give the data "
        "or declare another missing-value policy",
        field="value",
    )


def impute_in_group(out: LeafOutcome, how: Impute, group: str) -> None:
    """Fill every missing entrant with the statistic of the group's entrants with data."""
    missing = np.nonzero(out.filled)[0] if out.filled is not None else ()
    have = out.points[~out.filled] if out.filled is not None else out.points
    if not len(missing):
        return
    among = (f"“{group}”组内", f"of group {group!r}", "group")
    if not have.size:
        raise _refuse(out, among[0], among[1])
    value = statistic(have, how.stat)
    for e in missing:
        _fill(out, int(e), value, int(have.size), how, among)


class _Group(Protocol):
    group: str
    entrants: list[Entrant]
    leaves: dict[str, LeafOutcome]


def impute_by_kind(states: Sequence[_Group]) -> None:
    """Fill each ``by: kind`` leaf from the entrants of the same 类型 in every group.

    Runs once every group's leaves are scored: donors come from all groups.
    An entrant with no kind, or whose kind has no donor, falls back as declared.
    """
    paths = {p for s in states for p, o in s.leaves.items() if _kind_policy(o) is not None}
    for path in sorted(paths):
        pool: dict[str | None, list[float]] = {}
        for s in states:
            o = s.leaves.get(path)
            if o is None:
                continue
            for e, person in enumerate(s.entrants):
                if o.filled is None or not o.filled[e]:
                    pool.setdefault(person.kind, []).append(float(o.points[e]))
        for s in states:
            o = s.leaves.get(path)
            how = _kind_policy(o) if o is not None else None
            if o is None or how is None or o.filled is None:
                continue
            for e in np.nonzero(o.filled)[0]:
                kind = s.entrants[int(e)].kind
                donors = np.array(pool.get(kind, []) if kind is not None else [])
                if donors.size:
                    among = (f"类型“{kind}”", f"of kind {kind!r}", "kind")
                    _fill(o, int(e), statistic(donors, how.stat), int(donors.size), how, among)
                    continue
                said = f"类型“{kind}”" if kind else "无类型者"
                said_en = f"of kind {kind!r}" if kind else "(it has no kind)"
                if how.otherwise == "refuse":
                    raise _refuse(o, said, said_en)
                have = o.points[~o.filled]
                if not have.size:
                    raise _refuse(o, f"{said}及“{s.group}”组内", f"{said_en} nor of group {s.group!r}")
                o.warnings.append((int(e), f"“{o.node.id}”:{said}没有参评对象有数据,改按组内插补 / "
                                           f"{o.node.id!r}: no entrant {said_en} has data, imputed "
                                           "within the group instead"))
                _fill(o, int(e), statistic(have, how.stat), int(have.size), how,
                      (f"“{s.group}”组内", f"of group {s.group!r}", "group"))


def _kind_policy(o: LeafOutcome | None) -> Impute | None:
    how = o.imputing if o is not None else None
    return how if how is not None and how.by == "kind" else None
