"""Validate a scheme given as plain data (from YAML or a spreadsheet).

:func:`parse_scheme` reads everything, collects every problem with its dotted
path (``dimensions[2].indicators[0].rule.step``) and raises one
:class:`SchemeError`; a scheme that parses is safe to evaluate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bipin.scoring.model import Entrant, SchemeError
from bipin.scoring.parse_composite import check_inputs
from bipin.scoring.parse_node import parse_missing, parse_node
from bipin.scoring.parse_panels import parse_levels, parse_panel
from bipin.scoring.parse_robustness import parse_robustness
from bipin.scoring.parse_stages import parse_stages
from bipin.scoring.ranges import check_declared_range
from bipin.scoring.reader import Reader
from bipin.scoring.scheme import (
    AwardLevel,
    Awards,
    Grades,
    Impute,
    Node,
    Panel,
    Scheme,
)

__all__ = ["parse_scheme"]

_TIE_BREAKS = ("fewer_deductions", "draw")
# The keys each part of a scheme accepts; anything else is refused by name.
TOP_KEYS = (
    "contest",
    "groups",
    "entrants",
    "inputs",
    "rounding",
    "missing",
    "min_coverage",
    "period",
    "panels",
    "dimensions",
    "ranking",
    "grades",
    "awards",
    "robustness",
    "stages",
)
ENTRANT_KEYS = ("id", "name", "group", "code", "kind", "flight")
MAX_DECIMALS = 6
ROUNDING_ORDERS = ("leaf", "end")


def _check_tree(r: Reader, dims: tuple[Node, ...], group: str) -> None:
    """Per-group checks: points add up, item names are unambiguous."""
    zh, en = (f"(组别 {group})", f" (group {group})") if group else ("", "")
    seen: dict[str, str] = {}
    ids = {leaf.id for dim in dims for leaf in dim.leaves()}
    for dim in dims:
        for leaf in dim.leaves():
            for name in leaf.formula.inputs if leaf.formula is not None else ():
                if name in ids:
                    # A row naming it would be both the leaf's value and an input.
                    r.add(
                        f"{leaf.path}.formula",
                        f"输入项“{name}”与指标同名{zh};请为输入项另起名称",
                        f"input {name!r} has the name of a leaf{en}; give the input another name",
                    )
    for dim in dims:
        for node in dim.walk():
            if node.is_leaf:
                check_declared_range(r, node, zh, en)
                if node.id in seen:
                    r.add(
                        node.path,
                        f"指标名称“{node.id}”重复{zh}",
                        f"duplicate leaf id {node.id!r}{en}",
                    )
                seen[node.id] = node.path
            elif node.combine == "sum" and node.points:
                total = sum(c.points for c in node.children if not c.is_adjustment)
                if all(c.is_adjustment for c in node.children):
                    r.add(
                        f"{node.path}.points",
                        f"下级均为加分、扣分项(不计分值),此节点不设分值;"
                        f"限制合计请用 cap: {node.points:g}(或 floor){zh}",
                        f"its children are all bonus or deduction items, outside any points: "
                        f"give it no points, and bound their sum with cap: {node.points:g} "
                        f"(or floor){en}",
                    )
                elif abs(total - node.points) > 1e-9:
                    r.add(
                        f"{node.path}.points",
                        f"分值{node.points:g}与下级合计{total:g}不符{zh}",
                        f"points {node.points:g} differ from the children's sum {total:g}{en}",
                    )
            elif node.combine != "sum" and not node.points:
                r.add(
                    f"{node.path}.points",
                    "加权或综合节点须给出分值",
                    "a weighted or composite node needs points",
                )
            if node.combine == "weighted":
                for c in node.children:
                    if not c.is_adjustment and c.weight is None:
                        r.add(
                            f"{c.path}.weight",
                            "加权节点的下级须给出权重",
                            "children of a weighted node need weights",
                        )


def parse_scheme(data: Mapping[str, Any]) -> Scheme:
    """A validated :class:`Scheme` from plain data; raises :class:`SchemeError`.

    >>> s = parse_scheme({"contest": "示例", "dimensions": [{"name": "成效", "indicators": [
    ...     {"name": "达标率", "points": 5, "source": "data",
    ...      "rule": "target_step(target=100, step=0.1, deduct=1)"}]}]})
    >>> [leaf.id for leaf in s.leaves("data")]
    ['达标率']
    >>> parse_scheme({"contest": "x", "dimensions": [{"name": "d", "indicators": [
    ...     {"name": "i", "points": 5, "source": "data", "rule": "target_step(step=0)"}]}]})
    Traceback (most recent call last):
    bipin.scoring.model.SchemeError: dimensions[0].indicators[0].rule.step: must be > 0 (got 0.0)
    """
    r = Reader()
    data = r.mapping(data, "")
    r.keys(data, "", TOP_KEYS)
    contest = r.text(data, "contest")
    if not contest:
        r.add("contest", "缺少比拼活动名称", "missing contest name")
    entrants = []
    for i, e in enumerate(r.items(data.get("entrants"), "entrants")):
        e = r.mapping(e, f"entrants[{i}]")
        r.keys(e, f"entrants[{i}]", ENTRANT_KEYS)
        entrant = Entrant(
            r.text(e, "id") or r.text(e, "name"),
            r.text(e, "name") or r.text(e, "id"),
            r.text(e, "group"),
            r.text(e, "code") or None,
            r.text(e, "kind") or None,
            r.text(e, "flight") or None,
        )
        if not entrant.id or not entrant.group:
            r.add(f"entrants[{i}]", "须给出 id(或 name)与 group", "needs id (or name) and group")
        entrants.append(entrant)
    if len({e.id for e in entrants}) != len(entrants):
        r.add("entrants", "参评对象重复", "duplicate entrant ids")
    groups = tuple(str(g) for g in r.items(data.get("groups"), "groups"))
    groups = groups or tuple(dict.fromkeys(e.group for e in entrants if e.group))
    for i, e in enumerate(entrants):
        if e.group and e.group not in groups:
            r.add(f"entrants[{i}].group", f"未声明的组别“{e.group}”", f"unknown group {e.group!r}")
    rounding = r.mapping(data.get("rounding"), "rounding")
    r.keys(rounding, "rounding", ("decimals", "order", "rank_by"))
    panels = {
        str(k): parse_panel(r, str(k), v, f"panels.{k}")
        for k, v in r.mapping(data.get("panels"), "panels").items()
    }
    dims = []
    for i, d in enumerate(r.items(data.get("dimensions"), "dimensions")):
        node = parse_node(r, d, f"dimensions[{i}]", groups, panels)
        if node:
            dims.append(node)
    if not dims:
        r.add("dimensions", "至少需要一个一级指标", "needs at least one dimension")
    inputs = tuple(str(i).strip() for i in r.items(data.get("inputs"), "inputs"))
    check_inputs(r, inputs, tuple(dims))
    dim_ids = {d.id for d in dims}
    panel_leaves = {n.id for d in dims for n in d.leaves() if n.panel}
    ranking = r.mapping(data.get("ranking"), "ranking")
    r.keys(ranking, "ranking", ("tie_break",))
    tie_break = tuple(str(t) for t in r.items(ranking.get("tie_break"), "ranking.tie_break"))
    for i, t in enumerate(tie_break):
        if t.startswith("countback:"):
            if t[10:] not in panel_leaves:
                r.add(
                    f"ranking.tie_break[{i}]",
                    f"countback 须指向评委打分的指标(“{t[10:]}”不是)",
                    f"countback needs a panel leaf id ({t[10:]!r} is not one)",
                )
        elif t not in _TIE_BREAKS and not (t.startswith("dimension:") and t[10:] in dim_ids):
            r.add(
                f"ranking.tie_break[{i}]",
                f"无法识别“{t}”",
                f"unknown tie-break {t!r} (use dimension:<id>, countback:<panel leaf id>, "
                "fewer_deductions or draw)",
            )
    grades = None
    if data.get("grades") is not None:
        g = r.mapping(data.get("grades"), "grades")
        r.keys(g, "grades", ("by", "levels", "ties", "veto_takes_slot"))
        by = r.choice(g, "by", "grades", ("thresholds", "quota"), "thresholds")
        takes = g.get("veto_takes_slot", False)
        if not isinstance(takes, bool):
            r.add("grades.veto_takes_slot", "须为 true 或 false",
                  f"must be true or false (got {takes!r})")
            takes = False
        if "veto_takes_slot" in g and by != "quota":
            r.add("grades.veto_takes_slot", "只用于按名额评定等次(by: quota)",
                  "applies only to grades by quota (by: quota)")
        grades = Grades(
            by,
            parse_levels(r, g, "grades", by),
            r.choice(g, "ties", "grades", ("include", "exclude"), "include"),
            takes,
        )
    awards = None
    if data.get("awards") is not None:
        a = r.mapping(data.get("awards"), "awards")
        r.keys(a, "awards", ("levels", "ties"))
        levels = tuple(
            AwardLevel(lv.name, lv.count or 0)
            for lv in parse_levels(r, a, "awards", "quota", ("name", "count"))
        )
        awards = Awards(levels, r.choice(a, "ties", "awards", ("include", "exclude"), "include"))
    dims_t = tuple(dims)
    decimals = r.number(rounding, "decimals", "rounding", 2, minimum=0, integer=True)
    if decimals > MAX_DECIMALS:
        # Figures are summed as integer units of 10**-decimals in int64.
        r.add("rounding.decimals", f"至多{MAX_DECIMALS}位", f"must be at most {MAX_DECIMALS}")
        decimals = 2
    order = r.choice(rounding, "order", "rounding", ROUNDING_ORDERS, "leaf")
    rank_by = r.choice(rounding, "rank_by", "rounding", ("exact", "published"), "exact")
    if "rank_by" in rounding and order != "end":
        r.add(
            "rounding.rank_by",
            "只有 order: end 时才区分精确值与公布值",
            "rank_by needs order: end (per-leaf rounding has no other total than the published one)",
        )
    missing = parse_missing(r, data, "")
    min_coverage = r.number(data, "min_coverage", "", None, minimum=0, strict=True)
    if min_coverage is not None and min_coverage > 1:
        r.add("min_coverage", "须为不超过1的比例(如0.65)",
              f"must be a share of at most 1, such as 0.65 (got {min_coverage:g})")
    _check_panel_missing(r, dims_t, panels, missing)
    period = r.number(data, "period", "", None, integer=True)
    if period is None and _imputes_previous(dims_t, missing):
        r.add("period", "按上期值插补(impute: previous)须声明本期 period,如 period: 2026",
              "missing: {impute: previous} needs the current period, such as period: 2026")
    robustness = parse_robustness(r, data.get("robustness"), dims_t, panels)
    stages = parse_stages(r, data)
    if not r.problems:
        for group in groups or ("",):
            resolved = tuple(d for d in (dim.for_group(group) for dim in dims_t) if d)
            _check_tree(r, resolved, group)
    if r.problems:
        raise SchemeError(r.problems)
    return Scheme(
        contest=contest,
        dimensions=dims_t,
        groups=groups,
        entrants=tuple(entrants),
        panels=panels,
        inputs=inputs,
        decimals=decimals,
        rounding_order=order,
        rank_by=rank_by,
        missing=missing,
        min_coverage=min_coverage,
        period=period,
        tie_break=tie_break,
        grades=grades,
        awards=awards,
        robustness=robustness,
        stages=stages,
    )


def _imputes_previous(dims: tuple[Node, ...], top: str | Impute) -> bool:
    policies = [top] + [leaf.missing for d in dims for leaf in d.leaves()]
    return any(isinstance(p, Impute) and p.stat == "previous" for p in policies)


def _check_panel_missing(
    r: Reader, dims: tuple[Node, ...], panels: Mapping[str, Panel], top: str | Impute
) -> None:
    """Imputation estimates a leaf's value from other entrants' values; a
    panel fills single marks by its own policies, so it must say which."""
    for dim in dims:
        for leaf in dim.leaves():
            if leaf.panel is None:
                continue
            panel = panels.get(leaf.panel)
            own = leaf.missing or (panel.missing if panel is not None else None)
            if isinstance(own or top, Impute):
                r.add(f"{leaf.path}.missing",
                      "评委打分项不适用插补(impute),请声明 zero、group_mean 或 exclude",
                      "a panel leaf cannot impute: declare zero, group_mean or exclude for it")
