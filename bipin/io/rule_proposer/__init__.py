"""Propose a 计分规则 from the Chinese 评价标准 of a 考核细则 row.

Offices keep their 考核细则 as a table whose 评价标准 column states the rule in
words ("达标率100%得满分,每减少0.1个百分点扣1分,扣完为止"). This package reads
such a sentence with fixed patterns — no model, no network, the same answer
every time — and proposes the rule in scheme syntax for a clerk to accept or
correct. Pure: no Django.

It never guesses. The text is cut into *facts* (a target at which full points
are given, a step and its deduction, a cap, "该项不得分" after a condition, …),
each found by one pattern that consumes its words and numbers. A reading (a
rule) is proposed only when exactly one reading uses every fact found; the row
is flagged, with the reason, when

- a number is left that no pattern placed (``每2处扣1分``, ``60岁以上``),
- a word that scores is left unread (``并取消评优资格`` after a deduction),
- a hedge changes the meaning (视情况, 酌情, 原则上, …),
- facts disagree (two different amounts, a target and a rank), or
- the proposal does not pass the scheme parser with the row's 分值.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bipin.io.rule_proposer.facts import DEDUCT, HARMLESS, HEDGES, PARTS, SCORING, N, scan
from bipin.io.rule_proposer.readings import READINGS, Unsure
from bipin.io.rule_proposer.text import NUMBER, normalise, numbers
from bipin.scoring.records import Bonus, Deduction, PerOccurrence
from bipin.scoring.rulesyntax import RuleSyntaxError, parse_rule

__all__ = ["Proposal", "normalise", "numbers", "propose_rule"]


@dataclass(frozen=True)
class Proposal:
    """A proposed rule (scheme syntax) and why; ``rule`` is None for a flagged row."""

    rule: str | None
    why_zh: str
    why_en: str

    @property
    def flagged(self) -> bool:
        return self.rule is None


def _flag(zh: str, en: str) -> Proposal:
    return Proposal(None, zh, en)


def _check(rule: str, points: float | None) -> tuple[str, str] | None:
    try:
        parsed = parse_rule(rule)
    except RuleSyntaxError as exc:
        return exc.message_zh, exc.message_en
    problems = parsed.check(float(points or 0))
    if problems:
        name, zh, en = problems[0]
        return f"{name}:{zh}", f"{name}: {en}"
    if isinstance(parsed, (Bonus, Deduction, PerOccurrence)) and not points and parsed.cap is None:
        return "分值为空时须写上限", "without points a cap is needed"
    return None


def _unread(rest: str) -> Iterator[str]:
    text = HARMLESS.sub("", rest)
    for m in NUMBER.finditer(text):
        yield m.group(0)


def propose_rule(text: str | None, points: float | None = None, source: str = "") -> Proposal:
    """The rule a 评价标准 states, or a flag saying why it needs a person.

    ``points`` is the row's 分值; ``source`` its 数据来源 (an ``inspection``
    leaf's per-finding deductions become ``per_occurrence``).

    >>> propose_rule("达标率100%计满分;每减少0.1个百分点扣1分,扣完为止", 5).rule
    'target_step(target=100, step=0.1, deduct=1)'
    >>> propose_rule("有1人不达标,该项不得分", 6).rule
    'all_or_nothing(threshold=1)'
    >>> p = propose_rule("视情况扣分", 5)
    >>> p.flagged, p.why_zh
    (True, '含有“视情况”,须由人确定')
    """
    plain = normalise(text or "")
    if not plain.strip(";,"):
        return _flag("评价标准为空", "the 评价标准 is empty")
    for hedge in HEDGES:
        # A range is itself the room the hedge asks for ("视情节扣5-10分").
        if hedge in plain and not (hedge in ("视情况", "视情节", "酌情") and
                                   re.search(rf"{hedge}[^,;]*?{DEDUCT}{N}分?(?:-|~|至|到){N}分", plain)):
            return _flag(f"含有“{hedge}”,须由人确定", f"says '{hedge}' (at discretion): needs a person")
    facts, rest = scan(plain)
    left = list(_unread(rest))
    if left:
        shown = "、".join(left)
        return _flag(f"数字{shown}不知如何计分", f"cannot place the number(s) {', '.join(left)}")
    for clause in re.split(r"[,;]", rest):
        if SCORING.search(HARMLESS.sub("", clause)):
            shown = clause.strip("·")
            return _flag(f"未能读懂“{shown}”", f"cannot read '{shown}'")
    kinds = set(facts.found)
    if not kinds:
        return _flag("未找到计分方式", "no scoring rule found in the text")
    fitting = [r for r in READINGS if r.fits(kinds)]
    if not fitting:
        zh = "、".join(PARTS.get(k, (k, k))[0] for k in sorted(kinds))
        en = ", ".join(PARTS.get(k, (k, k))[1] for k in sorted(kinds))
        return _flag(f"读到的({zh})不能组成一条规则", f"the parts read ({en}) make no one rule")
    if len(fitting) > 1:
        names = "、".join(r.name for r in fitting)
        return _flag(f"可以读成多种规则({names})", f"reads as more than one rule ({names})")
    try:
        rule, zh, en = fitting[0].build(facts, points, source)
    except Unsure as exc:
        return _flag(exc.zh, exc.en)
    problem = _check(rule, points)
    if problem:
        return _flag(f"建议的规则 {rule} 不成立:{problem[0]}", f"the proposal {rule} does not hold: {problem[1]}")
    return Proposal(rule, zh, en)
