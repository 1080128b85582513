"""Missing panel marks are handled per criterion and round by the declared policy, and said.

Two criteria a and b (10 marks each) on a 10-point leaf; rounds add up unless
the panel says otherwise. Every figure below is computed by hand in its comment.
"""

import pytest

from bipin.scoring import Observation, ObservationError, evaluate, parse_scheme, score_panel
from bipin.scoring.tests.helpers import people, totals

AB = [{"id": "a", "max": 10}, {"id": "b", "max": 10}]


def scheme(missing=None, leaf_missing=None, scheme_missing=None, **panel):
    panel = {"criteria": AB, **panel}
    if missing:
        panel["missing"] = missing
    leaf = {"name": "演讲", "points": 10, "source": "panel", "panel": "p"}
    if leaf_missing:
        leaf["missing"] = leaf_missing
    data = {
        "contest": "c",
        "panels": {"p": panel},
        "dimensions": [{"name": "d", "indicators": [leaf]}],
    }
    if scheme_missing:
        data["missing"] = scheme_missing
    return parse_scheme(data)


def sheet(entrant, round=None, **by_criterion):
    """Marks by judge J0, J1, ... for each criterion; None leaves that judge's cell blank."""
    return [
        Observation(entrant, "panel", c, v, judge=f"J{j}", round=round)
        for c, values in by_criterion.items()
        for j, v in enumerate(values)
        if v is not None
    ]


# 甲: round 1 a (6, 8) → 7, b (4, 6) → 5; round 2 a (9, 7) → 8 and nobody marked b.
JIA = sheet("甲", "1", a=[6, 8], b=[4, 6]) + sheet("甲", "2", a=[9, 7])
# 乙: round 1 a 5, b 5 → 10; round 2 a 6, b (5, 7) → 6.
YI = sheet("乙", "1", a=[5, 5], b=[5, 5]) + sheet("乙", "2", a=[6, 6], b=[5, 7])


def warnings_of(ev, entrant):
    return [w for w in ev.warnings if f" · {entrant} · " in w]


class TestMissingCriterion:
    def test_zero_keeps_the_rounds_other_criteria(self):
        # (7 + 5) + (8 + 0) = 20 of 2 rounds × 20 = 40 → 5.0 (the whole round used to be dropped: 3.0)
        ev = evaluate(scheme(), people("甲"), JIA)
        assert totals(ev) == {"甲": 5.0}
        assert ev.warnings == [
            "组 · 甲 · “演讲”评分项“b”(第2轮)无评分,按0分计 / "
            "'演讲': criterion 'b' in round 2 has no marks: scored 0"
        ]

    def test_group_mean_fills_the_criterion_with_the_groups_mean_for_that_round(self):
        # 甲: 12 + (8 + 6) = 26 of 40 → 6.5; 乙: 10 + 12 = 22 → 5.5
        ev = evaluate(scheme("group_mean"), people("甲", "乙"), JIA + YI)
        assert totals(ev) == {"甲": 6.5, "乙": 5.5}
        assert warnings_of(ev, "甲") == [
            "组 · 甲 · “演讲”评分项“b”(第2轮)无评分,按组均值6计 / "
            "'演讲': criterion 'b' in round 2 has no marks: scored the group mean 6"
        ]
        leaf = ev.result("甲").explanation.to_dict()["children"][0]["children"][0]
        assert leaf["missing_marks"] == [
            {"round": "2", "criterion": "b", "policy": "group_mean", "value": 6.0}
        ]

    def test_exclude_lets_the_marked_criteria_carry_the_full_marks(self):
        # present 7 + 5 + 8 = 20 of 30 → scaled to 40: 26.667 → 6.67
        ev = evaluate(scheme("exclude"), people("甲"), JIA)
        assert totals(ev) == {"甲": 6.67}
        assert "excluded: the marked criteria carry the full marks" in ev.warnings[0]

    def test_the_panel_policy_comes_before_the_leafs_and_the_schemes(self):
        both = people("甲", "乙")
        assert totals(evaluate(scheme(leaf_missing="group_mean"), both, JIA + YI))["甲"] == 6.5
        assert totals(evaluate(scheme(scheme_missing="group_mean"), both, JIA + YI))["甲"] == 6.5
        s = scheme("zero", leaf_missing="group_mean")
        assert totals(evaluate(s, both, JIA + YI))["甲"] == 5.0

    def test_group_mean_with_nobody_marked_scores_zero_and_says_so(self):
        ev = evaluate(scheme("group_mean"), people("甲"), sheet("甲", a=[6, 8]))
        assert totals(ev) == {"甲": 3.5}  # 7 of 20
        assert "组内无人有此评分,按0分计" in ev.warnings[0]

    def test_one_round_missing_a_criterion_is_not_a_missing_leaf(self):
        ev = evaluate(scheme(), people("甲"), sheet("甲", a=[6, 8]))
        assert totals(ev) == {"甲": 3.5}  # 7 + 0 of 20 (it used to be 0 points: "no data")
        assert not any("has no data" in w for w in ev.warnings)

    def test_a_missing_criterion_on_sheets_fills_every_sheet(self):
        # on: sheet, nobody marked b: sheets 6 and 8 → 7 (+ 0) of 20 → 3.5
        ev = evaluate(scheme(on="sheet"), people("甲"), sheet("甲", a=[6, 8]))
        assert totals(ev) == {"甲": 3.5}
        assert "“演讲”评分项“b”无评分,按0分计" in ev.warnings[0]

    def test_an_entrant_without_a_round_gets_the_policy_for_that_round(self):
        # 丙 has round 1 only; group_mean fills round 2 with 乙's a 6 and b 6:
        # (5 + 5) + (6 + 6) = 22 of 40 → 5.5 (it used to be 10 of 40: 2.5, unsaid)
        bing = sheet("丙", "1", a=[5, 5], b=[5, 5])
        ev = evaluate(scheme("group_mean"), people("乙", "丙"), YI + bing)
        assert totals(ev)["丙"] == 5.5
        assert warnings_of(ev, "丙") == [
            "组 · 丙 · “演讲”第2轮无评分,各评分项按组均值计(a 6、b 6) / "
            "'演讲': no marks in round 2: each criterion scored the group mean (a 6, b 6)"
        ]


class TestJudgesBlanks:
    def test_a_blank_on_criterion_aggregation_uses_the_other_judges_and_is_said(self):
        # J1 left b blank: b = J0's 4; a = (6 + 8) / 2 = 7 → 11 of 20 → 5.5
        ev = evaluate(scheme(), people("甲"), sheet("甲", a=[6, 8], b=[4, None]))
        assert totals(ev) == {"甲": 5.5}
        assert ev.warnings == [
            "组 · 甲 · “演讲”评委J1未给评分项“b”打分,该项按其他评委计 / "
            "'演讲': judge J1 gave no mark for criterion 'b': it uses the other judges' marks"
        ]

    def test_a_half_filled_sheet_is_not_counted_and_names_judge_and_criterion(self):
        # J1's sheet lacks b: only J0's sheet 6 + 4 = 10 counts → 5.0
        ev = evaluate(scheme(on="sheet"), people("甲"), sheet("甲", a=[6, 8], b=[4, None]))
        assert totals(ev) == {"甲": 5.0}
        assert ev.warnings == [
            "组 · 甲 · “演讲”评委J1的评分表缺评分项“b”,该表不计入 / "
            "'演讲': judge J1's sheet lacks criterion 'b' and was not counted"
        ]


class TestRounds:
    def test_weighted_rounds_give_a_missing_round_the_policy(self):
        # 乙 lacks round 2 (weight 0.6): group_mean fills it with 甲's round-2 total 16:
        # 0.4 × 10 + 0.6 × 16 = 13.6 of (0.4 + 0.6) × 20 → 6.8
        s = scheme("group_mean", rounds={"mode": "weighted", "weights": {"1": 0.4, "2": 0.6}})
        jia = sheet("甲", "1", a=[6, 8], b=[4, 6]) + sheet("甲", "2", a=[9, 7], b=[8, 8])
        yi = sheet("乙", "1", a=[5, 5], b=[5, 5])
        ev = evaluate(s, people("甲", "乙"), jia + yi)
        assert totals(ev)["乙"] == 6.8
        assert "第2轮无评分" in warnings_of(ev, "乙")[0]

    def test_weighted_rounds_refuse_a_round_they_do_not_weigh(self):
        s = scheme(rounds={"mode": "weighted", "weights": {"1": 0.4, "2": 0.6}})
        marks = [Observation("甲", "panel", "a", 5, judge="J0", round="3", ref="m.csv:7")]
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲"), marks)
        assert err.value.field == "round" and err.value.ref == "m.csv:7"
        with pytest.raises(ObservationError, match="round"):
            evaluate(s, people("甲"), [Observation("甲", "panel", "a", 5, judge="J0")])

    def test_last_carries_the_latest_round_and_says_which(self):
        s = scheme(rounds="last")
        jia = sheet("甲", "1", a=[6, 8], b=[4, 6]) + sheet("甲", "2", a=[9, 7], b=[8, 8])
        yi = sheet("乙", "1", a=[5, 5], b=[5, 5])
        ev = evaluate(s, people("甲", "乙"), jia + yi)
        assert totals(ev) == {"甲": 8.0, "乙": 5.0}  # 16 of 20; 10 of 20
        assert warnings_of(ev, "乙") == [
            "组 · 乙 · “演讲”第2轮无评分,沿用第1轮 / '演讲': no marks in round 2: round 1 carried"
        ]

    def test_rounds_named_by_numbers_are_ordered_by_number(self):
        s = scheme(rounds="last")
        obs = sheet("甲", "9", a=[2], b=[2]) + sheet("甲", "10", a=[9], b=[9])
        assert totals(evaluate(s, people("甲"), obs)) == {"甲": 9.0}  # round 10 is the latest

    def test_a_round_with_too_few_judges_is_missing_for_that_round_only(self):
        # min_judges 2: round 2 has only J0 → its criteria score 0; 12 + 0 of 40 → 3.0
        s = scheme(min_judges=2)
        obs = sheet("甲", "1", a=[6, 8], b=[4, 6]) + sheet("甲", "2", a=[10], b=[10])
        ev = evaluate(s, people("甲"), obs)
        assert totals(ev) == {"甲": 3.0}
        assert ev.warnings == [
            "组 · 甲 · “演讲”第2轮无评分,按0分计 / '演讲': no marks in round 2: scored 0",
            "组 · 甲 · “演讲”第2轮评委仅1人,少于最低2人,该轮按缺失处理 / "
            "'演讲': round 2 has only 1 judges, fewer than 2: the round is treated as missing",
        ]


class TestScorePanelWarnings:
    def test_score_panel_says_what_it_filled(self):
        r = score_panel(scheme(), "演讲", sheet("甲", a=[6, 8]))
        assert r.total == 7.0 and r.criteria == {"a": 7.0, "b": 0.0}
        assert r.warnings == (
            "“演讲”评分项“b”无评分,按0分计 / '演讲': criterion 'b' has no marks: scored 0",
        )


class TestPanelMissingKey:
    def test_the_panel_policy_is_checked(self):
        with pytest.raises(ValueError, match=r"panels\.p\.missing"):
            scheme("guess")


class TestRoundingStage:
    def test_judge_stage_rounding_needs_sheets(self):
        # On criterion there is no judge's sheet total to round: the declaration
        # used to be ignored without a word.
        with pytest.raises(ValueError, match=r"panels\.p\.rounding\.stage"):
            scheme(rounding={"decimals": 0, "stage": "judge"})
        scheme(on="sheet", rounding={"decimals": 0, "stage": "judge"})
