"""Validate a scheme given as plain data (from YAML or a spreadsheet).

:func:`parse_scheme` reads everything, collects every problem with its dotted
path (``dimensions[2].indicators[0].rule.step``) and raises one
:class:`SchemeError`; a scheme that parses is safe to evaluate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bipin.scoring.formula import Formula, FormulaError, parse_formula
from bipin.scoring.model import Entrant, SchemeError, Source
from bipin.scoring.parse_composite import check_inputs, parse_composite, parse_pair, parse_per
from bipin.scoring.parse_panels import parse_levels, parse_panel
from bipin.scoring.parse_robustness import parse_robustness
from bipin.scoring.parse_stages import parse_stages
from bipin.scoring.ranges import check_declared_range, parse_range
from bipin.scoring.reader import Reader
from bipin.scoring.records import Bonus, PerOccurrence
from bipin.scoring.rules import Rule, Scaled, Veto
from bipin.scoring.rulesyntax import RuleSyntaxError, parse_rule
from bipin.scoring.scheme import (
    COMBINES,
    IMPUTE_BY,
    IMPUTE_OTHERWISE,
    IMPUTE_STATS,
    MISSING_POLICIES,
    ON_REPEAT,
    RECHECK_OUTCOMES,
    AwardLevel,
    Awards,
    Grades,
    Impute,
    Multiplier,
    Node,
    Panel,
    Scheme,
)

__all__ = ["parse_scheme"]

IMPUTE_KEYS = ("impute", "by", "otherwise")

_CHILD_KEYS = ("indicators", "children", "sub_indicators")
REDUCERS = ("mean", "sum", "min", "max", "last", "count")
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
# What only an inspection leaf declares: its catalogue of problem categories,
# whether photos keep their location, and what a 回头看 charges again.
INSPECTION_KEYS = ("catalogue", "keep_location", "recheck")
NODE_KEYS = (
    "name",
    "id",
    "points",
    "weight",
    *_CHILD_KEYS,
    "combine",
    "composite",
    "source",
    "rule",
    "panel",
    "reduce",
    "missing",
    "direction",
    "target",
    "goalposts",
    "transform",
    "per",
    "content",
    "department",
    "groups",
    "variants",
    "floor",
    "cap",
    "range",
    "on_repeat",
    "multiplier",
    "formula",
    *INSPECTION_KEYS,
)
LEAF_ONLY_KEYS = ("range", "on_repeat", "per", "multiplier", "formula", *INSPECTION_KEYS)
MULTIPLIER_KEYS = ("kind", "factor")
VARIANT_KEYS = ("points", "weight", "rule")
ENTRANT_KEYS = ("id", "name", "group", "code", "kind")
MAX_DECIMALS = 6
ROUNDING_ORDERS = ("leaf", "end")


def _rule(r: Reader, spec: Any, path: str, points: float) -> Rule | None:
    try:
        rule = parse_rule(spec)
    except RuleSyntaxError as exc:
        r.add(f"{path}.{exc.param}" if exc.param else path, exc.message_zh, exc.message_en)
        return None
    for param, zh, en in rule.check(points):
        r.add(f"{path}.{param}", zh, en)
    return rule


def _node(
    r: Reader,
    data: Any,
    path: str,
    groups: tuple[str, ...],
    panels: Mapping,
    in_composite: bool = False,
) -> Node | None:
    data = r.mapping(data, path)
    if not data:
        r.add(path, "不能为空", "must not be empty")
        return None
    r.keys(data, path, NODE_KEYS)
    name = r.text(data, "name") or r.text(data, "id")
    if not name:
        r.add(f"{path}.name", "缺少名称", "missing name")
    node_id = r.text(data, "id") or name
    points = r.number(data, "points", path, 0.0, minimum=0)
    weight = r.number(data, "weight", path, None, minimum=0, strict=True)
    given = [k for k in _CHILD_KEYS if k in data]
    if len(given) > 1:
        r.add(
            path,
            f"下级指标只能写在 {'、'.join(_CHILD_KEYS)} 之一中",
            f"give the children under only one of {', '.join(_CHILD_KEYS)}"
            f" (got {', '.join(given)})",
        )
    child_key = given[0] if given else None
    children = []
    composite = data.get("combine") == "composite"
    for i, item in enumerate(r.items(data.get(child_key), f"{path}.{child_key}")):
        child = _node(r, item, f"{path}.{child_key}[{i}]", groups, panels, composite)
        if child:
            children.append(child)
    fields: dict[str, Any] = dict(
        id=node_id,
        name=name,
        path=path,
        points=points,
        weight=weight,
        children=tuple(children),
        content=r.text(data, "content"),
        department=r.text(data, "department"),
        combine=r.choice(data, "combine", path, COMBINES, "sum"),
        direction=r.choice(data, "direction", path, ("higher", "lower"), "higher"),
        target=r.number(data, "target", path, None),
    )
    if data.get("missing") is not None:
        fields["missing"] = _missing(r, data, path)
    node_groups = data.get("groups")
    if node_groups is not None:
        node_groups = tuple(str(g) for g in r.items(node_groups, f"{path}.groups"))
        for g in node_groups:
            if groups and g not in groups:
                r.add(f"{path}.groups", f"未声明的组别“{g}”", f"unknown group {g!r}")
        fields["groups"] = node_groups
    fields["goalposts"] = parse_pair(r, data, "goalposts", path)
    fields["transform"] = r.choice(data, "transform", path, ("log",), "log") if "transform" in data else None
    if fields["combine"] == "composite":
        fields["composite"] = parse_composite(r, data.get("composite"), f"{path}.composite", children)
    for child in children:
        if fields["combine"] != "composite" and (child.goalposts or child.transform):
            key = "goalposts" if child.goalposts else "transform"
            r.add(f"{child.path}.{key}", "只用于综合节点的下级", f"{key} applies to a child of a composite node only")
    if children:
        if "source" in data or "rule" in data:
            r.add(
                path,
                "有下级指标的节点不能有来源或规则",
                "a node with children cannot have a source or rule",
            )
        for key in LEAF_ONLY_KEYS:
            if key in data:
                r.add(f"{path}.{key}", "只有末级指标可以设置此项", f"only a leaf takes {key}")
        fields["floor"] = r.number(data, "floor", path, None)
        fields["cap"] = r.number(data, "cap", path, None)
        if fields["floor"] is not None and fields["cap"] is not None:
            if fields["floor"] > fields["cap"]:
                r.add(
                    f"{path}.cap",
                    f"上限{fields['cap']:g}低于下限{fields['floor']:g}",
                    f"cap {fields['cap']:g} is below the floor {fields['floor']:g}",
                )
    else:
        for key in ("floor", "cap"):
            if key in data:
                r.add(
                    f"{path}.{key}",
                    "下限、上限只用于有下级指标的节点;末级指标的分值由规则限定",
                    f"only a node with indicators takes {key}; a leaf's rule bounds its points",
                )
        _leaf_fields(r, data, path, fields, panels, in_composite)
    fields["variants"] = _variants(r, data.get("variants"), f"{path}.variants", groups, fields)
    return Node(**fields)


def _check_panel_scale(r: Reader, panel: Panel | None, path: str) -> None:
    """A panel whose full marks do not say what a total is out of needs its scale declared."""
    if panel is None:
        return
    if panel.values is not None:
        r.add(
            path,
            "带分值表的评委组没有固定满分:请写 scaled(max=...)",
            "a panel with a scale of values has no fixed full marks: write scaled(max=...)",
        )
    elif panel.signed:
        # Is a total of 0 half marks or none? A proportion of a signed range is a guess.
        r.add(
            path,
            "评委组有可为负的评分项,合计占满分的比例不明确:请写 scaled(max=...)(负合计将被拒绝)",
            "a panel with signed criteria gives no clear proportion: write scaled(max=...) "
            "(a negative total is refused)",
        )


def _leaf_fields(
    r: Reader, data: Mapping, path: str, fields: dict, panels: Mapping, in_composite: bool
) -> None:
    try:
        source = Source(str(data.get("source", "")).strip())
    except ValueError:
        r.add(
            f"{path}.source",
            f"来源须为 {'、'.join(Source)} 之一",
            f"source must be one of {', '.join(Source)} (got {data.get('source')!r})",
        )
        return
    fields["source"] = source
    fields["on_repeat"] = r.choice(data, "on_repeat", path, ON_REPEAT, "refuse")
    fields["per"] = parse_per(r, data.get("per"), f"{path}.per", source)
    _inspection_fields(r, data, path, fields, source)
    if data.get("range") is not None:
        if source == Source.PANEL:
            r.add(
                f"{path}.range",
                "评委打分按评分项满分检查,不设 range",
                "a panel's marks are checked against its criteria's max; no range here",
            )
        fields["range"] = parse_range(r, data["range"], f"{path}.range")
    if source == Source.PANEL:
        panel = r.text(data, "panel")
        if panel not in panels:
            r.add(
                f"{path}.panel",
                f"评委组“{panel}”未在 panels 中定义",
                f"panel {panel!r} is not defined under panels",
            )
        fields["panel"] = panel
    spec = data.get("rule")
    if spec is None and source in (Source.PANEL, Source.EXAM):
        rule: Rule | None = Scaled()
    elif spec is None:
        # Under a composite node a leaf without a rule feeds its raw value
        # (reduced by ``reduce``) to the normalisation.
        if not in_composite:
            r.add(f"{path}.rule", "缺少计分规则", "missing rule")
        if data.get("reduce") is not None:
            fields["reduce"] = r.choice(data, "reduce", path, REDUCERS, "mean")
        return
    else:
        rule = _rule(r, spec, f"{path}.rule", fields["points"])
    fields["rule"] = rule
    if source == Source.PANEL and isinstance(rule, Scaled) and rule.max is None:
        _check_panel_scale(r, panels.get(fields.get("panel")), f"{path}.rule")
    if (
        rule is not None
        and not fields["points"]
        and not isinstance(rule, (Veto, Bonus, PerOccurrence))
    ):
        r.add(f"{path}.points", "须大于0", "must be > 0 for this rule")
    if isinstance(rule, Veto) and fields["points"]:
        r.add(
            f"{path}.points",
            "一票否决项没有分值(其效果作用于整体结果)",
            "a veto has no points (its effect acts on the whole result)",
        )
    if isinstance(rule, (Bonus, PerOccurrence)) and rule.cap is None and not fields["points"]:
        r.add(
            f"{path}.rule.cap",
            "加分/扣分项须给出上限(cap)或分值",
            "give a cap or points for a bonus or deduction",
        )
    if data.get("reduce") is not None:
        fields["reduce"] = r.choice(data, "reduce", path, REDUCERS, "mean")
    if data.get("multiplier") is not None:
        fields["multiplier"] = _multiplier(r, data["multiplier"], f"{path}.multiplier", rule)
    if data.get("formula") is not None:
        fields["formula"] = _formula(r, data["formula"], f"{path}.formula", source, rule)


def _formula(r: Reader, text: Any, path: str, source: Source, rule: Rule | None) -> Formula | None:
    """A derived value's formula, on a leaf scored from one value per entrant."""
    if source == Source.PANEL or (rule is not None and (rule.record or isinstance(rule, Veto))):
        r.add(
            path,
            "公式只用于按一个数值计分的指标(不用于评委打分、加扣分记录和一票否决)",
            "a formula applies only to a leaf scored from one value (not panels, records or vetoes)",
        )
        return None
    if not isinstance(text, str):
        r.add(path, "公式须为文字", f"write the formula as text (got {text!r})")
        return None
    try:
        return parse_formula(text)
    except FormulaError as exc:
        r.add(path, exc.message_zh, exc.message_en)
        return None


def _multiplier(r: Reader, data: Any, path: str, rule: Rule | None) -> Multiplier | None:
    """``{kind: 搬迁任务县, factor: 2}``: the records of those entrants count ``factor`` times."""
    if rule is not None and not rule.record:
        r.add(
            path,
            "倍数只用于加分、扣分和问题记录(bonus、deduction、per_occurrence)",
            "a multiplier applies only to records (bonus, deduction, per_occurrence)",
        )
        return None
    data = r.mapping(data, path)
    r.keys(data, path, MULTIPLIER_KEYS)
    given = data.get("kind")
    listed = given if isinstance(given, list) else [given]
    kinds = tuple(str(k).strip() for k in listed if k is not None)
    if not kinds or any(not k for k in kinds):
        r.add(
            f"{path}.kind",
            "须给出参评对象类型(如 搬迁任务县)",
            "give the kind of entrant (e.g. 搬迁任务县)",
        )
        kinds = ()
    factor = r.number(data, "factor", path, None, minimum=0, strict=True)
    if factor is None:
        r.add(f"{path}.factor", "须给出大于0的倍数", "give a factor > 0")
    if not kinds or factor is None:
        return None
    return Multiplier(kinds, float(factor))


def _inspection_fields(r: Reader, data: Mapping, path: str, fields: dict, source: Source) -> None:
    given = [k for k in INSPECTION_KEYS if k in data]
    if given and source != Source.INSPECTION:
        for key in given:
            r.add(f"{path}.{key}", "只有实地核查(inspection)指标可以设置此项",
                  f"only an inspection leaf takes {key}")
        return
    names = [str(c).strip() for c in r.items(data.get("catalogue"), f"{path}.catalogue")]
    if any(not n for n in names) or len(set(names)) != len(names):
        r.add(f"{path}.catalogue", "问题类别不能为空或重复", "categories must be non-empty and distinct")
    fields["catalogue"] = tuple(names)
    keep = data.get("keep_location", False)
    if not isinstance(keep, bool):
        r.add(f"{path}.keep_location", "须为 true 或 false", f"must be true or false (got {keep!r})")
        keep = False
    fields["keep_location"] = keep
    recheck = r.mapping(data.get("recheck") or {}, f"{path}.recheck")
    r.keys(recheck, f"{path}.recheck", RECHECK_OUTCOMES)
    fields["recheck"] = {
        k: v for k in RECHECK_OUTCOMES
        if (v := r.number(recheck, k, f"{path}.recheck", None, minimum=0, strict=True)) is not None
    }


def _variants(r: Reader, data: Any, path: str, groups: tuple[str, ...], base: dict) -> dict:
    out = {}
    for group, spec in r.mapping(data, path).items():
        where = f"{path}.{group}"
        if groups and group not in groups:
            r.add(where, f"未声明的组别“{group}”", f"unknown group {group!r}")
        spec = r.mapping(spec, where)
        change: dict[str, Any] = {}
        r.keys(spec, where, VARIANT_KEYS)
        if "points" in spec:
            change["points"] = r.number(spec, "points", where, 0.0, minimum=0)
        if "weight" in spec:
            change["weight"] = r.number(spec, "weight", where, None, minimum=0, strict=True)
        if "rule" in spec:
            if base.get("children"):
                r.add(f"{where}.rule", "只有末级指标有规则", "only a leaf has a rule")
            change["rule"] = _rule(
                r, spec["rule"], f"{where}.rule", change.get("points", base["points"])
            )
        out[str(group)] = change
    return out


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
        node = _node(r, d, f"dimensions[{i}]", groups, panels)
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
    missing = _missing(r, data, "")
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


def _missing(r: Reader, data: Mapping, path: str) -> str | Impute:
    """A missing-value policy: a word (``zero``, ``group_mean``, ``exclude``,
    ``median``) or ``{impute: mean|median|previous, by: group|kind, otherwise: refuse|group}``."""
    value = data.get("missing", "zero")
    if value == "median":
        return Impute("median", "group")
    if not isinstance(value, Mapping):
        return r.choice(data, "missing", path, (*MISSING_POLICIES, "median"), "zero")
    where = f"{path}.missing" if path else "missing"
    r.keys(value, where, IMPUTE_KEYS)
    if "impute" not in value:
        r.add(f"{where}.impute", "须写明 impute: mean、median 或 previous",
              "needs impute: mean, median or previous")
    impute = Impute(
        r.choice(value, "impute", where, IMPUTE_STATS, "median"),
        r.choice(value, "by", where, IMPUTE_BY, "group"),
        r.choice(value, "otherwise", where, IMPUTE_OTHERWISE, "refuse"),
    )
    if impute.stat == "previous" and "by" in value:
        r.add(f"{where}.by", "按上期值插补不分组别或类型", "does not apply to impute: previous")
    elif impute.stat != "previous" and impute.by == "group" and "otherwise" in value:
        r.add(f"{where}.otherwise", "只用于 by: kind 或 impute: previous(组内无人有数据时一律拒绝)",
              "applies only to by: kind or impute: previous (a group with no donor is refused)")
    return impute


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
