"""From a leaf's observation rows to its points for every entrant of a group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import cast

import numpy as np

from bipin.scoring.model import SOURCES, ObservationError, ObservationTable
from bipin.scoring.panels import PanelMarks, item_note, panel_marks
from bipin.scoring.ranges import check_reduced, value_range
from bipin.scoring.records import RecordRule, Rows
from bipin.scoring.rules import Rule, Scaled, ValueRule, Veto
from bipin.scoring.scheme import Impute, Node, Scheme

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
    imputing: Impute | None = None  # the imputation declared, when policy is "impute"
    imputed: dict[int, dict] = field(default_factory=dict)  # entrant -> how its value was estimated
    composite: tuple[np.ndarray, np.ndarray] | None = None  # (weight, normalised value) per entrant
    # Composite treatments of the raw value: (method, before, after, changed mask)
    # per step, method "winsorised", "log" or "goalpost".
    treated: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    per: tuple[np.ndarray, np.ndarray] | None = None  # (value before, denominator) of a rate
    multiplied: np.ndarray | None = None  # a multiplier's factor per entrant (1: not its kind)
    derived: dict[str, np.ndarray] | None = None  # a formula's inputs, reduced, per entrant

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
            table.ref_of(row),
            "source",
        )


def score_leaf(
    scheme: Scheme,
    node: Node,
    table: ObservationTable,
    rows: np.ndarray,
    local: np.ndarray,
    groups: np.ndarray,
    per: np.ndarray | None = None,
    kinds: Sequence[str | None] = (),
) -> LeafOutcome:
    """Points of ``node`` for each of ``len(groups)`` entrants from its ``rows``.

    ``per``: each entrant's denominator when the leaf declares one; ``kinds``:
    the entrants' kinds (类型), read by a leaf's multiplier.
    """
    n = groups.shape[0]
    _check_sources(node, table, rows)
    rule: Rule | None = node.rule
    full = node.points
    scorer = cast(ValueRule, rule)  # every rule that is not a record rule scores values
    if node.panel is not None:
        pm = panel_marks(
            scheme.panels[node.panel], table, rows, local, n, node.missing or scheme.missing
        )
        out = LeafOutcome(node, rows, local, pm.totals, np.full(n, np.nan), panel=pm)
        out.warnings += [(e, item_note(node.id, zh, en)) for e, zh, en in pm.notes]
        has = ~np.isnan(pm.totals)
        if isinstance(rule, Scaled) and rule.max is None:
            # Out of what the panel can give: full marks × factor_max × rounds (× judges).
            scorer = replace(rule, max=pm.value_max)
        adjusted = pm.adjustment is not None and pm.adjustment.counts
        if isinstance(scorer, Scaled):
            # The raw totals are what the inputs must keep within the scale;
            # an adjusted total beyond it is warned mark by mark (panel_adjust).
            raw = pm.adjustment.raw if pm.adjustment is not None else pm.totals
            _check_scale(node, scorer, raw, table, rows, local)
        if adjusted and isinstance(scorer, Scaled):
            out.points[has] = scorer.proportional(pm.totals[has], full)
        else:
            out.points[has] = scorer.score(pm.totals[has], full, groups=groups[has])
        return out
    values = table.value[rows]
    if isinstance(rule, RecordRule):
        scale = None
        if node.multiplier is not None:
            scale = node.multiplier.factors(list(kinds) or [None] * n)
        return _score_records(node, rule, table, rows, local, n, scale)
    how = node.reduce or (rule.reduce if rule is not None else "mean")
    if node.formula is not None:
        return _score_derived(node, scorer, how, table, rows, local, groups)
    reduced = _reduce(how, values, local, n)
    before = reduced
    if node.per is not None and per is not None:
        reduced, how = _rate(node, reduced, per), "per"
    out = LeafOutcome(node, rows, local, reduced, np.full(n, np.nan))
    if node.per is not None and per is not None:
        out.per = (before, per)
        for e in np.nonzero(~np.isnan(before) & np.isnan(reduced))[0]:
            out.warnings.append((int(e), item_note(
                node.id, f"分母“{node.per[0]}”为0或缺失,按缺失处理",
                f"its denominator {node.per[0]!r} is 0 or missing: treated as missing")))
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


def _rate(node: Node, value: np.ndarray, per: np.ndarray) -> np.ndarray:
    """value ÷ denominator × scale; NaN where the denominator is 0 or missing."""
    scale = node.per[1] if node.per is not None else 1.0
    ok = ~np.isnan(per) & (per != 0)
    return np.divide(value * scale, per, out=np.full(value.shape, np.nan), where=ok)


def _score_derived(
    node: Node,
    scorer: ValueRule,
    how: str,
    table: ObservationTable,
    rows: np.ndarray,
    local: np.ndarray,
    groups: np.ndarray,
) -> LeafOutcome:
    """A derived leaf: each input reduced per entrant, the formula, then the rule.

    A missing input or a division by zero leaves the value missing, for the
    missing policy to fill with its own warning; this one says why.
    """
    assert node.formula is not None
    n = groups.shape[0]
    names = np.asarray(table.items, dtype=object)[table.item[rows]] if len(rows) else np.zeros(0, object)
    inputs = {}
    for name in node.formula.inputs:
        mine = names == name
        inputs[name] = _reduce(how, table.value[rows[mine]], local[mine], n)
    value, why = node.formula.evaluate(inputs)
    out = LeafOutcome(node, rows, local, value, np.full(n, np.nan), derived=inputs)
    text = node.formula.text
    for e in np.nonzero(why != "")[0]:
        if why[e] == "zero":
            zh, en = f"按公式 {text} 计算时除数为0", f"{text} divides by zero"
        else:
            absent = [k for k, v in inputs.items() if np.isnan(v[e])]
            zh = f"按公式 {text} 计算缺少输入项{'、'.join(absent)}"
            en = f"{text} lacks its input {', '.join(absent)}"
        out.warnings.append((int(e), item_note(node.id, zh + ",视为缺少数据", en + ": no value")))
    found = value_range(node)
    bad = found.outside(value) if found is not None else np.zeros(n, bool)
    if bad.any():
        # A computed value is checked like an entered one: refused, never clipped.
        e = int(np.argmax(bad))
        row = _first_row(rows, local, e)
        who = table.entrants[table.entrant[row]]
        raise ObservationError(
            f"参评对象“{who}”的“{node.id}”按公式 {text} 算得{value[e]:g},"
            f"超出有效范围{found.text}({found.why_zh})",
            f"{node.id!r}: {who}'s value by {text} is {value[e]:g}, outside its valid range "
            f"{found.text} ({found.why_en})",
            table.ref_of(row),
            "value",
        )
    has = ~np.isnan(value)
    out.points[has] = scorer.score(value[has], node.points, groups=groups[has])
    return out


def _first_row(rows: np.ndarray, local: np.ndarray, e: int) -> int:
    return int(rows[int(np.argmax(local == e))])


def _check_scale(
    node: Node,
    rule: Scaled,
    values: np.ndarray,
    table: ObservationTable,
    rows: np.ndarray,
    local: np.ndarray,
) -> None:
    """Refuse a value outside ``[0, max]`` of a scaled leaf, naming the entrant and item.

    Clipping it would give different entrants the same full points unseen.
    """
    top = rule.top
    with np.errstate(invalid="ignore"):
        bad = ~np.isnan(values) & ((values < 0) | (values > top * (1 + 1e-9)))
    if bad.any():
        e = int(np.argmax(bad))
        row = _first_row(rows, local, e)
        who, v = table.entrants[table.entrant[row]], float(values[e])
        raise ObservationError(
            f"参评对象“{who}”的“{node.id}”为{v:g},超出计分满分{top:g}(scaled max)",
            f"{node.id}: {who}'s value {v:g} is outside [0, {top:g}] of its scaled max",
            table.ref_of(row),
            "value",
        )


def _score_records(
    node: Node,
    rule: RecordRule,
    table: ObservationTable,
    rows: np.ndarray,
    local: np.ndarray,
    n: int,
    scale: np.ndarray | None = None,
) -> LeafOutcome:
    """Amounts per row, summed per entrant; a leaf with points stays within them.

    ``scale`` multiplies each entrant's rows (扣分加倍) before the cap, which
    still bounds what the leaf takes: the rulebook's 最多扣 is about the item.
    """
    found = Rows(
        table.value[rows],
        table.factor[rows],
        table.column("category", rows),
        table.column("severity", rows),
    )
    unpriced = rule.unpriced(found)
    if unpriced and not rule.charges_unpriced:
        k, field_, zh, en = unpriced[0]
        raise ObservationError(zh, en, table.ref_of(rows[k]), field_)
    amounts = rule.amounts(found)
    if scale is not None:
        amounts = amounts * scale[local]
    total = np.bincount(local, weights=amounts, minlength=n)
    full = node.points
    limit = rule.limit(full)
    if rule.sign < 0 and full:  # an item inside its parent: starts full, loses up to its points
        points = full - np.minimum(total, limit)  # limit <= full: never below 0
    else:
        points = rule.sign * np.minimum(total, limit)
    out = LeafOutcome(node, rows, local, total, points, amounts=amounts, multiplied=scale)
    for e in np.nonzero(total > limit + 1e-9)[0]:
        # The cap is the rulebook's; saying it keeps a capped record from vanishing unseen.
        zh = f"记录合计{total[e]:g}超过上限{limit:g},按{limit:g}计"
        en = f"records total {total[e]:g}, above its cap {limit:g}: counted as {limit:g}"
        out.warnings.append((int(e), item_note(node.id, zh, en)))
    each = rule.each  # only a rule that charges unpriced rows reaches the loop: it has each
    for k, _, zh, en in unpriced:
        out.warnings.append(
            (
                int(local[k]),
                item_note(node.id, f"{zh},按每项{each:g}分扣", f"{en}: charged each {each:g}"),
            )
        )
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
    out.filled = missing
    if isinstance(policy, Impute):
        # Filled by impute_in_group, or once every group is scored (by kind).
        out.policy, out.imputing = "impute", policy
        return
    out.policy = policy
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
