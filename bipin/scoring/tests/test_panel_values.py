"""Signed marks, a scale of values by element, and deductions from a figure.

Figures are the worked examples of docs/scheme.md (Panels → Signed marks and
scales of values), computed by hand.
"""

import pytest

from bipin.scoring import Observation, ObservationError, SchemeError, evaluate, parse_scheme
from bipin.scoring.tests.helpers import people, totals

GOE = {"min": -5, "max": 5, "step": 1}
SOV = {"3Lz": {"base": 5.90, "goe": 0.59}, "3F": {"base": 5.30, "goe": 0.53}}


def scheme(rule="scaled(max=30)", points=30, **panel):
    panel.setdefault("criteria", [{"id": "e1", **GOE}, {"id": "e2", **GOE}])
    panel.setdefault("aggregate", "trimmed")
    return parse_scheme(
        {
            "contest": "滑冰",
            "panels": {"p": panel},
            "dimensions": [
                {"name": "短节目", "indicators": [
                    {"name": "技术分", "points": points, "source": "panel", "panel": "p",
                     "rule": rule}]}
            ],
        }
    )


def marks(entrant, criterion, goes, element=None):
    return [
        Observation(entrant, "panel", criterion, g, judge=f"J{i + 1}", element=element,
                    ref=f"{entrant}:{criterion}:{i + 1}")
        for i, g in enumerate(goes)
    ]


def leaf(evaluation, entrant="甲"):
    result = next(r for g in evaluation.groups for r in g.results if r.entrant.id == entrant)
    return result.explanation.to_dict()["children"][0]["children"][0]


class TestSignedMarks:
    def test_a_negative_mark_within_the_declared_range_counts(self):
        s = scheme(rounding={"decimals": 2, "stage": "entrant"}, trim=1, rule="scaled(max=10)",
                   points=10, criteria=[{"id": "e1", **GOE}], aggregate="mean")
        # mean of 2, 3, −2 = 1; nothing below zero is clipped
        assert totals(evaluate(s, people("甲"), marks("甲", "e1", [2, 3, -2]))) == {"甲": 1}

    def test_a_mark_below_min_is_refused_at_its_row_in_both_languages(self):
        s = scheme(criteria=[{"id": "e1", **GOE}], values=SOV)
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲"), marks("甲", "e1", [1, -6, 0], "3Lz"))
        assert err.value.ref == "甲:e1:2" and err.value.field == "value"
        assert err.value.message_zh == "分值-6超出该评分项的范围[-5, 5]"
        assert err.value.message_en == "mark -6 outside [-5, 5] of its criterion"

    def test_a_signed_panel_under_plain_scaled_is_refused_as_ambiguous(self):
        with pytest.raises(SchemeError) as err:
            scheme(rule=None, criteria=[{"id": "e1", **GOE}])
        assert "比例不明确" in err.value.problems[0].message_zh
        assert "write scaled(max=...)" in err.value.problems[0].message_en

    def test_a_negative_total_is_refused_rather_than_given_zero_points(self):
        s = scheme(criteria=[{"id": "e1", **GOE}], aggregate="mean", rule="scaled(max=10)",
                   points=10)
        with pytest.raises(ObservationError, match="outside \\[0, 10\\]"):
            evaluate(s, people("甲"), marks("甲", "e1", [-2, -1, -3]))

    def test_min_must_lie_below_max(self):
        with pytest.raises(SchemeError, match="min 5 must be below max 5"):
            scheme(criteria=[{"id": "e1", "min": 5, "max": 5}])


class TestScaleOfValues:
    def test_each_element_scores_its_base_plus_the_trimmed_mean_of_the_judges_points(self):
        s = scheme(values=SOV, trim=1, rounding={"decimals": 2, "stage": "entrant"})
        rows = marks("甲", "e1", [2, 3, 2, 1, 2, 2, 3, 4, 0], "3Lz") + marks(
            "甲", "e2", [-1, -2, -1, -1, 0, -1, -1, -2, -1], "3F"
        )
        e = evaluate(s, people("甲"), rows)
        # 3Lz: 15 / 7 × 0.59 = 1.2643 → 1.26, + 5.90 = 7.16
        # 3F: −8 / 7 × 0.53 = −0.6057 → −0.61, + 5.30 = 4.69
        assert totals(e) == {"甲": 11.85}
        out = leaf(e)
        assert out["criteria"] == {"e1": 7.16, "e2": pytest.approx(4.69)}
        assert out["elements"] == [
            {"round": None, "criterion": "e1", "element": "3Lz", "base": 5.9},
            {"round": None, "criterion": "e2", "element": "3F", "base": 5.3},
        ]
        assert out["inputs"][0]["mark"] == 2 and out["inputs"][0]["points"] == pytest.approx(1.18)
        assert [x["after"] for x in out["rounding"]] == [1.26, -0.61]

    def test_a_rulebooks_per_step_table_gives_each_step_its_own_points(self):
        table = {"ChSq1": {"base": 3.0, "goe": [-2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5]}}
        s = scheme(values=table, criteria=[{"id": "e1", **GOE}], aggregate="mean")
        # +5 → 2.5, +4 → 2, −1 → −0.5: mean 4 / 3 = 1.3333, + 3.0 = 4.33
        assert totals(evaluate(s, people("甲"), marks("甲", "e1", [5, 4, -1], "ChSq1"))) == {
            "甲": 4.33
        }

    def test_an_element_not_in_the_table_is_refused_at_its_row(self):
        s = scheme(values=SOV)
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲"), marks("甲", "e1", [1, 1, 1], "4A"))
        assert err.value.ref == "甲:e1:1" and err.value.field == "element"
        assert "要素“4A”不在评委组“p”的分值表中" in err.value.message_zh

    def test_a_row_without_an_element_is_refused(self):
        s = scheme(values=SOV)
        with pytest.raises(ObservationError, match="no element code"):
            evaluate(s, people("甲"), marks("甲", "e1", [1, 1, 1]))

    def test_judges_naming_different_elements_for_one_cell_are_refused(self):
        s = scheme(values=SOV)
        rows = marks("甲", "e1", [1, 1], "3Lz") + [
            Observation("甲", "panel", "e1", 1, judge="J3", element="3F", ref="甲:e1:3")
        ]
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲"), rows)
        assert err.value.ref == "甲:e1:3" and err.value.field == "element"

    def test_a_value_table_needs_a_declared_scale_and_one_goe_range(self):
        with pytest.raises(SchemeError, match="scale of values has no fixed full marks"):
            scheme(rule=None, values=SOV)
        with pytest.raises(SchemeError, match="same min, max and step"):
            scheme(values=SOV, criteria=[{"id": "e1", **GOE}, {"id": "e2", "max": 3, "step": 1}])
        with pytest.raises(SchemeError, match="needs 11 figures"):
            scheme(values={"X": {"base": 1, "goe": [0, 1]}})

    def test_a_table_file_named_in_a_scheme_without_a_folder_is_refused(self):
        with pytest.raises(SchemeError, match="read only when the scheme is loaded from a file"):
            scheme(values="sov.csv")


class TestDeductions:
    def test_e_score_is_ten_minus_the_mean_of_the_middle_deductions(self):
        s = parse_scheme(
            {
                "contest": "体操",
                "rounding": {"decimals": 3},
                "panels": {"e": {"aggregate": "trimmed", "trim": 1,
                                 "rounding": {"decimals": 3, "stage": "entrant"},
                                 "criteria": [{"id": "扣分", "max": 10, "step": 0.1,
                                               "deduct_from": 10}]}},
                "dimensions": [{"name": "平衡木", "indicators": [
                    {"name": "完成分", "points": 10, "source": "panel", "panel": "e"}]}],
            }
        )
        rows = marks("甲", "扣分", [1.2, 1.0, 1.3, 0.9, 1.5])
        e = evaluate(s, people("甲"), rows)
        # middle deductions 1.0, 1.2, 1.3 → mean 1.1667; 10 − 1.1667 = 8.8333 → 8.833
        assert totals(e) == {"甲": 8.833}
        dropped = [m["mark"] for m in leaf(e)["inputs"] if not m["counted"]]
        assert sorted(dropped) == [0.9, 1.5]
        assert leaf(e)["inputs"][0]["points"] == pytest.approx(8.8)

    def test_a_deduction_origin_below_the_largest_deduction_is_refused(self):
        with pytest.raises(SchemeError, match="a mark would go negative"):
            scheme(criteria=[{"id": "x", "max": 10, "deduct_from": 5}])
