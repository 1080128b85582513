"""Every rule said in plain words, and no figure printed as "-0"."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bipin.io.report_data import figure
from bipin.io.rule_text import number, say_rule, veto_effect

CASES = [
    ({"type": "target_step", "target": 100, "step": 0.1, "deduct": 1}, 8,
     "达到目标值100得满分,每低于目标0.1扣1分,扣完为止",
     "full points at the target 100; 1 off for each 0.1 below it, down to 0"),
    ({"type": "target_step", "target": 5, "step": 1, "deduct": 2, "higher_is_better": False,
      "whole_steps": True}, 8,
     "不超过目标值5得满分,每超出目标1扣2分,扣完为止(不足1的部分不扣)",
     "full points at or under the target 5; 2 off for each 1 above it, down to 0 (only whole steps count)"),
    ({"type": "bands", "bands": [[90, 11], [95, 14], [80, 8], [60, 4]], "otherwise": 0}, 14,
     "达到95及以上得14分,90及以上得11分,80及以上得8分,60及以上得4分,否则0分",
     "14 points at 95 or more; 11 points at 90 or more; 8 points at 80 or more; 4 points at 60 or more; otherwise 0"),
    ({"type": "bands", "bands": [[1, 5], [3, 2]], "higher_is_better": False}, 5,
     "1及以下得5分,3及以下得2分,否则0分", "5 points at 1 or less; 2 points at 3 or less; otherwise 0"),
    ({"type": "all_or_nothing", "threshold": 0, "op": "<="}, 6,
     "每条数据均不超过0得6分,否则0分", "full points (6) only if every record is at most 0; otherwise 0"),
    ({"type": "proportional", "target": 90}, 6, "按完成值占目标值90的比例计分,达到目标得满分",
     "points in proportion to the value against the target 90; full points at the target"),
    ({"type": "scaled", "max": 100}, 5, "按100分制折算为本项5分", "a score out of 100 scaled to the item's 5 points"),
    ({"type": "scaled", "max": None}, 10, "按评分占其满分的比例折算",
     "points in proportion to the score out of its full marks"),
    ({"type": "manual"}, 5, "由审核人员直接评分(0至5分)", "points given directly by the reviewer"),
    ({"type": "rank", "step": 1}, 10, "组内第一名得满分,每后一名减1分",
     "first in the group gets full points; 1 off per place lower"),
    ({"type": "veto", "effect": "no_award"}, 0, "一票否决:发生即不得奖项", "veto: any record means no award"),
    ({"type": "bonus", "cap": 3, "each": None}, 0, "每条记录按其分值加分,最多加3分",
     "each record adds its value, at most 3 in all"),
    ({"type": "deduction", "cap": None, "each": 0.5}, 5, "每项扣0.5分,最多扣5分",
     "each record takes 0.5, at most 5 in all"),
    ({"type": "per_occurrence", "each": 0.5, "category": {}, "severity": {"一般": 0.5, "严重": 2}, "cap": 15},
     15, "每处问题扣0.5分(按严重程度:一般0.5分、严重2分),最多扣15分",
     "0.5 off per finding (by severity: 一般 0.5, 严重 2), at most 15 in all"),
]


@pytest.mark.parametrize(("rule", "full", "zh", "en"), CASES, ids=[c[0]["type"] for c in CASES])
def test_each_rule_reads_as_a_sentence(rule, full, zh, en):
    said = say_rule(rule, full)
    assert (said.zh, said.en) == (zh, en)


def test_a_rule_type_no_one_knows_does_not_show_its_code():
    said = say_rule({"type": "fancy_new", "x": 1})
    assert "fancy_new" not in said.zh and "x=" not in said.zh


def test_a_veto_effect_defaults_to_the_engines_default():
    from bipin.scoring.rules import Veto

    assert veto_effect(None) == veto_effect(list(Veto().effect))
    assert veto_effect(None).zh == "组内排名列最后、等次定为最低一档"


def test_several_veto_effects_are_said_together():
    said = say_rule({"type": "veto", "effect": ["out_of_ranking", "no_award"]})
    assert said.zh == "一票否决:发生即不参与排名,单独列出、不得奖项"
    assert said.en == "veto: any record means not ranked, listed apart, no award"


finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6)
tiny = st.decimals(min_value=Decimal("-0.004"), max_value=Decimal("0.004"), places=3).map(float)


@given(st.one_of(finite, tiny, st.just(-0.0)))
def test_no_figure_prints_as_minus_zero(value):
    text = figure(value)
    assert not (text.startswith("-") and Decimal(text) == 0), text
    assert Decimal(text) == Decimal(repr(value))  # every decimal kept, only the sign of zero dropped


@given(st.one_of(finite, st.just(-0.0)))
def test_no_rule_parameter_prints_as_minus_zero(value):
    text = number(value)
    assert text != "-0" and not (text.startswith("-") and float(text) == 0)
