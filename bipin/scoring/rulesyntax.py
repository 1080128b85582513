"""Rules as written in a scheme: ``target_step(target=100, step=0.1, deduct=1)``.

A rule is a mapping (``{type: bands, bands: [[95, 10], [90, 8]]}``), a JSON
object in a spreadsheet cell, or the compact call syntax above. Values are
literals: numbers, quoted or bare words (Chinese words need no quotes), lists
and ``{key: value}`` maps. Nothing is evaluated.
"""

from __future__ import annotations

import ast
import json
import math
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from bipin.scoring.reader import MAGNITUDE
from bipin.scoring.records import RULE_TYPES
from bipin.scoring.rules import Bands, Rule

__all__ = ["RuleSyntaxError", "parse_rule"]


class RuleSyntaxError(ValueError):
    """A rule that cannot be read; ``param`` names the offending parameter."""

    def __init__(self, message_zh: str, message_en: str, param: str = "") -> None:
        super().__init__(message_en)
        self.message_zh, self.message_en, self.param = message_zh, message_en, param


def _literal(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):  # a bare word such as 严重 or true
        return {"true": True, "false": False, "none": None}.get(node.id.lower(), node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_literal(node.operand)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_literal(e) for e in node.elts]
    if isinstance(node, ast.Dict):
        if any(k is None for k in node.keys):  # {**other} has no key
            raise RuleSyntaxError("映射中不能展开", "a map cannot unpack another (**)")
        return {_literal(k): _literal(v) for k, v in zip(node.keys, node.values, strict=True) if k}
    raise RuleSyntaxError(
        "只能使用数字、文字、列表和映射", "only numbers, words, lists and maps are allowed"
    )


def _from_text(text: str) -> dict[str, Any]:
    text = text.strip().replace("(", "(").replace(")", ")").replace(",", ",").replace(":", ":")
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RuleSyntaxError(f"JSON 格式错误:{exc.msg}", f"invalid JSON: {exc.msg}") from None
        if not isinstance(data, dict):
            raise RuleSyntaxError("须为 JSON 对象", "must be a JSON object")
        return data
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError:
        raise RuleSyntaxError(f"无法识别规则“{text}”", f"cannot read rule {text!r}") from None
    if isinstance(tree, ast.Name):
        return {"type": tree.id}
    if not isinstance(tree, ast.Call) or not isinstance(tree.func, ast.Name) or tree.args:
        raise RuleSyntaxError(
            f"规则须写成 名称(参数=值, ...):“{text}”",
            f"write a rule as name(param=value, ...): {text!r}",
        )
    if any(kw.arg is None for kw in tree.keywords):
        raise RuleSyntaxError("参数须写成 名称=值", "write parameters as name=value, not **")
    return {"type": tree.func.id, **{str(kw.arg): _literal(kw.value) for kw in tree.keywords}}


def _coerce(rule_cls: type[Rule], name: str, value: Any) -> Any:
    default = next(f for f in fields(rule_cls) if f.name == name).default
    if name == "bands":
        pairs = value.items() if isinstance(value, Mapping) else value
        try:
            bands = tuple((float(a), float(b)) for a, b in pairs)
        except (TypeError, ValueError):
            raise RuleSyntaxError(
                "档次须为 [[下限, 分值], ...]", "bands must be [[floor, points], ...]", name
            ) from None
        for pair in bands:
            for v in pair:
                _number(v, name)
        return bands
    if name == "between":
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise RuleSyntaxError(
                "须写成 [下限, 上限]", f"write it as [low, high] (got {value!r})", name
            )
        return (_number(value[0], name), _number(value[1], name))
    if name in ("category", "severity"):
        if not isinstance(value, Mapping):
            raise RuleSyntaxError("须为 {名称: 扣分} 映射", "must be a map {name: points}", name)
        return {str(k): _number(v, name) for k, v in value.items()}
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise RuleSyntaxError(
                "须为 true 或 false", f"must be true or false (got {value!r})", name
            )
        return value
    if name == "effect" and isinstance(value, list):
        return tuple(str(v) for v in value)
    if name in ("op", "effect", "unknown"):
        return str(value)
    return None if value is None else _number(value, name)


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RuleSyntaxError(f"须为数字(现为“{value}”)", f"must be a number (got {value!r})", name)
    if not math.isfinite(value) or abs(value) > MAGNITUDE:
        raise RuleSyntaxError(
            f"须为绝对值不超过 {MAGNITUDE:g} 的有限数(现为 {value!r})",
            f"must be a finite number of at most {MAGNITUDE:g} in size (got {value!r})",
            name,
        )
    return float(value)


def parse_rule(spec: str | Mapping[str, Any]) -> Rule:
    """A :class:`Rule` from its scheme form.

    >>> parse_rule("target_step(target=100, step=0.1, deduct=1)")
    TargetStep(target=100.0, step=0.1, deduct=1.0, higher_is_better=True, whole_steps=False)
    >>> parse_rule({"type": "bands", "bands": {95: 10, 90: 8}}).bands
    ((95.0, 10.0), (90.0, 8.0))
    >>> parse_rule("per_occurrence(each=0.5, cap=5, severity={严重: 1})").severity
    {'严重': 1.0}
    """
    data = dict(_from_text(spec) if isinstance(spec, str) else spec)
    kind = str(data.pop("type", "")).strip()
    if kind not in RULE_TYPES:
        names = ", ".join(RULE_TYPES)
        raise RuleSyntaxError(
            f"未知规则类型“{kind}”(可用:{names})",
            f"unknown rule type {kind!r} (use one of {names})",
            "type",
        )
    rule_cls = RULE_TYPES[kind]
    allowed = {f.name for f in fields(rule_cls)}
    params = {}
    for name, value in data.items():
        if name not in allowed:
            raise RuleSyntaxError(
                f"规则 {kind} 没有参数“{name}”",
                f"rule {kind} has no parameter {name!r} (has: {', '.join(sorted(allowed))})",
                str(name),
            )
        params[name] = _coerce(rule_cls, name, value)
    if rule_cls is Bands and "bands" not in params:
        raise RuleSyntaxError("缺少档次", "missing bands", "bands")
    return rule_cls(**params)
