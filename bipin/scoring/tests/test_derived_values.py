"""Derived values (完成率 = 完成数 / 任务数 × 100): a leaf computed from its inputs by a formula."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.io.observations import read_data_file, repeated_values
from bipin.scoring import ObservationError, SchemeError, evaluate, parse_scheme
from bipin.scoring.formula import FormulaError, parse_formula
from bipin.scoring.ranges import row_problems
from bipin.scoring.tests.helpers import data, people, totals


def scheme(formula="完成数 / 任务数 × 100", rule="proportional(target=100)", **extra):
    return parse_scheme(
        {
            "contest": "c",
            **extra,
            "dimensions": [
                {
                    "name": "工作",
                    "indicators": [
                        {
                            "name": "完成率",
                            "points": 10,
                            "source": "data",
                            "formula": formula,
                            "rule": rule,
                        }
                    ],
                }
            ],
        }
    )


def inputs(who, done, tasks):
    return [data(who, done, "完成数"), data(who, tasks, "任务数")]


class TestTheValueIsComputed:
    def test_the_rule_scores_the_computed_rate(self):
        # 甲 45/50 → 90 % → 10 × 0.9 = 9; 乙 50/50 → 100 % → 10; 丙 12/40 → 30 % → 3.
        obs = inputs("甲", 45, 50) + inputs("乙", 50, 50) + inputs("丙", 12, 40)
        ev = evaluate(scheme(), people("甲", "乙", "丙"), obs)
        assert totals(ev) == {"甲": 9.0, "乙": 10.0, "丙": 3.0}

    def test_the_explanation_shows_the_formula_and_its_inputs(self):
        ev = evaluate(scheme(), people("甲"), inputs("甲", 45, 50))
        leaf = ev.result("甲").explanation.to_dict()["children"][0]["children"][0]
        assert (leaf["formula"], leaf["formula_inputs"], leaf["value"]) == (
            "完成数 / 任务数 × 100",
            {"完成数": 45.0, "任务数": 50.0},
            90.0,
        )
        assert "      公式 / formula: 完成数 / 任务数 × 100(完成数 45, 任务数 50)= 90" in (
            ev.result("甲").explanation.lines()
        )

    def test_min_max_and_if_work_on_the_whole_group(self):
        s = scheme("if(任务数 > 0, min(完成数 / 任务数 * 100, 100), 100)")
        obs = inputs("甲", 60, 50) + inputs("乙", 0, 0) + inputs("丙", 20, 40)
        # 甲 capped at 100 → 10; 乙 has no task → 100 → 10; 丙 50 % → 5.
        assert totals(evaluate(s, people("甲", "乙", "丙"), obs)) == {
            "甲": 10.0,
            "乙": 10.0,
            "丙": 5.0,
        }


class TestAValueThatCannotBeComputed:
    def test_a_division_by_zero_is_missing_with_a_warning_never_zero(self):
        ev = evaluate(
            scheme(missing="group_mean"),
            people("甲", "乙"),
            inputs("甲", 45, 50) + inputs("乙", 3, 0),
        )
        assert totals(ev) == {"甲": 9.0, "乙": 9.0}  # the group mean of the entrants with a value
        assert (
            "组 · 乙 · “完成率”按公式 完成数 / 任务数 × 100 计算时除数为0,视为缺少数据 / "
            "'完成率': 完成数 / 任务数 × 100 divides by zero: no value" in ev.warnings
        )

    def test_a_missing_input_is_named(self):
        ev = evaluate(scheme(), people("甲"), [data("甲", 45, "完成数")])
        assert totals(ev) == {"甲": 0.0}
        assert any("缺少输入项任务数,视为缺少数据" in w for w in ev.warnings)
        assert any("“完成率”缺少数据,按0分计" in w for w in ev.warnings)

    def test_a_computed_value_outside_the_range_is_refused_at_an_input_row(self):
        obs = [data("甲", 60, "完成数", ref="d.csv:2"), data("甲", 50, "任务数", ref="d.csv:3")]
        with pytest.raises(ObservationError) as exc:
            evaluate(scheme(), people("甲"), obs)
        assert exc.value.ref == "d.csv:2"
        assert exc.value.message_zh.startswith(
            "参评对象“甲”的“完成率”按公式 完成数 / 任务数 × 100 算得120,超出有效范围[0, 100]"
        )

    def test_a_value_typed_in_for_the_derived_leaf_is_refused(self):
        with pytest.raises(ObservationError, match="is computed by"):
            evaluate(scheme(), people("甲"), [data("甲", 90, "完成率")])


class TestFilesNameTheInputs:
    def test_an_input_is_an_item_of_the_scheme_and_no_range_applies_to_it(self):
        s = scheme()
        assert s.items("组")["任务数"].id == "完成率"
        assert row_problems(s.items("组")["任务数"], 250, 1.0) == []

    def test_an_input_given_twice_is_refused_like_any_value(self):
        text = "参评对象,来源,指标,分值\n甲,data,任务数,50\n甲,data,任务数,40\n".encode()
        f = read_data_file(text, filename="d.csv")
        found = repeated_values(
            f.observations,
            lambda o: scheme().items("组").get(o.item),
            lambda o: o.entrant,
            lambda o: f.where(o.ref),
        )
        assert len(found) == 1


class TestTheFormulaIsChecked:
    @pytest.mark.parametrize(
        "text, message",
        [
            ("__import__('os').system('x')", "a formula may use only numbers"),
            ("完成数 ** 2", "a formula may use only numbers"),
            ("完成数.real", "a formula may use only numbers"),
            ("min(完成数)", r"min\(...\) takes 2 or more arguments"),
            ("if(完成数, 1)", r"if\(...\) takes 3 arguments"),
            ("完成数 / ", "cannot read the formula"),
            ("100", "a formula must read at least one input"),
        ],
    )
    def test_anything_but_the_small_language_is_refused(self, text, message):
        with pytest.raises(SchemeError, match=r"formula: " + message):
            scheme(text)

    def test_an_input_may_not_share_a_leafs_name(self):
        with pytest.raises(SchemeError, match="input '完成率' has the name of a leaf"):
            scheme("完成率 * 1")

    def test_a_formula_on_a_record_leaf_is_refused(self):
        with pytest.raises(
            SchemeError, match="a formula applies only to a leaf scored from one value"
        ):
            parse_scheme(
                {
                    "contest": "c",
                    "dimensions": [
                        {
                            "name": "d",
                            "indicators": [
                                {
                                    "name": "扣分",
                                    "source": "supervision",
                                    "rule": "deduction(cap=5)",
                                    "formula": "a + b",
                                }
                            ],
                        }
                    ],
                }
            )

    def test_full_width_signs_read_as_their_ascii_forms(self):
        f = parse_formula("max（完成数，任务数）÷ 2")
        assert f.evaluate({"完成数": np.array([4.0]), "任务数": np.array([6.0])})[0].tolist() == [
            3.0
        ]

    def test_a_bad_formula_object_names_itself(self):
        with pytest.raises(FormulaError):
            parse_formula("lambda: 1")


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@settings(max_examples=80, deadline=None)
@given(finite, finite, finite)
def test_arithmetic_matches_numpy_and_division_by_zero_is_never_a_number(a, b, c):
    f = parse_formula("(a + b) * c - a / b")
    got, why = f.evaluate({"a": np.array([a]), "b": np.array([b]), "c": np.array([c])})
    if b == 0:
        assert np.isnan(got[0]) and why[0] == "zero"
    else:
        assert got[0] == pytest.approx((a + b) * c - a / b, rel=1e-12, abs=1e-9)
        assert why[0] == ""
