"""Propose a 计分规则 from the Chinese 评价标准 of a 考核细则 row.

Offices keep their 考核细则 as a table whose 评价标准 column states the rule in
words ("达标率100%得满分,每减少0.1个百分点扣1分,扣完为止"). This module reads
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

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


# --------------------------------------------------------------------------- text

_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII forms
_WIDTH.update({0x3000: " ", ord("。"): ";", ord("﹪"): "%", ord("—"): "-", ord("–"): "-",
               ord("〜"): "~", ord("（"): "(", ord("）"): ")", ord("【"): "(", ord("】"): ")"})
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = "〇零一二两三四五六七八九十百千"
# A Chinese numeral is a number only where a count or a score follows it (扣五分,
# 每一处, 第一名); 一票否决, 统一 and 进一步 keep their words.
_COUNTED = "分个人户次名项处起件家位例元条份所宗批类%天日月年"
_CHINESE_NUMBER = re.compile(
    rf"(?<![\d.])(第)?([{_NUMERAL}]+(?:点[{_NUMERAL[:-3]}]+)?)(?=[{_COUNTED}])"
    rf"|(?<![\d.])(第)([{_NUMERAL}]+)(?![\d.])"
)
_PERCENT_OF = re.compile(rf"百分之(\d+(?:\.\d+)?|[{_NUMERAL}]+(?:点[{_NUMERAL[:-3]}]+)?)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _chinese_int(text: str) -> int | None:
    """一百零五 → 105, 十五 → 15, 三 → 3; None for what is not a plain numeral."""
    if all(c in _DIGITS for c in text) and len(text) > 1:  # 一〇五 read digit by digit
        return int("".join(str(_DIGITS[c]) for c in text))
    total, current = 0, None
    for c in text:
        if c in "零〇" and total and current is None:  # 一百零五: the 零 holds a place
            continue
        if c in _DIGITS:
            if current is not None:
                return None
            current = _DIGITS[c]
        elif c in _UNITS:
            total += (1 if current is None else current) * _UNITS[c]
            current = None
        else:
            return None
    return total + (current or 0)


def _numeral(match: re.Match) -> str:
    ordinal = match.group(1) or match.group(3) or ""
    text = match.group(2) or match.group(4)
    if text.endswith("百") and match.string.startswith(("分点", "分制", "分比", "分之"), match.end()):
        return match.group(0)  # 百分点 and 百分制 are words, not a hundred points
    whole, _, frac = text.partition("点")
    value = _chinese_int(whole)
    if value is None or (frac and any(c not in _DIGITS for c in frac)):
        return match.group(0)
    return ordinal + str(value) + ("." + "".join(str(_DIGITS[c]) for c in frac) if frac else "")


def _percent(match: re.Match) -> str:
    """百分之九十五 → 95%; a numeral that is not one stays as written."""
    number = match.group(1)
    if number[0].isdigit():
        return number + "%"
    converted = _CHINESE_NUMBER.sub(_numeral, number + "%")
    return converted if converted[0].isdigit() else match.group(0)


def normalise(text: str) -> str:
    """The 评价标准 as the patterns read it: half-width, no spaces, numerals in digits.

    >>> normalise("每减少０．１个百分点扣１分，扣完为止。")
    '每减少0.1个百分点扣1分,扣完为止;'
    >>> normalise("第一名得满分，每后退一名扣零点五分；实行一票否决")
    '第1名得满分,每后退1名扣0.5分;实行一票否决'
    >>> normalise("达到百分之九十五的得满分")
    '达到95%的得满分'
    """
    text = str(text).translate(_WIDTH)
    # Spaces go, except between two numbers: "扣5 10分" must not read as 510.
    text = re.sub(r"(?<=\d)\s+(?=\d)", " ", text)
    text = re.sub(r"(?<!\d)\s+|\s+(?!\d)", "", text)
    text = _PERCENT_OF.sub(_percent, text)
    return _CHINESE_NUMBER.sub(_numeral, text)


def numbers(text: str) -> list[Decimal]:
    """The numbers written in digits, in order.

    >>> numbers("每减少0.1个百分点扣1分")
    [Decimal('0.1'), Decimal('1')]
    """
    return [Decimal(m) for m in _NUMBER.findall(text)]


def _num(text: str) -> str:
    """A number as the rule syntax writes it, never in exponent form.

    >>> _num("1.50"), _num("100"), _num("0.0000001")
    ('1.5', '100', '0.0000001')
    """
    return format(Decimal(text).normalize(), "f")


# --------------------------------------------------------------------------- facts

N = r"(\d+(?:\.\d+)?)"
_PCT = r"(?:个百分点|百分点|%|个点)"
_COUNT = r"(?:人次|户次|次|起|处|项|例|件|户|人|个|条|家|宗|所|份|名|天|日)"
_ITEM = r"(?:该项|本项|此项|该指标|本指标)?"
_ZERO = rf"{_ITEM}(?:不得分|得0分|计0分|记0分|不计分|分值全扣|扣除全部分值)"
_FULL = r"(?:得|计|记|给|为)满分"
_FAIL = r"(?:不达标|未达标|不合格|未完成|不符合|未落实|未通过|不到位|未到位|未按要求)"
_LESS = r"(?:减少|降低|下降|低于|少于|少|差|低)"
_MORE = r"(?:增加|超过|超出|高于|多于|多|上升|提高|增长)"
_DEDUCT = r"(?:扣除|扣减|扣|减)"
# Words between a count and its price; never a rate ("每增加1个百分点加0.5分" is no count).
_WORDS = r"(?:(?!百分点|%)[^,;\d])*?"


@dataclass
class _Facts:
    found: dict[str, list[tuple]] = field(default_factory=dict)

    def add(self, kind: str, *values) -> None:
        self.found.setdefault(kind, []).append(values)


_Reader = Callable[[re.Match, _Facts], None]
_PATTERNS: list[tuple[str, re.Pattern, _Reader]] = []


def _pattern(name: str, regex: str) -> Callable[[_Reader], _Reader]:
    def register(reader: _Reader) -> _Reader:
        _PATTERNS.append((name, re.compile(regex), reader))
        return reader
    return register


# Dates and deadlines say when, not how much: "12月31日前未报送的扣2分".
@_pattern("date", r"\d+年(?:\d+月)?(?:\d+日)?|\d+月\d+日|\d+月(?:底|份|末)")
def _date(m, facts):
    pass


@_pattern("range", rf"(?:每次|每起|每处|每项)?{_DEDUCT}{N}分?(?:-|~|至|到){N}分")
def _range(m, facts):
    facts.add("range", m.group(1), m.group(2))


@_pattern("bonus_range", rf"(?:每次|每起|每处|每项)?加{N}分?(?:-|~|至|到){N}分")
def _bonus_range(m, facts):
    facts.add("bonus_range", m.group(1), m.group(2))


@_pattern("veto", r"(?:实行|予以|实施|执行)?一票否决(?:制)?")
def _veto(m, facts):
    facts.add("veto", None)  # the scheme's own 一票否决


@_pattern("no_award", r"(?:并)?取消(?:当年度?|年度)?(?:评先评优|评优评先|评先|评优|评奖|各类评优)(?:资格)?")
def _no_award(m, facts):
    facts.add("veto", "no_award")


@_pattern("veto_zero", r"(?:考核)?总分(?:计|记|为|按)0分?(?:计)?|考核得分(?:计|记|为)0分?")
def _veto_zero(m, facts):
    facts.add("veto", "zero")


@_pattern("lowest", r"(?:直接)?(?:定|评|确定)为(?:较差|最低)(?:等次|档次)?")
def _lowest(m, facts):
    facts.add("veto", "lowest_grade")


@_pattern("rank_first", rf"(?:第1名|排名第1(?:位|名)?|排名第一)(?:的)?(?:{_FULL}|得{N}分)")
def _rank_first(m, facts):
    facts.add("rank_first", m.group(1))


@_pattern("rank_hint", r"按(?:排名|名次)(?:先后)?(?:计分|得分|赋分)")
def _rank_hint(m, facts):
    facts.add("rank_hint")


@_pattern("rank_step", rf"(?:每(?:后退|下降|靠后|后移|退后|后|下降|降低)1(?:名|位)|其余(?:每|依)次|依次)(?:的)?,?(?:{_DEDUCT}|递减){N}分")
def _rank_step(m, facts):
    facts.add("rank_step", m.group(1))


@_pattern("step_less", rf"每{_LESS}{N}{_PCT}?(?:的)?,?{_DEDUCT}{N}分")
def _step_less(m, facts):
    facts.add("step", m.group(1), m.group(2), True)


@_pattern("step_more", rf"每{_MORE}{N}{_PCT}?(?:的)?,?{_DEDUCT}{N}分")
def _step_more(m, facts):
    facts.add("step", m.group(1), m.group(2), False)


@_pattern("whole_steps", rf"不足{N}?{_PCT}?(?:的部分|的)?,?(?:不扣分?|不计)")
def _whole(m, facts):
    facts.add("whole_steps", m.group(1))


@_pattern("one_fails", rf"有1{_COUNT}[^,;]*?{_FAIL}(?:的)?,?{_ZERO}")
def _one_fails(m, facts):
    facts.add("aon", "1", ">=", "每人(户)一行,1为达标", "one row per person, 1 = meets")


@_pattern("else_zero", rf"(?:否则|反之|达不到的?|未达到的?|不达标的?|未达标的?),?{_ZERO}")
def _else_zero(m, facts):
    facts.add("else_zero", None)


@_pattern("occurs", rf"(?:发生|出现|存在|发现)[^,;]*?(?:的)?,?{_ZERO}")
def _occurs(m, facts):
    facts.add("aon", "0", "<=", "每条数据为发生次数", "each row counts occurrences")


@_pattern("each_bonus", rf"每{_COUNT}?(?:获得|获|有|增加|新增|被|受到)?(?:1)?{_COUNT}?{_WORDS}(?:的)?,?加{N}分")
def _each_bonus(m, facts):
    facts.add("each_bonus", m.group(1))


@_pattern("bonus_cap", rf"加分(?:最高|最多|累计|总分|合计|总计)?(?:不超过|不得超过|不超|以|上限为?|封顶){N}分(?:为限)?|加分(?:最高|最多|封顶){N}分|(?:累计|最高|最多)(?:最多|最高)?加{N}分(?:为限|封顶)?")
def _bonus_cap(m, facts):
    facts.add("bonus_cap", m.group(1) or m.group(2) or m.group(3))


@_pattern("got_bonus", rf"(?:获得|获|被|受到|荣获){_WORDS}(?:的)?,?加{N}分")
def _got_bonus(m, facts):
    facts.add("each_bonus", m.group(1))


@_pattern("ded_cap", rf"(?:扣分)?(?:累计)?(?:最多|最高)(?:累计)?{_DEDUCT}{N}分|扣分(?:最高|最多|累计|总分|合计)?(?:不超过|不得超过|上限为?){N}分|扣满{N}分为止")
def _ded_cap(m, facts):
    facts.add("ded_cap", m.group(1) or m.group(2) or m.group(3))


@_pattern("each_ded", rf"每(?:发现|出现|有|发生|查实|存在|查出|缺|少报|漏报|迟报)?1?{_COUNT}{_WORDS}(?:的)?,?{_DEDUCT}{N}分")
def _each_ded(m, facts):
    facts.add("each_ded", m.group(1))


@_pattern("failed_once", rf"(?:发现|出现|发生|查实)1?{_COUNT}{_WORDS}(?:的)?,?{_DEDUCT}{N}分")
def _failed_once(m, facts):
    facts.add("each_ded", m.group(1))


@_pattern("missing_ded", rf"(?:未|没有|不按|不)[^,;\d]*?(?:的)?,?{_DEDUCT}{N}分")
def _missing_ded(m, facts):
    facts.add("each_ded", m.group(1))


@_pattern("missing_zero", rf"(?:未|没有|不按)[^,;\d]*?(?:的)?,?{_ZERO}")
def _missing_zero(m, facts):
    facts.add("aon", "1", ">=", "每条数据1为完成,0为未完成", "each row is 1 when done, 0 when not")


@_pattern("floor0", r"(?:直至|直到)?扣完(?:该项|本项|为止|即止|(?:该项|本项)?分值为止)+|扣至0分?为止|最低(?:扣至|得)?0分|不计负分|最多扣至0分")
def _floor0(m, facts):
    facts.add("floor0")


@_pattern("all_full", rf"(?<![未不没])(?:全部|均|全面|按时|按期|所有[^,;\d]*?均?)?(?:达标|完成|合格|落实|到位|符合要求)(?:任务|目标任务|年度任务)?(?:的)?,?(?:{_FULL}|得{N}分)")
def _all_full(m, facts):
    facts.add("all_full", m.group(1))


@_pattern("full_lower", rf"(?:控制在|不超过|不高于|低于|在)?{N}{_PCT}?(?:以内|以下|及以下)(?:的)?,?{_FULL}")
def _full_lower(m, facts):
    facts.add("full_at", m.group(1), False, "<" if m.group(0).startswith("低于") else "<=", None)


@_pattern("band_at", rf"{N}{_PCT}?(?:\(含\))?(?:及)?以上(?:\(含\))?(?:的)?,?得{N}分")
def _band_at(m, facts):
    facts.add("band", m.group(1), m.group(2))


@_pattern("band_between", rf"{N}{_PCT}?(?:\(含\))?(?:-|~|至|到){N}{_PCT}?(?:\(不含\)|之间)?(?:的)?,?得{N}分")
def _band_between(m, facts):
    facts.add("band", m.group(1), m.group(3))


@_pattern("full_at", rf"(?:达到|达|超过|高于|完成|达标率|完成率|为)?{N}{_PCT}?(?:\(含\))?(?:及以上|以上)?(?:\(含\))?(?:的)?,?(?:{_FULL}|得{N}分)")
def _full_at(m, facts):
    op = ">" if m.group(0).startswith(("超过", "高于")) else ">="
    facts.add("full_at", m.group(1), True, op, m.group(2))


@_pattern("below_zero", rf"(?:低于|不足|未达到|达不到){N}?{_PCT}?(?:的)?,?{_ZERO}|{N}{_PCT}?以下(?:的)?,?{_ZERO}")
def _below_zero(m, facts):
    facts.add("else_zero", m.group(1) or m.group(2))


@_pattern("below_band", rf"{N}{_PCT}?以下(?:的)?,?得{N}分")
def _below_band(m, facts):
    facts.add("otherwise", m.group(1), m.group(2))


@_pattern("proportional", r"按(?:照)?(?:实际)?(?:任务)?(?:完成|达成|落实)?(?:比例|率|进度|情况按比例)(?:计分|得分|折算得分|折算|计算得分|赋分)")
def _proportional(m, facts):
    facts.add("proportional")


@_pattern("scaled", rf"(?:按|以)?(?:测试|考试|测评|考核)?(?:成绩|得分)(?:\((?:满分|按)?{N}分(?:制)?\))?(?:按|以)?(?:百分制|{N}分制)?(?:按比例)?折(?:算|合)(?:为|成)?(?:本项|该项)?(?:得分|分值)?")
def _scaled(m, facts):
    facts.add("scaled", m.group(1) or m.group(2) or "100")


@_pattern("manual", r"(?:由|经)[^,;\d]*?(?:综合评定|评审|评价|评定|评分|打分|赋分)+(?:得分)?")
def _manual(m, facts):
    facts.add("manual")


@_pattern("once", rf"(?:每|发生|发现|出现|有|查实|存在)1{_COUNT}")
def _once(m, facts):
    pass


# Words that change the meaning of what follows: the row needs a person.
_HEDGES = ("视情况", "视情节", "视具体", "酌情", "酌减", "适当", "原则上", "参照", "另行",
           "根据情况", "根据实际", "视其", "分别")
# Words that score: one left unread means the pattern did not see all of the rule.
_SCORING = re.compile(r"扣|加分|加\d|得|满分|不计|否决|取消|等次|较差|评优|通报|约谈|问责|追责|倍|分")
# Words with 分 or 得 that do not score.
_HARMLESS = re.compile(r"分析|分类|充分|分解|分工|分管|区分|划分|取得|获得|记录|得到|得力|分布|部署|分级")


def _scan(text: str) -> tuple[_Facts, str]:
    """Facts found in the text and what no pattern read (with ``·`` where a fact was)."""
    facts = _Facts()
    rest = text
    for _name, regex, reader in _PATTERNS:
        rest = regex.sub(lambda m, read=reader: read(m, facts) or "·", rest)
    return facts, rest


# Each fact as a flag names it to the clerk.
_PARTS = {
    "full_at": ("满分线", "full points at a value"), "step": ("每步扣分", "a deduction per step"),
    "floor0": ("扣完为止", "down to 0"), "whole_steps": ("不足一步不扣", "whole steps only"),
    "aon": ("不达标不得分", "nothing unless all meet it"), "all_full": ("全部达标得满分", "full if all meet it"),
    "else_zero": ("否则不得分", "otherwise 0"), "band": ("分档", "bands"),
    "otherwise": ("最低档以下的得分", "points below the lowest band"),
    "rank_first": ("第1名得分", "points of the first"), "rank_step": ("按名次递减", "less per place"),
    "rank_hint": ("按排名计分", "by rank"), "proportional": ("按比例计分", "in proportion"),
    "scaled": ("折算", "scaled"), "veto": ("一票否决", "veto"), "manual": ("评定打分", "given by a reviewer"),
    "each_ded": ("每次扣分", "a deduction each time"), "ded_cap": ("扣分上限", "a cap on deductions"),
    "range": ("扣分范围", "a range of deduction"), "each_bonus": ("每项加分", "a bonus each time"),
    "bonus_cap": ("加分上限", "a cap on bonuses"), "bonus_range": ("加分范围", "a range of bonus"),
}


# --------------------------------------------------------------------------- readings


class _Unsure(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def _one(facts: _Facts, kind: str) -> tuple:
    """The single value of a fact; two different ones are a disagreement."""
    values = set(facts.found.get(kind, []))
    if len(values) > 1:
        amounts = sorted(Decimal(v[0]) for v in values if v and v[0] is not None)
        shown = "、".join(_num(str(a)) for a in amounts) or "—"
        raise _Unsure(f"同一条中出现不同的数值({shown}),不能确定用哪个",
                      f"the text gives different amounts ({shown.replace('、', ', ')}); cannot tell which applies")
    return next(iter(values))


def _full_at(facts: _Facts, points: float | None) -> tuple[str, bool, str]:
    """Where full points are given; a score the text names there must be the 分值."""
    target, higher, op, top = _one(facts, "full_at")
    _full_points(top, points, "满分")
    return target, higher, op


@dataclass(frozen=True)
class _Reading:
    name: str
    needs: frozenset[str]
    may: frozenset[str]
    build: Callable[[_Facts, float | None, str], tuple[str, str, str]]

    def fits(self, kinds: set[str]) -> bool:
        return self.needs <= kinds <= self.needs | self.may


_READINGS: list[_Reading] = []


def _reading(needs: str, may: str = "") -> Callable:
    def register(build):
        _READINGS.append(_Reading(build.__name__, frozenset(needs.split()), frozenset(may.split()), build))
        return build
    return register


def _full_points(value: str | None, points: float | None, what: str) -> None:
    """A score the text names for the top ("第1名得10分") must be the row's 分值."""
    if value is not None and (points is None or Decimal(value) != Decimal(str(points))):
        raise _Unsure(f"文中{what}{_num(value)}分与分值{points if points is not None else '(空)'}不一致",
                      f"the text gives {_num(value)} for {what}, the row's points are {points}")


@_reading("full_at step", "floor0 whole_steps")
def target_step(facts, points, source):
    target, higher, _op = _full_at(facts, points)
    step, deduct, step_higher = _one(facts, "step")
    if higher != step_higher:
        raise _Unsure("目标值的方向与每步扣分的方向相反", "the target and the steps point opposite ways")
    rule = f"target_step(target={_num(target)}, step={_num(step)}, deduct={_num(deduct)}"
    rule += "" if higher else ", higher_is_better=false"
    if "whole_steps" in facts.found:
        part = _one(facts, "whole_steps")[0]
        if part is not None and Decimal(part) != Decimal(step):
            raise _Unsure(f"“不足{_num(part)}不扣”与每{_num(step)}一步不一致",
                          f"'less than {_num(part)} not deducted' differs from the step {_num(step)}")
        rule += ", whole_steps=true"
    words = "未达到" if higher else "超出"
    return (rule + ")", f"目标值{_num(target)}得满分,每{words}{_num(step)}扣{_num(deduct)}分",
            f"full points at {_num(target)}, {_num(deduct)} off per {_num(step)} "
            + ("short" if higher else "over"))


@_reading("aon", "all_full")
def all_or_nothing_cond(facts, points, source):
    threshold, op, zh, en = _one(facts, "aon")
    if "all_full" in facts.found:
        _full_points(_one(facts, "all_full")[0], points, "满分")
        if threshold != "1":  # "发生…不得分" counts events; "完成得满分" reads rows as done/not
            raise _Unsure("“不得分”的条件与“得满分”的条件说的不是同一件事",
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
        raise _Unsure(f"满分线{_num(target)}与不得分线{_num(below)}之间的值不知如何计分",
                      f"values between {_num(below)} and {_num(target)} are not scored by the text")
    return (f"all_or_nothing(threshold={_num(target)}" + ("" if op == ">=" else f", op=\"{op}\"") + ")",
            f"达到{_num(target)}得满分,否则0分", f"full points at {_num(target)}, otherwise 0")


@_reading("band", "full_at otherwise else_zero")
def bands(facts, points, source):
    pairs = [(Decimal(f), Decimal(p)) for f, p in set(facts.found["band"])]
    if "full_at" in facts.found:
        target, higher, _op = _full_at(facts, points)
        if not higher or points is None:
            raise _Unsure("分档中的满分线无法与分值对应", "cannot place the full-points band")
        pairs.append((Decimal(target), Decimal(str(points))))
    pairs.sort(reverse=True)
    floors = [f for f, _ in pairs]
    if len(set(floors)) != len(floors) or [p for _, p in pairs] != sorted((p for _, p in pairs), reverse=True):
        raise _Unsure("分档的下限或分值有重复或次序颠倒", "the bands repeat a floor or their points do not fall")
    otherwise = "0"
    if "otherwise" in facts.found:
        below, otherwise = _one(facts, "otherwise")
        if Decimal(below) != floors[-1]:
            raise _Unsure(f"最低档{_num(str(floors[-1]))}与“{_num(below)}以下”之间有空档",
                          f"a gap between the lowest band {floors[-1]} and 'below {_num(below)}'")
    elif "else_zero" in facts.found:
        below = _one(facts, "else_zero")[0]
        if below is not None and Decimal(below) != floors[-1]:
            raise _Unsure(f"最低档{_num(str(floors[-1]))}与“低于{_num(below)}”之间有空档",
                          f"a gap between the lowest band {floors[-1]} and 'below {_num(below)}'")
    listed = ", ".join(f"[{_num(str(f))}, {_num(str(p))}]" for f, p in pairs)
    rule = f"bands(bands=[{listed}]" + ("" if otherwise == "0" else f", otherwise={_num(otherwise)}") + ")"
    return rule, "按分档计分", "points by bands"


@_reading("rank_step", "rank_first rank_hint")
def rank(facts, points, source):
    if "rank_first" in facts.found:
        _full_points(_one(facts, "rank_first")[0], points, "第1名")
    step = _num(_one(facts, "rank_step")[0])
    return f"rank(step={step})", f"第1名得满分,每后1名减{step}分", f"first gets full points, {step} off per place"


@_reading("proportional", "full_at")
def proportional(facts, points, source):
    if "full_at" in facts.found:
        target, higher, _op = _full_at(facts, points)
        if not higher:
            raise _Unsure("按比例计分但满分条件是不超过某值", "proportional, yet full points are at most a value")
        return (f"proportional(target={_num(target)})", f"按完成值占{_num(target)}的比例计分",
                f"in proportion to {_num(target)}")
    return ("proportional(target=100)", "按完成比例计分(数据为完成率%,100为满分)",
            "in proportion to the rate in % (100 = full)")


@_reading("scaled")
def scaled(facts, points, source):
    top = _num(_one(facts, "scaled")[0])
    return f"scaled(max={top})", f"按{top}分制折算", f"a score out of {top}, scaled"


@_reading("veto")
def veto(facts, points, source):
    effects = {v[0] for v in facts.found["veto"]}
    # Any veto bars awards: "一票否决,取消评优" says no more than 一票否决.
    explicit = effects - {None}
    if None in effects or len(explicit) > 1:
        explicit.discard("no_award")
    if len(explicit) > 1:
        raise _Unsure("一票否决的后果写了不止一种", "the text gives more than one veto effect")
    if points:
        raise _Unsure("一票否决的指标不能有分值(请清空分值)", "a veto item has no points (clear 分值)")
    effect = explicit.pop() if explicit else None
    rule = "veto" if effect is None else f"veto(effect={effect})"
    return rule, "一票否决", "veto"


@_reading("manual")
def manual(facts, points, source):
    return "manual", "由考核人员评分", "points given by the assessor"


def _records(kind: str, each: str | None, cap: str | None, points: float | None, source: str,
             between: tuple[str, str] | None = None) -> tuple[str, str, str]:
    if not points and cap is None:
        raise _Unsure("分值为空,又没有写最多扣(加)几分", "no points and no cap: the most it may add or take is unknown")
    name = "per_occurrence" if kind == "deduction" and source == "inspection" and between is None else kind
    params = []
    if each is not None:
        params.append(f"each={_num(each)}")
    if between is not None:
        params.append(f"between=[{_num(between[0])}, {_num(between[1])}]")
    if cap is not None:
        params.append(f"cap={_num(cap)}")
    verb = ("加", "adds") if kind == "bonus" else ("扣", "takes")
    if between is not None:
        low, high = _num(between[0]), _num(between[1])
        zh, en = f"每条记录{verb[0]}{low}至{high}分", f"each record {verb[1]} {low} to {high}"
    elif each is not None:
        zh, en = f"每条记录{verb[0]}{_num(each)}分", f"each record {verb[1]} {_num(each)}"
    else:
        zh, en = f"每条记录按其分值{verb[0]}分", f"each record {verb[1]} its value"
    return f"{name}({', '.join(params)})", zh, en


def _deduction_cap(facts: _Facts, points: float | None) -> str | None:
    if "floor0" in facts.found and not points:
        raise _Unsure("“扣完为止”但分值为空,不知从几分扣起", "'扣完为止' but no points to deduct from")
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
    text = _HARMLESS.sub("", rest)
    for m in _NUMBER.finditer(text):
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
    for hedge in _HEDGES:
        # A range is itself the room the hedge asks for ("视情节扣5-10分").
        if hedge in plain and not (hedge in ("视情况", "视情节", "酌情") and
                                   re.search(rf"{hedge}[^,;]*?{_DEDUCT}{N}分?(?:-|~|至|到){N}分", plain)):
            return _flag(f"含有“{hedge}”,须由人确定", f"says '{hedge}' (at discretion): needs a person")
    facts, rest = _scan(plain)
    left = list(_unread(rest))
    if left:
        shown = "、".join(left)
        return _flag(f"数字{shown}不知如何计分", f"cannot place the number(s) {', '.join(left)}")
    for clause in re.split(r"[,;]", rest):
        if _SCORING.search(_HARMLESS.sub("", clause)):
            shown = clause.strip("·")
            return _flag(f"未能读懂“{shown}”", f"cannot read '{shown}'")
    kinds = set(facts.found)
    if not kinds:
        return _flag("未找到计分方式", "no scoring rule found in the text")
    fitting = [r for r in _READINGS if r.fits(kinds)]
    if not fitting:
        zh = "、".join(_PARTS.get(k, (k, k))[0] for k in sorted(kinds))
        en = ", ".join(_PARTS.get(k, (k, k))[1] for k in sorted(kinds))
        return _flag(f"读到的({zh})不能组成一条规则", f"the parts read ({en}) make no one rule")
    if len(fitting) > 1:
        names = "、".join(r.name for r in fitting)
        return _flag(f"可以读成多种规则({names})", f"reads as more than one rule ({names})")
    try:
        rule, zh, en = fitting[0].build(facts, points, source)
    except _Unsure as exc:
        return _flag(exc.zh, exc.en)
    problem = _check(rule, points)
    if problem:
        return _flag(f"建议的规则 {rule} 不成立:{problem[0]}", f"the proposal {rule} does not hold: {problem[1]}")
    return Proposal(rule, zh, en)
