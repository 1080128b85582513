"""Every leaf has a valid range of values; a value outside it is refused, never clipped."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.scoring import (
    Observation,
    ObservationError,
    ObservationTable,
    SchemeError,
    evaluate,
    parse_scheme,
)
from bipin.scoring.ranges import MAGNITUDE, value_range
from bipin.scoring.tests.helpers import data, leaf_scheme, people, totals


def refused(scheme, *obs, who=("甲",)):
    with pytest.raises(ObservationError) as err:
        evaluate(scheme, people(*who), list(obs))
    return err.value


def rng(rule, **extra):
    leaf = leaf_scheme(rule, **extra).leaves()[0]
    found = value_range(leaf)
    return None if found is None else (found.low, found.high)


class TestRangesImpliedByRules:
    @pytest.mark.parametrize(
        "rule, points, expected",
        [
            ("scaled(max=40)", 10, (0, 40)),
            ("manual", 5, (0, 5)),
            ("target_step(target=100, step=0.1, deduct=1)", 5, (0, 100)),
            ("proportional(target=100)", 5, (0, 100)),
            ("bands(bands=[[100, 10], [95, 8]])", 10, (0, 100)),
            ("all_or_nothing(threshold=1)", 6, (0, 1)),
            ("veto", 0, (0, None)),
            ("bonus(cap=3)", 0, (0, None)),
            ("deduction(cap=3)", 0, (0, None)),
            ("per_occurrence(each=1, cap=3)", 0, (0, None)),
        ],
    )
    def test_the_rule_says_what_its_values_are(self, rule, points, expected):
        source = "supervision" if rule.startswith(("veto", "bonus", "deduct")) else "data"
        assert rng(rule, points=points, source=source) == expected

    @pytest.mark.parametrize(
        "rule",
        [
            "rank(step=1)",
            "proportional(target=90)",
            "target_step(target=5, step=1, deduct=1)",
            "all_or_nothing(threshold=0, op='<=')",
            "bands(bands=[[95, 10], [90, 8]])",
            "target_step(target=100, step=1, deduct=1, higher_is_better=false)",
        ],
    )
    def test_a_rule_that_cannot_tell_accepts_any_finite_value(self, rule):
        assert rng(rule) is None

    def test_exam_scores_are_out_of_100(self):
        s = parse_scheme(
            {
                "contest": "c",
                "dimensions": [
                    {"name": "d", "indicators": [{"name": "测试", "points": 5, "source": "exam"}]}
                ],
            }
        )
        assert (value_range(s.leaves()[0]).low, value_range(s.leaves()[0]).high) == (0, 100)


class TestOutOfRangeValuesAreRefused:
    def test_a_rating_of_120_on_a_100_scale(self):
        err = refused(leaf_scheme("scaled(max=100)"), data("甲", 120, ref="d.csv:3"))
        assert (err.ref, err.field) == ("d.csv:3", "value")
        assert err.message_zh.startswith("“指标”的分值120超出有效范围[0, 100]")
        assert "implied by its rule" in err.message_en and "declare a range" in err.message_en

    @pytest.mark.parametrize("value", [120, -5, 100.01])
    def test_a_rate_beyond_100_percent_or_below_0(self, value):
        rule = "target_step(target=100, step=0.1, deduct=1)"
        err = refused(leaf_scheme(rule, points=5), data("甲", value, ref="d.csv:2"))
        assert err.field == "value" and "[0, 100]" in err.message_en

    def test_2_where_0_or_1_is_meant(self):
        err = refused(leaf_scheme("all_or_nothing(threshold=1)", points=6), data("甲", 2))
        assert "[0, 1]" in err.message_en

    def test_a_negative_bonus_is_not_counted_as_positive(self):
        s = leaf_scheme("bonus(cap=3)", points=0, source="supervision")
        err = refused(s, data("甲", -2, source="supervision", ref="r.csv:4"))
        assert err.ref == "r.csv:4" and "≥ 0" in err.message_en

    def test_a_deduction_is_written_as_a_positive_amount(self):
        s = leaf_scheme("deduction(cap=3)", points=0, source="supervision")
        err = refused(s, data("甲", -2, source="supervision"))
        assert "positive" in err.message_en

    def test_a_declared_range_replaces_the_rules_guess(self):
        rule = "proportional(target=100)"
        s = leaf_scheme(rule, points=10, range=[0, None])
        assert totals(evaluate(s, people("甲"), [data("甲", 150)])) == {"甲": 10.0}
        s = leaf_scheme("rank(step=1)", points=10, range=[1, 5])
        err = refused(s, data("甲", 6))
        assert "declared in the scheme" in err.message_en and "[1, 5]" in err.message_en
        assert "方案中声明" in err.message_zh

    def test_a_total_of_several_rows_may_not_leave_the_rules_range(self):
        s = leaf_scheme("scaled(max=100)", points=10, reduce="sum")
        err = refused(s, data("甲", 60, ref="d.csv:2"), data("甲", 70, ref="d.csv:3"))
        assert err.ref == "d.csv:3" and "130" in err.message_en and err.field == "value"

    def test_manual_points_beyond_the_leaf_are_refused_at_the_row(self):
        s = leaf_scheme("manual", points=5, source="department")
        err = refused(s, data("甲", 6, source="department", ref="d.csv:3"))
        assert (err.ref, err.field) == ("d.csv:3", "value") and "[0, 5]" in err.message_en

    def test_a_factor_on_a_value_leaf_would_be_ignored_so_it_is_refused(self):
        s = leaf_scheme("scaled(max=100)")
        err = refused(s, data("甲", 80, factor=2, ref="d.csv:2"))
        assert err.field == "factor" and err.ref == "d.csv:2"


class TestNonFiniteAndAbsurdValues:
    @pytest.mark.parametrize("value", [math.inf, -math.inf, 1e308, MAGNITUDE * 10])
    def test_they_are_refused_on_any_leaf(self, value):
        s = leaf_scheme("rank(step=1)")  # a rule that accepts any finite value
        err = refused(s, data("甲", value, ref="d.csv:5"))
        assert (err.ref, err.field) == ("d.csv:5", "value")

    def test_nan_is_not_a_blank(self):
        err = refused(leaf_scheme("rank(step=1)"), data("甲", math.nan, ref="d.csv:2"))
        assert err.field == "value" and "blank" in err.message_en
        table = ObservationTable.from_observations([data("甲", None)])
        assert math.isnan(table.value[0])

    @pytest.mark.parametrize("factor", [math.inf, math.nan, 0, -1])
    def test_a_factor_must_be_a_positive_finite_number(self, factor):
        s = leaf_scheme("per_occurrence(each=1, cap=5)", points=5, source="inspection")
        err = refused(s, data("甲", None, source="inspection", factor=factor, ref="f.csv:2"))
        assert (err.ref, err.field) == ("f.csv:2", "factor")

    def test_a_panel_mark_is_checked_too(self):
        s = parse_scheme(
            {
                "contest": "c",
                "panels": {"p": {"criteria": [{"id": "c1", "max": 10}]}},
                "dimensions": [
                    {
                        "name": "d",
                        "indicators": [
                            {"name": "评审", "points": 10, "source": "panel", "panel": "p"}
                        ],
                    }
                ],
            }
        )
        err = refused(s, Observation("甲", "panel", "c1", math.inf, judge="J", ref="sheet:1"))
        assert err.ref == "sheet:1"


class TestDeclaringARange:
    @pytest.mark.parametrize(
        "declared, fragment",
        [
            ([100, 0], "low end above"),
            ([0], "[low, high]"),
            ("0-100", "[low, high]"),
            ([None, None], "at least one end"),
            (["a", 1], "number"),
            ([0, math.inf], "finite"),
        ],
    )
    def test_a_bad_range_is_refused_at_its_path(self, declared, fragment):
        with pytest.raises(SchemeError) as err:
            leaf_scheme("rank(step=1)", range=declared)
        (p,) = err.value.problems
        assert p.path.startswith("dimensions[0].indicators[0].range") and fragment in p.message_en

    def test_a_range_beyond_what_the_rule_can_score_is_refused(self):
        with pytest.raises(SchemeError) as err:
            leaf_scheme("scaled(max=100)", range=[0, 120])
        assert "[0, 100]" in str(err.value)

    def test_only_a_leaf_has_a_range(self):
        with pytest.raises(SchemeError) as err:
            parse_scheme(
                {
                    "contest": "c",
                    "dimensions": [
                        {
                            "name": "d",
                            "range": [0, 1],
                            "indicators": [
                                {"name": "x", "points": 1, "source": "data", "rule": "manual"}
                            ],
                        }
                    ],
                }
            )
        assert "dimensions[0].range" in str(err.value)

    @pytest.mark.parametrize("number", [math.inf, math.nan, 1e308])
    def test_scheme_numbers_are_finite_and_of_sane_size(self, number):
        with pytest.raises(SchemeError) as err:
            leaf_scheme("manual", points=number)
        assert "finite" in str(err.value)
        with pytest.raises(SchemeError):
            leaf_scheme({"type": "scaled", "max": number})


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


class TestNoValueOutsideItsRangeIsEverScored:
    @settings(max_examples=60, deadline=None)
    @given(
        st.sampled_from(
            [
                "scaled(max=100)",
                "target_step(target=100, step=0.1, deduct=1)",
                "all_or_nothing(threshold=1)",
                "manual",
                "bands(bands=[[100, 10], [95, 8]])",
            ]
        ),
        st.lists(finite, min_size=1, max_size=4),
    )
    def test_a_value_is_scored_only_inside_its_range(self, rule, values):
        s = leaf_scheme(rule, points=10)
        r = value_range(s.leaves()[0])
        obs = [data(f"e{i}", v) for i, v in enumerate(values)]
        inside = all(r.low <= v <= r.high for v in values)
        if inside:
            got = totals(evaluate(s, people(*(f"e{i}" for i in range(len(values)))), obs))
            assert all(0 <= t <= 10 for t in got.values())
        else:
            with pytest.raises(ObservationError):
                evaluate(s, people(*(f"e{i}" for i in range(len(values)))), obs)


class TestPublishedPrecision:
    def test_more_than_six_decimals_is_refused(self):
        # Figures are kept as integer units of 10^-decimals; 10^300 units overflow.
        def with_decimals(d):
            return parse_scheme(
                {
                    "contest": "c",
                    "rounding": {"decimals": d},
                    "dimensions": [
                        {
                            "name": "d",
                            "indicators": [
                                {"name": "x", "points": 1, "source": "data", "rule": "manual"}
                            ],
                        }
                    ],
                }
            )

        with pytest.raises(SchemeError) as err:
            with_decimals(300)
        assert "rounding.decimals: must be at most 6" in str(err.value)
        assert with_decimals(6).decimals == 6
