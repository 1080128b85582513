"""Countback: among tied entrants, the best counted mark wins, then the next…

The docs/scheme.md worked example (Ranking → countback), computed by hand:
five judges, trimmed mean dropping one high and one low.
"""

import pytest

from bipin.scoring import Observation, SchemeError, evaluate, parse_scheme, ranking_keys
from bipin.scoring.tests.helpers import people


def scheme(tie_break=("countback:演讲",)):
    return parse_scheme(
        {
            "contest": "演讲比赛",
            "ranking": {"tie_break": list(tie_break)},
            "panels": {"p": {"aggregate": "trimmed", "trim": 1,
                             "criteria": [{"id": "x", "max": 10}]}},
            "dimensions": [{"name": "决赛", "indicators": [
                {"name": "演讲", "points": 10, "source": "panel", "panel": "p"}]}],
        }
    )


def marks(entrant, values):
    return [Observation(entrant, "panel", "x", v, judge=f"J{i}") for i, v in enumerate(values)]


ROWS = (
    marks("甲", [9, 9, 7, 8, 1])  # counted 9, 8, 7 → 8
    + marks("乙", [10, 8, 8, 8, 2])  # counted 8, 8, 8 → 8 (its 10 is dropped)
    + marks("丙", [9, 8, 7, 8, 8])  # counted 8, 8, 8 → 8
)


def ranks(evaluation):
    return {r.entrant.id: (r.total, r.rank) for r in evaluation.groups[0].results}


class TestCountback:
    def test_the_higher_best_counted_mark_separates_a_tie(self):
        e = evaluate(scheme(), people("甲", "乙", "丙"), ROWS)
        # 甲's best counted mark 9 beats 8; 乙's dropped 10 does not count.
        assert ranks(e) == {"甲": (8.0, 1), "乙": (8.0, 2), "丙": (8.0, 2)}

    def test_entrants_with_the_same_counted_marks_stay_tied(self):
        e = evaluate(scheme(), people("乙", "丙"), ROWS[5:])
        assert ranks(e) == {"乙": (8.0, 1), "丙": (8.0, 1)}

    def test_without_countback_the_three_share_the_rank(self):
        e = evaluate(scheme(()), people("甲", "乙", "丙"), ROWS)
        assert {r for _, r in ranks(e).values()} == {1}

    def test_the_keys_list_each_counted_mark_best_first(self):
        s = scheme()
        keys = ranking_keys(s, evaluate(s, people("甲", "乙", "丙"), ROWS))
        assert keys["甲"] == [800.0, 9.0, 8.0, 7.0]
        assert keys["乙"] == [800.0, 8.0, 8.0, 8.0]

    def test_countback_names_a_panel_leaf(self):
        with pytest.raises(SchemeError, match="countback needs a panel leaf id"):
            scheme(("countback:决赛",))
