"""Validate the panel, grade and award sections of a scheme."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bipin.scoring.reader import Reader
from bipin.scoring.scheme import (
    ADJUSTMENTS,
    AGGREGATIONS,
    MISSING_POLICIES,
    Criterion,
    ElementValue,
    GradeLevel,
    Panel,
)

__all__ = ["parse_levels", "parse_panel"]

PANEL_KEYS = ("criteria", "aggregate", "trim", "trim_min_judges", "min_judges", "on", "rounding",
              "rounds", "factor_max", "missing", "adjust", "timer", "middle", "factor", "values")
CRITERION_KEYS = ("id", "name", "min", "max", "weight", "step", "descriptor", "deduct_from")
VALUE_KEYS = ("base", "goe")
LEVEL_KEYS = {"thresholds": ("name", "min"), "quota": ("name", "share", "count")}


def parse_panel(r: Reader, panel_id: str, data: Any, path: str) -> Panel:
    data = r.mapping(data, path)
    r.keys(data, path, PANEL_KEYS)
    criteria = []
    for i, c in enumerate(r.items(data.get("criteria"), f"{path}.criteria")):
        where = f"{path}.criteria[{i}]"
        c = r.mapping(c, where)
        r.keys(c, where, CRITERION_KEYS)
        name = r.text(c, "name") or r.text(c, "id")
        if not name:
            r.add(f"{where}.name", "缺少名称", "missing name")
        criteria.append(
            Criterion(
                id=r.text(c, "id") or name,
                name=name,
                max=r.number(c, "max", where, 0.0, minimum=0, strict=True) or 0.0,
                weight=r.number(c, "weight", where, 1.0, minimum=0, strict=True),
                step=r.number(c, "step", where, None, minimum=0, strict=True),
                descriptor=r.text(c, "descriptor"),
                min=r.number(c, "min", where, 0.0) or 0.0,
                deduct_from=r.number(c, "deduct_from", where, None),
            )
        )
        deduct_from = criteria[-1].deduct_from
        if deduct_from is not None and c.get("max") is not None and deduct_from < criteria[-1].max:
            r.add(
                f"{where}.deduct_from",
                f"扣分起点{deduct_from:g}小于最大扣分{criteria[-1].max:g},扣后会成负分",
                f"deduct_from {deduct_from:g} is below the largest deduction "
                f"{criteria[-1].max:g}: a mark would go negative",
            )
        if c.get("max") is None:
            r.add(f"{where}.max", "缺少满分", "missing max")
        elif criteria[-1].min >= criteria[-1].max:
            r.add(
                f"{where}.min",
                f"最低分{criteria[-1].min:g}须小于满分{criteria[-1].max:g}",
                f"min {criteria[-1].min:g} must be below max {criteria[-1].max:g}",
            )
    if not criteria:
        r.add(f"{path}.criteria", "至少需要一个评分项", "needs at least one criterion")
    rounding = r.mapping(data.get("rounding"), f"{path}.rounding")
    r.keys(rounding, f"{path}.rounding", ("decimals", "stage"))
    rounds = data.get("rounds", "sum")
    rounds = (
        r.mapping(rounds, f"{path}.rounds") if not isinstance(rounds, str) else {"mode": rounds}
    )
    r.keys(rounds, f"{path}.rounds", ("mode", "weights"))
    weights = {
        str(k): r.number(rounds.get("weights", {}), k, f"{path}.rounds.weights", minimum=0)
        for k in r.mapping(rounds.get("weights"), f"{path}.rounds.weights")
    }
    timer = r.number(data, "timer", path, None, minimum=1, integer=True)
    panel = Panel(
        id=panel_id,
        criteria=tuple(criteria),
        aggregate=r.choice(data, "aggregate", path, AGGREGATIONS, "mean"),
        trim=r.number(data, "trim", path, 1, minimum=0, integer=True),
        trim_min_judges=r.number(data, "trim_min_judges", path, 0, minimum=0, integer=True),
        min_judges=r.number(data, "min_judges", path, 1, minimum=1, integer=True),
        on=r.choice(data, "on", path, ("criterion", "sheet"), "criterion"),
        decimals=r.number(rounding, "decimals", f"{path}.rounding", None, minimum=0, integer=True),
        rounding_stage=r.choice(
            rounding, "stage", f"{path}.rounding", ("criterion", "judge", "entrant"), "entrant"
        ),
        rounds=r.choice(rounds, "mode", f"{path}.rounds", ("sum", "weighted", "last"), "sum"),
        round_weights=weights,
        factor_max=r.number(data, "factor_max", path, 1.0, minimum=0, strict=True) or 1.0,
        missing=(
            r.choice(data, "missing", path, MISSING_POLICIES, "zero")
            if data.get("missing") is not None
            else None
        ),
        adjust=r.choice(data, "adjust", path, ADJUSTMENTS, "none"),
        timer=int(timer) if timer is not None else None,
        middle=r.number(data, "middle", path, None, minimum=1, integer=True) or 0,
        factor_at=r.choice(data, "factor", path, ("mark", "after"), "mark"),
    )
    if data.get("values") is not None:
        panel = Panel(**{**panel.__dict__, "values": _values(r, panel, data["values"], path)})
    _check_adjust(r, panel, path)
    _check_order(r, panel, data, path)
    if panel.on == "criterion" and panel.rounding_stage == "judge":
        r.add(
            f"{path}.rounding.stage",
            "judge 阶段舍入的是评委评分表合计,仅适用于 on: sheet;按评分项汇总请用 entrant",
            "stage judge rounds each judge's sheet total, which only on: sheet has; use entrant",
        )
    if panel.rounds == "weighted" and not weights:
        r.add(
            f"{path}.rounds.weights", "按权重合并轮次须给出各轮权重", "weighted rounds need weights"
        )
    # Trimming k from each end needs at least 2k + 1 marks to leave one.
    needed = 2 * panel.trim + 1
    if panel.aggregate == "trimmed" and panel.trim_min_judges < needed:
        panel = Panel(**{**panel.__dict__, "trim_min_judges": needed})
    return panel


def _check_order(r: Reader, panel: Panel, data: Mapping, path: str) -> None:
    """Refuse combinations whose order of operations the panel cannot follow."""
    if panel.aggregate == "middle" and not panel.middle:
        r.add(f"{path}.middle", "aggregate: middle 须给出相加的中间分个数", "aggregate middle needs middle: k")
    if panel.aggregate != "middle" and data.get("middle") is not None:
        r.add(f"{path}.middle", "middle 仅用于 aggregate: middle", "middle is for aggregate: middle only")
    sheetless = (
        (panel.factor_at == "after", "factor", "factor: after", "factor: after"),
        (panel.rounding_stage == "criterion", "rounding.stage", "criterion 阶段舍入", "stage criterion"),
        (panel.values is not None, "values", "分值表(values)", "a scale of values"),
    )
    for bad, key, zh, en in sheetless:
        if bad and panel.on == "sheet":
            # These act on one criterion's aggregate, which on: sheet never forms.
            r.add(
                f"{path}.{key}",
                f"{zh}作用于每个评分项的汇总,仅适用于 on: criterion",
                f"{en} acts on each criterion's aggregate, which only on: criterion has",
            )
    if panel.values is not None and panel.factor_max != 1.0:
        r.add(
            f"{path}.factor_max",
            "带分值表的评委组不接受系数:要素的分值已在表中",
            "a panel with a scale of values takes no factor: the table gives the points",
        )


def _values(r: Reader, panel: Panel, data: Any, path: str) -> dict[str, ElementValue]:
    """A scale of values: ``{code: {base, goe}}``, goe per step or one figure per step."""
    where = f"{path}.values"
    if isinstance(data, str):
        r.add(
            where,
            f"分值表文件“{data}”只能在从文件读取方案时读取(路径相对于方案文件)",
            f"the table file {data!r} is read only when the scheme is loaded from a file "
            "(its path is relative to the scheme)",
        )
        return {}
    scales = {(c.min, c.max, c.step) for c in panel.criteria}
    lo, hi, step = next(iter(scales)) if scales else (0.0, 0.0, None)
    if len(scales) > 1 or not step:
        # One GOE scale for every element slot, so a per-step list reads one way.
        r.add(
            where,
            "带分值表的评委组,各评分项须有相同的 min、max 和 step",
            "a panel with a scale of values needs the same min, max and step on every criterion",
        )
        return {}
    marks = [lo + k * step for k in range(round((hi - lo) / step) + 1)]
    table: dict[str, ElementValue] = {}
    for code, line in r.mapping(data, where).items():
        at = f"{where}.{code}"
        line = r.mapping(line, at)
        r.keys(line, at, VALUE_KEYS)
        base = r.number(line, "base", at, None, minimum=0)
        if base is None:
            r.add(f"{at}.base", "缺少基础分值", "missing base value")
        goe = line.get("goe")
        if isinstance(goe, list):
            if len(goe) != len(marks):
                r.add(
                    f"{at}.goe",
                    f"须逐级给出{len(marks)}个分值(从{lo:g}到{hi:g})",
                    f"needs {len(marks)} figures, one per step from {lo:g} to {hi:g}",
                )
                continue
            figures = [r.number({"v": g}, "v", f"{at}.goe[{i}]", None) for i, g in enumerate(goe)]
            steps = {round(m, 9): float(f or 0.0) for m, f in zip(marks, figures, strict=True)}
            table[str(code)] = ElementValue(str(code), base or 0.0, steps=steps)
        else:
            per_step = r.number(line, "goe", at, None)
            if per_step is None:
                r.add(f"{at}.goe", "缺少每级分值", "missing the points per step (goe)")
            table[str(code)] = ElementValue(str(code), base or 0.0, per_step=per_step)
    if not table and not r.problems:
        r.add(where, "分值表为空", "the scale of values is empty")
    return table


def _check_adjust(r: Reader, panel: Panel, path: str) -> None:
    """Severity adjustment needs marks on one scale that are averaged (docs/scheme.md)."""
    if panel.adjust == "none":
        return
    if panel.aggregate == "sum":
        # Each judge's mark is a separate share of a summed total (diving); a
        # judge who did not mark leaves a share out, which no severity explains.
        r.add(
            f"{path}.adjust",
            "评委宽严调整只适用于取平均的评委组(mean、median、trimmed),不适用于 aggregate: sum",
            "judge_effect adjusts averaged panels (mean, median, trimmed), not aggregate: sum",
        )
    if panel.values is not None:
        # Each slot holds different elements for different entrants: no common scale.
        r.add(
            f"{path}.adjust",
            "评委宽严调整不适用于分值表评分(各对象的要素不同)",
            "judge_effect cannot adjust a scale of values (entrants perform different elements)",
        )
    if panel.factor_max != 1.0:
        # A factored mark (难度系数 × mark) mixes the judge's severity with the factor.
        r.add(
            f"{path}.adjust",
            "评委宽严调整不适用于带系数的评分(factor_max 须为 1)",
            "judge_effect cannot adjust factored marks (factor_max must be 1)",
        )


def parse_levels(
    r: Reader, data: Mapping, path: str, by: str, accepted: tuple[str, ...] | None = None
) -> tuple[GradeLevel, ...]:
    levels = []
    items = r.items(data.get("levels"), f"{path}.levels")
    for i, item in enumerate(items):
        where = f"{path}.levels[{i}]"
        item = r.mapping(item, where)
        r.keys(item, where, accepted or LEVEL_KEYS[by])
        last = i == len(items) - 1
        level = GradeLevel(
            name=r.text(item, "name"),
            min=r.number(item, "min", where, None),
            share=r.number(item, "share", where, None, minimum=0),
            count=r.number(item, "count", where, None, minimum=0, integer=True),
        )
        if not level.name:
            r.add(f"{where}.name", "缺少名称", "missing name")
        if by == "thresholds" and level.min is None and not last:
            r.add(f"{where}.min", "除最后一档外须给出下限", "every level but the last needs min")
        if by == "quota" and level.share is None and level.count is None and not last:
            r.add(
                where,
                "除最后一档外须给出比例(share)或名额(count)",
                "every level but the last needs share or count",
            )
        levels.append(level)
    if not levels:
        r.add(f"{path}.levels", "至少需要一个等次", "needs at least one level")
    return tuple(levels)
