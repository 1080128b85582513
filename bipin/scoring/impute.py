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

__all__ = ["impute_by_kind", "impute_in_group", "impute_previous", "period_problem", "statistic"]

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


def impute_previous(state: _Group, previous: Sequence[tuple[int, _Group]]) -> None:
    """Fill each ``previous`` leaf with the entrant's value of the latest earlier period.

    ``previous`` holds the group scored on each earlier period's rows, latest
    first, with no missing-value policy applied: the value is the old row read
    by the leaf's rule as it stands now.
    """
    for path, o in state.leaves.items():
        how = o.imputing
        if how is None or how.stat != "previous" or o.filled is None:
            continue
        group_values = o.points[~o.filled]
        for e in (int(k) for k in np.nonzero(o.filled)[0]):
            found = next(
                ((period, float(p.leaves[path].points[e])) for period, p in previous
                 if path in p.leaves and not np.isnan(p.leaves[path].points[e])),
                None,
            )
            if found is not None:
                period, value = found
                o.points[e] = value
                o.imputed[e] = {"stat": "previous", "period": period, "value": value}
                o.warnings.append((e, f"“{o.node.id}”缺少数据,按{period}期的值{value:.4g}插补 / "
                                      f"{o.node.id!r} has no data: imputed its value {value:.4g} "
                                      f"of period {period}"))
                continue
            if how.otherwise == "refuse" or not group_values.size:
                raise ObservationError(
                    f"“{o.node.id}”缺少数据需按上期值插补,但“{state.entrants[e].id}”没有更早期间的数据"
                    ";请补数据或声明 otherwise: group",
                    f"{o.node.id!r} is to be imputed from the previous period, but "
                    f"{state.entrants[e].id!r} has no earlier row; give the data or declare "
                    "otherwise: group",
                    field="value",
                )
            o.warnings.append((e, f"“{o.node.id}”:没有更早期间的数据,改按组内中位数插补 / "
                                  f"{o.node.id!r}: no earlier period has a value, imputed the "
                                  "group median instead"))
            _fill(o, e, statistic(group_values, "median"), int(group_values.size),
                  Impute("median"), (f"“{state.group}”组内", f"of group {state.group!r}", "group"))


def period_problem(current: int | None, period: int | None) -> tuple[str, str] | None:
    """Why a row of ``period`` cannot be read under a scheme of ``current`` (None: it can).

    A row of a later period, or any period when the scheme declares none,
    would otherwise be scored as if it were this period's.

    >>> period_problem(2026, 2025) is None, period_problem(2026, 2027)[1]
    (True, 'period 2027 is later than the current period 2026: not scored')
    """
    if period is None:
        return None
    if current is None:
        return (f"数据行有期间“{period}”,但考评方案未声明本期(period)",
                f"the row has period {period}, but the scheme declares no current period (period:)")
    if period > current:
        return (f"期间{period}晚于本期{current},不能计分",
                f"period {period} is later than the current period {current}: not scored")
    return None
