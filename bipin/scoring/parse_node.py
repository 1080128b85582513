"""Read one node of a scheme's tree: a dimension, an indicator or a leaf with its rule.

:func:`parse_node` checks a node's keys, its rule, panel, formula, multiplier,
inspection fields, per-group variants and missing-data policy, and its children
in turn; every problem goes to the :class:`Reader` with its dotted path, as in
:func:`bipin.scoring.parse.parse_scheme`, which reads the rest of the scheme.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bipin.scoring.formula import Formula, FormulaError, parse_formula
from bipin.scoring.model import Source
from bipin.scoring.parse_composite import parse_composite, parse_pair, parse_per
from bipin.scoring.ranges import parse_range
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
    Impute,
    Multiplier,
    Node,
    Panel,
)

__all__ = ["NODE_KEYS", "parse_missing", "parse_node"]

IMPUTE_KEYS = ("impute", "by", "otherwise")

_CHILD_KEYS = ("indicators", "children", "sub_indicators")
REDUCERS = ("mean", "sum", "min", "max", "last", "count")
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


def _rule(r: Reader, spec: Any, path: str, points: float) -> Rule | None:
    try:
        rule = parse_rule(spec)
    except RuleSyntaxError as exc:
        r.add(f"{path}.{exc.param}" if exc.param else path, exc.message_zh, exc.message_en)
        return None
    for param, zh, en in rule.check(points):
        r.add(f"{path}.{param}", zh, en)
    return rule


def parse_node(
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
        child = parse_node(r, item, f"{path}.{child_key}[{i}]", groups, panels, composite)
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
        fields["missing"] = parse_missing(r, data, path)
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


def parse_missing(r: Reader, data: Mapping, path: str) -> str | Impute:
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
