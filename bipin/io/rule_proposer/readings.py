"""Readings: which rule a set of facts makes, and that rule in scheme syntax.

A reading names the facts it needs and the ones it may use; a text is read
only when exactly one reading takes every fact found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from bipin.io.rule_proposer.facts import Facts
from bipin.io.rule_proposer.text import plain_number

__all__ = ["READINGS", "Unsure"]


class Unsure(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def _one(facts: Facts, kind: str) -> tuple:
    """The single value of a fact; two different ones are a disagreement."""
    values = set(facts.found.get(kind, []))
    if len(values) > 1:
        amounts = sorted(Decimal(v[0]) for v in values if v and v[0] is not None)
        shown = "、".join(plain_number(str(a)) for a in amounts) or "—"
        raise Unsure(f"同一条中出现不同的数值({shown}),不能确定用哪个",
                      f"the text gives different amounts ({shown.replace('、', ', ')}); cannot tell which applies")
    return next(iter(values))


def _full_at(facts: Facts, points: float | None) -> tuple[str, bool, str]:
    """Where full points are given; a score the text names there must be the 分值."""
    target, higher, op, top = _one(facts, "full_at")
    _full_points(top, points, "满分")
    return target, higher, op


@dataclass(frozen=True)
class _Reading:
    name: str
    needs: frozenset[str]
    may: frozenset[str]
    build: Callable[[Facts, float | None, str], tuple[str, str, str]]

    def fits(self, kinds: set[str]) -> bool:
        return self.needs <= kinds <= self.needs | self.may


READINGS: list[_Reading] = []


def _reading(needs: str, may: str = "") -> Callable:
    def register(build):
        READINGS.append(_Reading(build.__name__, frozenset(needs.split()), frozenset(may.split()), build))
        return build
    return register


def _full_points(value: str | None, points: float | None, what: str) -> None:
    """A score the text names for the top ("第1名得10分") must be the row's 分值."""
    if value is not None and (points is None or Decimal(value) != Decimal(str(points))):
        raise Unsure(f"文中{what}{plain_number(value)}分与分值{points if points is not None else '(空)'}不一致",
                      f"the text gives {plain_number(value)} for {what}, the row's points are {points}")


@_reading("full_at step", "floor0 whole_steps")
def target_step(facts, points, source):
    target, higher, _op = _full_at(facts, points)
    step, deduct, step_higher = _one(facts, "step")
    if higher != step_higher:
        raise Unsure("目标值的方向与每步扣分的方向相反", "the target and the steps point opposite ways")
    rule = f"target_step(target={plain_number(target)}, step={plain_number(step)}, deduct={plain_number(deduct)}"
    rule += "" if higher else ", higher_is_better=false"
    if "whole_steps" in facts.found:
        part = _one(facts, "whole_steps")[0]
        if part is not None and Decimal(part) != Decimal(step):
            raise Unsure(f"“不足{plain_number(part)}不扣”与每{plain_number(step)}一步不一致",
                          f"'less than {plain_number(part)} not deducted' differs from the step {plain_number(step)}")
        rule += ", whole_steps=true"
    words = "未达到" if higher else "超出"
    return (rule + ")", f"目标值{plain_number(target)}得满分,每{words}{plain_number(step)}扣{plain_number(deduct)}分",
            f"full points at {plain_number(target)}, {plain_number(deduct)} off per {plain_number(step)} "
            + ("short" if higher else "over"))


@_reading("aon", "all_full")
def all_or_nothing_cond(facts, points, source):
    threshold, op, zh, en = _one(facts, "aon")
    if "all_full" in facts.found:
        _full_points(_one(facts, "all_full")[0], points, "满分")
        if threshold != "1":  # "发生…不得分" counts events; "完成得满分" reads rows as done/not
            raise Unsure("“不得分”的条件与“得满分”的条件说的不是同一件事",
                          "the condition for 0 and the one for full points differ")
    rule = f"all_or_nothing(threshold={threshold}" + ("" if op == ">=" else f", op=\"{op}\"") + ")"
    return rule, f"全部满足才得分({zh})", f"full points only if every row meets it ({en})"


@_reading("all_full else_zero")
def all_or_nothing_all(facts, points, source):
    _full_points(_one(facts, "all_full")[0], points, "满分")
    return ("all_or_nothing(threshold=1)", "全部达标才得分(每条数据1为达标)",
            "full points only if all meet it (each row 1 = meets)")


@_reading("full_at else_zero")
def all_or_nothing_target(facts, points, source):
    target, higher, op = _full_at(facts, points)
    below = _one(facts, "else_zero")[0]
    if below is not None and Decimal(below) != Decimal(target):
        raise Unsure(f"满分线{plain_number(target)}与不得分线{plain_number(below)}之间的值不知如何计分",
                      f"values between {plain_number(below)} and {plain_number(target)} are not scored by the text")
    return (f"all_or_nothing(threshold={plain_number(target)}" + ("" if op == ">=" else f", op=\"{op}\"") + ")",
            f"达到{plain_number(target)}得满分,否则0分", f"full points at {plain_number(target)}, otherwise 0")


@_reading("band", "full_at otherwise else_zero")
def bands(facts, points, source):
    pairs = [(Decimal(f), Decimal(p)) for f, p in set(facts.found["band"])]
    if "full_at" in facts.found:
        target, higher, _op = _full_at(facts, points)
        if not higher or points is None:
            raise Unsure("分档中的满分线无法与分值对应", "cannot place the full-points band")
        pairs.append((Decimal(target), Decimal(str(points))))
    pairs.sort(reverse=True)
    floors = [f for f, _ in pairs]
    if len(set(floors)) != len(floors) or [p for _, p in pairs] != sorted((p for _, p in pairs), reverse=True):
        raise Unsure("分档的下限或分值有重复或次序颠倒", "the bands repeat a floor or their points do not fall")
    otherwise = "0"
    if "otherwise" in facts.found:
        below, otherwise = _one(facts, "otherwise")
        if Decimal(below) != floors[-1]:
            raise Unsure(f"最低档{plain_number(str(floors[-1]))}与“{plain_number(below)}以下”之间有空档",
                          f"a gap between the lowest band {floors[-1]} and 'below {plain_number(below)}'")
    elif "else_zero" in facts.found:
        below = _one(facts, "else_zero")[0]
        if below is not None and Decimal(below) != floors[-1]:
            raise Unsure(f"最低档{plain_number(str(floors[-1]))}与“低于{plain_number(below)}”之间有空档",
                          f"a gap between the lowest band {floors[-1]} and 'below {plain_number(below)}'")
    listed = ", ".join(f"[{plain_number(str(f))}, {plain_number(str(p))}]" for f, p in pairs)
    rule = f"bands(bands=[{listed}]" + ("" if otherwise == "0" else f", otherwise={plain_number(otherwise)}") + ")"
    return rule, "按分档计分", "points by bands"


@_reading("rank_step", "rank_first rank_hint")
def rank(facts, points, source):
    if "rank_first" in facts.found:
        _full_points(_one(facts, "rank_first")[0], points, "第1名")
    step = plain_number(_one(facts, "rank_step")[0])
    return f"rank(step={step})", f"第1名得满分,每后1名减{step}分", f"first gets full points, {step} off per place"


@_reading("proportional", "full_at")
def proportional(facts, points, source):
    if "full_at" in facts.found:
        target, higher, _op = _full_at(facts, points)
        if not higher:
            raise Unsure("按比例计分但满分条件是不超过某值", "proportional, yet full points are at most a value")
        return (f"proportional(target={plain_number(target)})", f"按完成值占{plain_number(target)}的比例计分",
                f"in proportion to {plain_number(target)}")
    return ("proportional(target=100)", "按完成比例计分(数据为完成率%,100为满分)",
            "in proportion to the rate in % (100 = full)")


@_reading("scaled")
def scaled(facts, points, source):
    top = plain_number(_one(facts, "scaled")[0])
    return f"scaled(max={top})", f"按{top}分制折算", f"a score out of {top}, scaled"


@_reading("veto")
def veto(facts, points, source):
    effects = {v[0] for v in facts.found["veto"]}
    # Any veto bars awards: "一票否决,取消评优" says no more than 一票否决.
    explicit = effects - {None}
    if None in effects or len(explicit) > 1:
        explicit.discard("no_award")
    if len(explicit) > 1:
        raise Unsure("一票否决的后果写了不止一种", "the text gives more than one veto effect")
    if points:
        raise Unsure("一票否决的指标不能有分值(请清空分值)", "a veto item has no points (clear 分值)")
    effect = explicit.pop() if explicit else None
    rule = "veto" if effect is None else f"veto(effect={effect})"
    return rule, "一票否决", "veto"


@_reading("manual")
def manual(facts, points, source):
    return "manual", "由考核人员评分", "points given by the assessor"


def _records(kind: str, each: str | None, cap: str | None, points: float | None, source: str,
             between: tuple[str, str] | None = None) -> tuple[str, str, str]:
    if not points and cap is None:
        raise Unsure("分值为空,又没有写最多扣(加)几分", "no points and no cap: the most it may add or take is unknown")
    name = "per_occurrence" if kind == "deduction" and source == "inspection" and between is None else kind
    params = []
    if each is not None:
        params.append(f"each={plain_number(each)}")
    if between is not None:
        params.append(f"between=[{plain_number(between[0])}, {plain_number(between[1])}]")
    if cap is not None:
        params.append(f"cap={plain_number(cap)}")
    verb = ("加", "adds") if kind == "bonus" else ("扣", "takes")
    if between is not None:
        low, high = plain_number(between[0]), plain_number(between[1])
        zh, en = f"每条记录{verb[0]}{low}至{high}分", f"each record {verb[1]} {low} to {high}"
    elif each is not None:
        zh, en = f"每条记录{verb[0]}{plain_number(each)}分", f"each record {verb[1]} {plain_number(each)}"
    else:
        zh, en = f"每条记录按其分值{verb[0]}分", f"each record {verb[1]} its value"
    return f"{name}({', '.join(params)})", zh, en


def _deduction_cap(facts: Facts, points: float | None) -> str | None:
    if "floor0" in facts.found and not points:
        raise Unsure("“扣完为止”但分值为空,不知从几分扣起", "'扣完为止' but no points to deduct from")
    return _one(facts, "ded_cap")[0] if "ded_cap" in facts.found else None


@_reading("each_ded", "ded_cap floor0")
def deduction(facts, points, source):
    cap = _deduction_cap(facts, points)
    return _records("deduction", _one(facts, "each_ded")[0], cap, points, source)


@_reading("range", "ded_cap floor0")
def range_deduction(facts, points, source):
    cap = _deduction_cap(facts, points)
    return _records("deduction", None, cap, points, source, between=_one(facts, "range"))


@_reading("ded_cap", "floor0")
def capped_deduction(facts, points, source):
    return _records("deduction", None, _deduction_cap(facts, points), points, source)


@_reading("bonus_range", "bonus_cap")
def range_bonus(facts, points, source):
    cap = _one(facts, "bonus_cap")[0] if "bonus_cap" in facts.found else None
    return _records("bonus", None, cap, points, source, between=_one(facts, "bonus_range"))


@_reading("bonus_cap", "each_bonus")
def capped_bonus(facts, points, source):
    each = _one(facts, "each_bonus")[0] if "each_bonus" in facts.found else None
    return _records("bonus", each, _one(facts, "bonus_cap")[0], points, source)


@_reading("each_bonus")
def bonus(facts, points, source):
    return _records("bonus", _one(facts, "each_bonus")[0], None, points, source)
