"""A panel total becomes points on the scale the panel can reach: factors, judges, rounds.

Nothing is clipped: a total is out of what the panel's marks, its declared
largest factor (系数, e.g. 难度系数) and its rounds can give, and a value above a
declared scale is refused, naming the entrant and the item.
"""

import pytest

from bipin.scoring import Observation, ObservationError, evaluate, parse_scheme, score_panel
from bipin.scoring.tests.helpers import people, totals


def scheme(points=10, rule=None, criteria=None, **panel):
    leaf = {"name": "跳水", "points": points, "source": "panel", "panel": "p"}
    if rule:
        leaf["rule"] = rule
    return parse_scheme(
        {
            "contest": "c",
            "panels": {"p": {"criteria": criteria or [{"id": "x", "max": 10}], **panel}},
            "dimensions": [{"name": "d", "indicators": [leaf]}],
        }
    )


def dive(entrant, marks, factor=1.0, criterion="x", **kw):
    return [
        Observation(
            entrant,
            "panel",
            criterion,
            m,
            judge=f"J{i}",
            factor=factor,
            ref=f"{entrant}:{criterion}:{i}",
            **kw,
        )
        for i, m in enumerate(marks)
    ]


class TestFactors:
    def test_a_difficulty_factor_is_scaled_by_the_declared_factor_max_not_clipped(self):
        # Full marks 10 × factor_max 2 = 20 earn the leaf's 10 points:
        # 甲 10 × 2.0 = 20 → 10; 乙 10 × 1.5 = 15 → 7.5; 丙 8 × 1.5 = 12 → 6.
        s = scheme(factor_max=2)
        obs = dive("甲", [10, 10], 2.0) + dive("乙", [10, 10], 1.5) + dive("丙", [8, 8], 1.5)
        ev = evaluate(s, people("甲", "乙", "丙"), obs)
        assert totals(ev) == {"甲": 10.0, "乙": 7.5, "丙": 6.0}
        assert [r.rank for r in ev.groups[0].results] == [1, 2, 3]
        assert ev.warnings == []

    def test_a_factor_above_one_is_refused_unless_the_panel_declares_factor_max(self):
        with pytest.raises(ObservationError) as err:
            evaluate(scheme(), people("甲"), dive("甲", [8, 9], 1.5))
        assert err.value.field == "factor" and err.value.ref == "甲:x:0"
        assert "factor_max" in err.value.message_en and "系数1.5" in err.value.message_zh

    def test_a_factor_above_the_declared_factor_max_is_refused(self):
        with pytest.raises(ObservationError) as err:
            evaluate(scheme(factor_max=3.5), people("甲"), dive("甲", [8], 3.6))
        assert err.value.field == "factor" and "3.5" in err.value.message_en

    @pytest.mark.parametrize("factor", [0.0, -1.0, float("nan"), float("inf")])
    def test_a_factor_that_is_not_a_positive_number_is_refused(self, factor):
        with pytest.raises(ObservationError) as err:
            evaluate(scheme(factor_max=2), people("甲"), dive("甲", [8], factor))
        assert err.value.field == "factor"

    def test_a_factor_below_one_needs_no_declaration(self):
        # 8 × 0.5 = 4 of 10
        assert totals(evaluate(scheme(), people("甲"), dive("甲", [8], 0.5))) == {"甲": 4.0}

    def test_score_panel_gives_the_factored_total(self):
        r = score_panel(scheme(factor_max=2), "跳水", dive("甲", [7, 8], 2.0))
        assert r.total == 15.0 and r.criteria == {"x": 15.0}

    def test_factor_max_must_be_positive(self):
        with pytest.raises(ValueError, match=r"panels\.p\.factor_max"):
            scheme(factor_max=0)


class TestDeclaredScale:
    def test_a_total_above_a_declared_scaled_max_is_refused_naming_entrant_and_item(self):
        s = scheme(rule="scaled(max=10)", factor_max=2)
        with pytest.raises(ObservationError) as err:
            evaluate(s, people("甲", "乙"), dive("乙", [5], 1.0) + dive("甲", [10], 2.0))
        assert "甲" in err.value.message_zh and "跳水" in err.value.message_zh
        assert "20" in err.value.message_en and err.value.ref == "甲:x:0"

    def test_a_declared_scaled_max_at_the_panels_reach_is_used_as_is(self):
        s = scheme(rule="scaled(max=20)", factor_max=2)
        assert totals(evaluate(s, people("甲"), dive("甲", [9], 2.0))) == {"甲": 9.0}


class TestSummingPanels:
    def test_a_summing_panel_is_out_of_full_marks_times_its_judges(self):
        # Three judges each give up to 10: 甲 30 of 30 → 10; 乙 15 of 30 → 5.
        s = scheme(aggregate="sum")
        obs = dive("甲", [10, 10, 10]) + dive("乙", [5, 5, 5])
        assert totals(evaluate(s, people("甲", "乙"), obs)) == {"甲": 10.0, "乙": 5.0}

    def test_a_sum_with_fewer_judges_than_the_others_is_said(self):
        s = scheme(aggregate="sum")
        obs = dive("甲", [10, 10, 10]) + dive("乙", [9, 9])  # 乙: one judge recused
        ev = evaluate(s, people("甲", "乙"), obs)
        assert totals(ev) == {"甲": 10.0, "乙": 6.0}  # 18 of 30
        assert [w for w in ev.warnings if "乙" in w] == [
            "组 · 乙 · “跳水”仅2位评委的评分相加,满分按3位评委计 / "
            "'跳水': only 2 judges' marks are summed; full marks count 3 judges"
        ]


class TestRoundsScale:
    def test_summed_rounds_are_out_of_full_marks_times_the_rounds(self):
        s = scheme(factor_max=2)
        obs = dive("甲", [10], 2.0, round="1") + dive("甲", [5], 1.0, round="2")
        # (20 + 5) of 2 rounds × 20 → 25/40 × 10
        assert totals(evaluate(s, people("甲"), obs)) == {"甲": 6.25}
