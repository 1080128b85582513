"""From a leaf's observation rows to its points for every entrant of a group."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import cast

import numpy as np

from bipin.scoring.model import SOURCES, ObservationError, ObservationTable
from bipin.scoring.panels import PanelMarks, panel_marks
from bipin.scoring.ranges import check_reduced
from bipin.scoring.records import RecordRule, Rows
from bipin.scoring.rules import Rule, Scaled, ValueRule, Veto
from bipin.scoring.scheme import Node, Scheme

__all__ = ["LeafOutcome", "score_leaf"]


@dataclass
class LeafOutcome:
    """Everything computed for one leaf across a group, kept for explanations."""

    node: Node
    rows: np.ndarray  # table rows of this leaf
    local: np.ndarray  # entrant position of each row
    values: np.ndarray  # reduced value per entrant (panel total, rate, amount sum), NaN = none
    points: np.ndarray  # signed points per entrant, NaN = missing
    amounts: np.ndarray | None = None  # record rules: each row's amount
    panel: PanelMarks | None = None
    vetoed: np.ndarray | None = None
    filled: np.ndarray | None = None  # entrants whose missing value a policy filled
    policy: str | None = None
    composite: tuple[np.ndarray, np.ndarray] | None = None  # (weight, normalised value) per entrant

    @property
    def rule_dict(self) -> dict | None:
        """The rule as plain data (cached: explanations ask once per entrant)."""
        if "_rule_dict" not in self.__dict__:
            self.__dict__["_rule_dict"] = self.node.rule.describe() if self.node.rule else None
        return self.__dict__["_rule_dict"]

    warnings: list[tuple[int, str]] = field(default_factory=list)  # (entrant, message)


def _reduce(how: str, values: np.ndarray, local: np.ndarray, n: int) -> np.ndarray:
    """One value per entrant from its rows (rows sorted by entrant, round, judge)."""
    ok = ~np.isnan(values)
    v, e = values[ok], local[ok]
    count = np.bincount(e, minlength=n).astype(float)
    if how == "count":
        return np.bincount(local, minlength=n).astype(float)
    out = np.full(n, np.nan)
    has = count > 0
    if how in ("sum", "mean"):
        total = np.bincount(e, weights=v, minlength=n)
        out[has] = total[has] if how == "sum" else total[has] / count[has]
    elif how in ("min", "max"):
        ufunc = np.fmin if how == "min" else np.fmax
        ufunc.at(out, e, v)
    elif how == "last":
        last = np.full(n, -1)
        np.maximum.at(last, e, np.arange(e.shape[0]))
        out[has] = v[last[has]]
    else:
        raise ValueError(f"unknown reduction {how!r}")
    return out


def _check_sources(node: Node, table: ObservationTable, rows: np.ndarray) -> None:
    code = SOURCES.index(node.source) if node.source is not None else -1
    wrong = table.source[rows] != code
    if wrong.any():
        row = rows[int(np.argmax(wrong))]
        got = SOURCES[int(table.source[row])]
        raise ObservationError(
            f"指标“{node.id}”的来源应为 {node.source},实为 {got}",
            f"item {node.id!r} comes from {node.source}, not {got}",
            None if table.ref is None else table.ref[row],
            "source",
        )


def score_leaf(
    scheme: Scheme,
    node: Node,
    table: ObservationTable,
    rows: np.ndarray,
    local: np.ndarray,
    groups: np.ndarray,
) -> LeafOutcome:
    """Points of ``node`` for each of ``len(groups)`` entrants from its ``rows``."""
    n = groups.shape[0]
    _check_sources(node, table, rows)
    rule: Rule | None = node.rule
    full = node.points
    scorer = cast(ValueRule, rule)  # every rule that is not a record rule scores values
    if node.panel is not None:
        pm = panel_marks(scheme.panels[node.panel], table, rows, local, n)
        out = LeafOutcome(node, rows, local, pm.totals, np.full(n, np.nan), panel=pm)
        for e in np.nonzero(pm.short)[0]:
            out.warnings.append(
                (
                    int(e),
                    f"评委仅{pm.judges_counted[e]}人,少于最低{pm.panel.min_judges}人,按缺失处理 / "
                    f"only {pm.judges_counted[e]} judges, fewer than {pm.panel.min_judges}: treated as missing",
                )
            )
        for e in np.nonzero(pm.incomplete)[0]:
            out.warnings.append(
                (
                    int(e),
                    "有评委评分表未填完整,该表不计入 / a judge's sheet is incomplete and was not counted",
                )
            )
        has = ~np.isnan(pm.totals)
        if isinstance(rule, Scaled) and rule.max is None:
            # A panel total is out of the panel's full marks (times its rounds).
            scorer = replace(rule, max=pm.value_max)
        out.points[has] = scorer.score(pm.totals[has], full, groups=groups[has])
        return out
    values = table.value[rows]
    if isinstance(rule, RecordRule):
        amounts = rule.amounts(
            Rows(
                values,
                table.factor[rows],
                table.column("category", rows),
                table.column("severity", rows),
            )
        )
        total = np.bincount(local, weights=amounts, minlength=n)
        limit = rule.limit(full)
        if rule.sign < 0 and full:  # starts full, loses up to the cap, floored at 0
            points = np.maximum(full - np.minimum(total, limit), 0.0)
        else:
            points = rule.sign * np.minimum(total, limit)
        return LeafOutcome(node, rows, local, total, points, amounts=amounts)
    how = node.reduce or (rule.reduce if rule is not None else "mean")
    reduced = _reduce(how, values, local, n)
    out = LeafOutcome(node, rows, local, reduced, np.full(n, np.nan))
    has = ~np.isnan(reduced)
    if rule is None:  # a raw value for a composite node
        out.points = reduced.copy()
    elif isinstance(rule, Veto):
        out.vetoed = rule.triggered(reduced)
        out.points = np.zeros(n)
    else:
        check_reduced(node, how, reduced, table, rows, local)
        out.points[has] = scorer.score(reduced[has], full, groups=groups[has])
    return out


def apply_missing(scheme: Scheme, out: LeafOutcome, in_composite: bool = False) -> None:
    """Fill or mark missing points by the declared policy and warn for each use.

    Under a composite node the points stay NaN: the node normalises over the
    entrants with data and fills after (a raw 0 would become the best value
    of a lower-is-better column and move everyone else's).
    """
    missing = np.isnan(out.points)
    if out.vetoed is not None or not missing.any():
        return
    policy = out.node.missing or scheme.missing
    out.policy = policy
    out.filled = missing
    if in_composite and policy == "zero":
        how = ("按0分计", "scored 0")
    elif in_composite and policy == "group_mean":
        how = (
            "按组内有数据者标准化值的均值计",
            "scored the mean normalised value of the entrants with data",
        )
    elif policy == "zero":
        out.points = np.where(missing, 0.0, out.points)
        how = ("按0分计", "scored 0")
    elif policy == "group_mean":
        mean = float(np.nanmean(out.points)) if (~missing).any() else 0.0
        out.points = np.where(missing, mean, out.points)
        how = (f"按组均值{mean:.4g}计", f"scored the group mean {mean:.4g}")
    else:
        how = ("不计入,同级权重重新归一", "excluded, sibling weights renormalised")
    for e in np.nonzero(missing)[0]:
        out.warnings.append(
            (int(e), f"“{out.node.id}”缺少数据,{how[0]} / {out.node.id!r} has no data: {how[1]}")
        )
