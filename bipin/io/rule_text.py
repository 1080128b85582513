"""Each scoring rule said in plain words, in Chinese and in English.

The engine explains a leaf with its rule as data (``{"type": "bands",
"bands": [[95, 14], ...]}``); a reader of a report card, the workbook's
得分明细 sheet or the PDF wants the sentence the scheme's authors had in mind
("达到95及以上得14分,90及以上得11分,否则0分"). One function says every rule,
so the card, the XLSX and the PDF cannot drift apart. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from bipin.scoring.rules import DEFAULT_VETO

__all__ = ["Said", "coverage_words", "number", "say_rule", "veto_effect", "veto_effects"]


class Said(NamedTuple):
    zh: str
    en: str


def number(value: Any) -> str:
    """A parameter as a person writes it: no trailing zeros, never "-0".

    >>> number(0.5), number(14.0), number(-0.0), number(None)
    ('0.5', '14', '0', '—')
    """
    if value is None:
        return "—"
    text = f"{float(value):g}"
    return "0" if text == "-0" else text


VETO_EFFECTS = {
    "rank_last": Said("组内排名列最后", "ranked last in the group"),
    "out_of_ranking": Said("不参与排名,单独列出", "not ranked, listed apart"),
    "lowest_grade": Said("等次定为最低一档", "graded in the lowest grade"),
    "zero": Said("总分计为0分", "total scored 0"),
    "no_award": Said("不得奖项", "no award"),
}


def coverage_words(coverage: Any) -> Said | None:
    """Why an entrant is not ranked for want of data (the scheme's ``min_coverage``), or None.

    >>> coverage_words({"have": 1, "of": 2, "share": 0.5, "min": 0.75, "ranked": False}).zh
    '实际数据仅1/2项(50%),低于方案要求的75%,不参与排名'
    >>> coverage_words({"have": 2, "of": 2, "share": 1.0, "min": 0.75, "ranked": True}) is None
    True
    """
    if not isinstance(coverage, Mapping) or coverage.get("ranked", True):
        return None
    have, of, share, least = coverage["have"], coverage["of"], coverage["share"], coverage["min"]
    return Said(f"实际数据仅{have}/{of}项({share:.0%}),低于方案要求的{least:.0%},不参与排名",
                f"real data for only {have}/{of} indicators ({share:.0%}), below the "
                f"{least:.0%} the scheme requires: not ranked")


def veto_effects(effect: Any) -> list[str]:
    """The effects a rule's ``effect`` names: a word, a list, or none (the engine's default).

    >>> veto_effects(None)
    ['rank_last', 'lowest_grade']
    >>> veto_effects(["zero", "no_award"])
    ['zero', 'no_award']
    """
    if not effect:
        return list(DEFAULT_VETO)
    return [str(e) for e in effect] if isinstance(effect, (list, tuple)) else [str(effect)]


def veto_effect(effect: Any) -> Said:
    """What a triggered veto does to the result, as the scheme declares it.

    >>> veto_effect("zero").zh
    '总分计为0分'
    >>> veto_effect(None).zh
    '组内排名列最后、等次定为最低一档'
    """
    said = [VETO_EFFECTS.get(e, VETO_EFFECTS["lowest_grade"]) for e in veto_effects(effect)]
    return Said("、".join(s.zh for s in said), ", ".join(s.en for s in said))


_OPS = {">=": ("均不低于", "at least"), ">": ("均高于", "above"), "<=": ("均不超过", "at most"),
        "<": ("均低于", "below"), "==": ("均等于", "equal to")}


def _bands(rule: Mapping[str, Any]) -> Said:
    higher = rule.get("higher_is_better", True)
    bands = sorted(((float(f), float(p)) for f, p in rule.get("bands") or ()), reverse=higher)
    zh_word, en_word = ("及以上", "or more") if higher else ("及以下", "or less")
    zh = [f"{number(f)}{zh_word}得{number(p)}分" for f, p in bands]
    en = [f"{number(p)} points at {number(f)} {en_word}" for f, p in bands]
    other = number(rule.get("otherwise") or 0.0)
    return Said("达到" * higher + ",".join(zh) + f",否则{other}分",
                "; ".join(en) + f"; otherwise {other}")


def _records(rule: Mapping[str, Any], full: float | None, kind: str) -> Said:
    zh_verb, en_verb = ("加", "adds") if kind == "bonus" else ("扣", "takes")
    cap = rule.get("cap") if rule.get("cap") is not None else full
    each = rule.get("each")
    between = rule.get("between")
    if each is not None:
        zh, en = f"每项{zh_verb}{number(each)}分", f"each record {en_verb} {number(each)}"
    elif between:
        low, high = (number(v) for v in between)
        zh = f"每条记录{zh_verb}{low}-{high}分(由考核人员在此范围内确定)"
        en = f"each record {en_verb} {low} to {high}, as the assessor sets within that range"
    else:
        zh, en = f"每条记录按其分值{zh_verb}分", f"each record {en_verb} its value"
    if cap:
        zh += f",最多{zh_verb}{number(cap)}分"
        en += f", at most {number(cap)} in all"
    return Said(zh, en)


def _per_occurrence(rule: Mapping[str, Any], full: float | None) -> Said:
    zh, en = f"每处问题扣{number(rule.get('each', 1.0))}分", f"{number(rule.get('each', 1.0))} off per finding"
    for key, zh_name, en_name in (("severity", "按严重程度", "by severity"), ("category", "按类别", "by category")):
        table = rule.get(key) or {}
        if table:
            zh += f"({zh_name}:" + "、".join(f"{k}{number(v)}分" for k, v in table.items()) + ")"
            en += f" ({en_name}: " + ", ".join(f"{k} {number(v)}" for k, v in table.items()) + ")"
    cap = rule.get("cap") if rule.get("cap") is not None else full
    if cap:
        zh += f",最多扣{number(cap)}分"
        en += f", at most {number(cap)} in all"
    return Said(zh, en)


def say_rule(rule: Mapping[str, Any] | None, full: float | None = None) -> Said:
    """A leaf's rule in plain words; ``full`` is the leaf's full points.

    >>> say_rule({"type": "target_step", "target": 100, "step": 0.1, "deduct": 1}).zh
    '达到目标值100得满分,每低于目标0.1扣1分,扣完为止'
    >>> say_rule({"type": "bands", "bands": [[90, 11], [95, 14]]}).zh
    '达到95及以上得14分,90及以上得11分,否则0分'
    >>> say_rule({"type": "all_or_nothing", "threshold": 0, "op": "<="}, 3).en
    'full points (3) only if every record is at most 0; otherwise 0'
    >>> say_rule(None)
    Said(zh='', en='')
    """
    if not rule:
        return Said("", "")
    kind = str(rule.get("type") or "")
    full_zh = f"{number(full)}分" if full else "满分"
    higher = rule.get("higher_is_better", True)
    if kind == "scaled":
        top = rule.get("max")
        if top is None:
            return Said("按评分占其满分的比例折算", "points in proportion to the score out of its full marks")
        return Said(f"按{number(top)}分制折算为本项{full_zh}",
                    f"a score out of {number(top)} scaled to the item's {number(full) if full else 'full'} points")
    if kind == "manual":
        return Said(f"由审核人员直接评分(0至{full_zh})", "points given directly by the reviewer")
    if kind == "target_step":
        t, s, d = (number(rule.get(k)) for k in ("target", "step", "deduct"))
        zh = (f"达到目标值{t}得满分,每低于目标{s}扣{d}分,扣完为止" if higher
              else f"不超过目标值{t}得满分,每超出目标{s}扣{d}分,扣完为止")
        en = (f"full points at the target {t}; {d} off for each {s} below it, down to 0" if higher
              else f"full points at or under the target {t}; {d} off for each {s} above it, down to 0")
        if rule.get("whole_steps"):
            zh, en = zh + f"(不足{s}的部分不扣)", en + " (only whole steps count)"
        return Said(zh, en)
    if kind == "all_or_nothing":
        zh_op, en_op = _OPS.get(str(rule.get("op")), (str(rule.get("op")), str(rule.get("op"))))
        th = number(rule.get("threshold"))
        return Said(f"每条数据{zh_op}{th}得{full_zh},否则0分",
                    f"full points ({number(full) if full else 'all'}) only if every record is {en_op} {th}; otherwise 0")
    if kind == "proportional":
        t = number(rule.get("target"))
        if higher:
            return Said(f"按完成值占目标值{t}的比例计分,达到目标得满分",
                        f"points in proportion to the value against the target {t}; full points at the target")
        return Said(f"按目标值{t}与实际值之比计分,不超过目标得满分",
                    f"points in proportion to the target {t} over the value; full points at or under it")
    if kind == "bands":
        return _bands(rule)
    if kind == "rank":
        s = number(rule.get("step"))
        return Said(f"组内第一名得满分,每后一名减{s}分", f"first in the group gets full points; {s} off per place lower")
    if kind == "veto":
        effect = veto_effect(rule.get("effect"))
        return Said(f"一票否决:发生即{effect.zh}", f"veto: any record means {effect.en}")
    if kind in ("bonus", "deduction"):
        return _records(rule, full, kind)
    if kind == "per_occurrence":
        return _per_occurrence(rule, full)
    return Said("按方案规定计分", "scored as the scheme sets out")
