"""Facts in a normalised 评价标准, each found by one pattern that consumes its words.

Patterns run in order, each replacing what it read by ``·``: an earlier,
more specific pattern (a range, a step) takes its words before a later,
looser one (a deduction after 未…) can misread them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["DEDUCT", "HARMLESS", "HEDGES", "N", "PARTS", "SCORING", "Facts", "scan"]


N = r"(\d+(?:\.\d+)?)"
_PCT = r"(?:个百分点|百分点|%|个点)"
_COUNT = r"(?:人次|户次|次|起|处|项|例|件|户|人|个|条|家|宗|所|份|名|天|日)"
_ITEM = r"(?:该项|本项|此项|该指标|本指标)?"
_ZERO = rf"{_ITEM}(?:不得分|得0分|计0分|记0分|不计分|分值全扣|扣除全部分值)"
_FULL = r"(?:得|计|记|给|为)满分"
_FAIL = r"(?:不达标|未达标|不合格|未完成|不符合|未落实|未通过|不到位|未到位|未按要求)"
_LESS = r"(?:减少|降低|下降|低于|少于|少|差|低)"
_MORE = r"(?:增加|超过|超出|高于|多于|多|上升|提高|增长)"
DEDUCT = r"(?:扣除|扣减|扣|减)"
# Words between a count and its price; never a rate ("每增加1个百分点加0.5分" is no count).
_WORDS = r"(?:(?!百分点|%)[^,;\d])*?"


@dataclass
class Facts:
    found: dict[str, list[tuple]] = field(default_factory=dict)

    def add(self, kind: str, *values) -> None:
        self.found.setdefault(kind, []).append(values)


_Reader = Callable[[re.Match, Facts], None]
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


@_pattern("range", rf"(?:每次|每起|每处|每项)?{DEDUCT}{N}分?(?:-|~|至|到){N}分")
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


@_pattern("rank_step", rf"(?:每(?:后退|下降|靠后|后移|退后|后|下降|降低)1(?:名|位)|其余(?:每|依)次|依次)(?:的)?,?(?:{DEDUCT}|递减){N}分")
def _rank_step(m, facts):
    facts.add("rank_step", m.group(1))


@_pattern("step_less", rf"每{_LESS}{N}{_PCT}?(?:的)?,?{DEDUCT}{N}分")
def _step_less(m, facts):
    facts.add("step", m.group(1), m.group(2), True)


@_pattern("step_more", rf"每{_MORE}{N}{_PCT}?(?:的)?,?{DEDUCT}{N}分")
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


@_pattern("ded_cap", rf"(?:扣分)?(?:累计)?(?:最多|最高)(?:累计)?{DEDUCT}{N}分|扣分(?:最高|最多|累计|总分|合计)?(?:不超过|不得超过|上限为?){N}分|扣满{N}分为止")
def _ded_cap(m, facts):
    facts.add("ded_cap", m.group(1) or m.group(2) or m.group(3))


@_pattern("each_ded", rf"每(?:发现|出现|有|发生|查实|存在|查出|缺|少报|漏报|迟报)?1?{_COUNT}{_WORDS}(?:的)?,?{DEDUCT}{N}分")
def _each_ded(m, facts):
    facts.add("each_ded", m.group(1))


@_pattern("failed_once", rf"(?:发现|出现|发生|查实)1?{_COUNT}{_WORDS}(?:的)?,?{DEDUCT}{N}分")
def _failed_once(m, facts):
    facts.add("each_ded", m.group(1))


@_pattern("missing_ded", rf"(?:未|没有|不按|不)[^,;\d]*?(?:的)?,?{DEDUCT}{N}分")
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
HEDGES = ("视情况", "视情节", "视具体", "酌情", "酌减", "适当", "原则上", "参照", "另行",
           "根据情况", "根据实际", "视其", "分别")
# Words that score: one left unread means the pattern did not see all of the rule.
SCORING = re.compile(r"扣|加分|加\d|得|满分|不计|否决|取消|等次|较差|评优|通报|约谈|问责|追责|倍|分")
# Words with 分 or 得 that do not score.
HARMLESS = re.compile(r"分析|分类|充分|分解|分工|分管|区分|划分|取得|获得|记录|得到|得力|分布|部署|分级")


def scan(text: str) -> tuple[Facts, str]:
    """Facts found in the text and what no pattern read (with ``·`` where a fact was)."""
    facts = Facts()
    rest = text
    for _name, regex, reader in _PATTERNS:
        rest = regex.sub(lambda m, read=reader: read(m, facts) or "·", rest)
    return facts, rest


# Each fact as a flag names it to the clerk.
PARTS = {
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
