"""Range deductions (扣5-10分): the assessor enters an amount within the declared range."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.io.rule_text import say_rule
from bipin.scoring import ObservationError, SchemeError, evaluate, parse_scheme
from bipin.scoring.ranges import row_problems
from bipin.scoring.tests.helpers import data, people, totals


def scheme(rule="deduction(between=[5, 10], cap=20)", **leaf):
    return parse_scheme(
        {
            "contest": "c",
            "dimensions": [
                {
                    "name": "安全",
                    "points": 10,
                    "indicators": [
                        {"name": "评价", "points": 10, "source": "data", "rule": "manual"},
                        {"name": "事故", "source": "supervision", "rule": rule, **leaf},
                    ],
                }
            ],
        }
    )


def record(who, value, ref=None):
    return data(who, value, "事故", "supervision", ref=ref)


class TestAnAmountInsideTheRange:
    def test_each_record_takes_what_the_assessor_entered(self):
        # 甲: 9 − (5 + 7.5) = −3.5; 乙: 10 − 10 = 0; 丙: nothing recorded, 8.
        obs = [
            data("甲", 9, "评价"),
            record("甲", 5),
            record("甲", 7.5),
            data("乙", 10, "评价"),
            record("乙", 10),
            data("丙", 8, "评价"),
        ]
        ev = evaluate(scheme(), people("甲", "乙", "丙"), obs)
        assert totals(ev) == {"甲": -3.5, "乙": 0.0, "丙": 8.0}

    def test_the_cap_still_bounds_the_sum(self):
        # Three records of 8 = 24, capped at 20: 10 − 20 = −10.
        obs = [data("甲", 10, "评价")] + [record("甲", 8) for _ in range(3)]
        assert totals(evaluate(scheme(), people("甲"), obs)) == {"甲": -10.0}

    def test_a_bonus_range_adds_what_was_entered(self):
        ev = evaluate(
            scheme("bonus(between=[1, 3], cap=3)"),
            people("甲"),
            [data("甲", 6, "评价"), record("甲", 2.5)],
        )
        assert totals(ev) == {"甲": 8.5}

    def test_a_leaf_with_points_loses_the_entered_amount_within_them(self):
        s = parse_scheme(
            {
                "contest": "c",
                "dimensions": [
                    {
                        "name": "安全",
                        "points": 10,
                        "indicators": [
                            {
                                "name": "事故",
                                "points": 10,
                                "source": "supervision",
                                "rule": "deduction(between=[5, 10])",
                            }
                        ],
                    }
                ],
            }
        )
        assert totals(evaluate(s, people("甲"), [record("甲", 6)])) == {"甲": 4.0}


class TestAnAmountOutsideTheRange:
    @pytest.mark.parametrize("amount", [4, 4.99, 10.01, 30])
    def test_it_is_refused_naming_the_row(self, amount):
        with pytest.raises(ObservationError) as exc:
            evaluate(scheme(), people("甲"), [record("甲", amount, ref="监督.csv:7")])
        assert exc.value.ref == "监督.csv:7" and exc.value.field == "value"
        assert exc.value.message_zh == (
            f"“事故”的分值{amount:g}超出有效范围[5, 10](计分规则规定每条记录扣5-10分)"
        )

    def test_the_web_entry_and_imports_refuse_it_with_the_same_words(self):
        leaf = scheme().leaves("supervision")[0]
        assert row_problems(leaf, 11, 1.0) == [
            (
                "value",
                "“事故”的分值11超出有效范围[5, 10](计分规则规定每条记录扣5-10分)",
                "'事故': value 11 is outside its valid range [5, 10] (the rule takes 5 to 10 per record)",
            )
        ]
        assert row_problems(leaf, 5, 1.0) == []

    def test_a_record_without_an_amount_is_refused(self):
        with pytest.raises(ObservationError, match="needs a value"):
            evaluate(scheme(), people("甲"), [record("甲", None)])


class TestTheSchemeDeclaresARange:
    def test_each_and_between_together_are_refused(self):
        with pytest.raises(SchemeError, match=r"rule\.between: each fixes every record's amount"):
            scheme("deduction(each=5, between=[5, 10], cap=20)")

    @pytest.mark.parametrize("spec", ["[10, 5]", "[-1, 5]"])
    def test_a_backward_or_negative_range_is_refused(self, spec):
        with pytest.raises(SchemeError, match=r"rule\.between: must be \[low, high\]"):
            scheme(f"deduction(between={spec}, cap=20)")

    def test_a_range_that_is_not_two_numbers_is_refused(self):
        with pytest.raises(SchemeError, match=r"rule\.between: write it as \[low, high\]"):
            scheme("deduction(between=[5], cap=20)")

    def test_a_declared_range_may_not_widen_it(self):
        with pytest.raises(SchemeError, match=r"range \[0, 10\] goes beyond"):
            scheme(range=[0, 10])

    def test_the_scheme_page_says_it_in_words(self):
        said = say_rule({"type": "deduction", "between": [5, 10], "cap": 20})
        assert said.zh == "每条记录扣5-10分(由考核人员在此范围内确定),最多扣20分"
        assert (
            said.en
            == "each record takes 5 to 10, as the assessor sets within that range, at most 20 in all"
        )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(500, 1000), min_size=0, max_size=5))
def test_any_amounts_in_range_take_exactly_their_sum_up_to_the_cap(cents):
    amounts = [c / 100 for c in cents]
    obs = [data("甲", 10, "评价")] + [record("甲", a) for a in amounts]
    total = totals(evaluate(scheme(), people("甲"), obs))["甲"]
    assert total == pytest.approx(10 - min(sum(amounts), 20), abs=1e-9)
