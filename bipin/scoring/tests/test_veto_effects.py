"""Veto effects the scheme declares: a vetoed entrant is never ranked high with the lowest grade
unless the scheme asks for it."""

import pytest

from bipin.scoring import SchemeError, evaluate, parse_scheme
from bipin.scoring.evaluate import ranking_keys
from bipin.scoring.tests.helpers import data, people


def scheme(effect=None, grades=None, awards=None):
    rule = "veto" if effect is None else f"veto(effect={effect})"
    return parse_scheme(
        {
            "contest": "c",
            "dimensions": [
                {
                    "name": "工作",
                    "indicators": [
                        {"name": "评价", "points": 100, "source": "data", "rule": "manual"},
                        {"name": "否决", "source": "supervision", "rule": rule},
                    ],
                }
            ],
            "grades": grades
            or {
                "by": "thresholds",
                "levels": [
                    {"name": "好", "min": 90},
                    {"name": "较好", "min": 80},
                    {"name": "一般", "min": 60},
                    {"name": "较差"},
                ],
            },
            **({"awards": awards} if awards else {}),
        }
    )


# 甲 has the best score, 95, and a veto; 乙 90, 丙 80, 丁 70.
SCORES = {"甲": 95, "乙": 90, "丙": 80, "丁": 70}
OBS = [data(w, v, "评价") for w, v in SCORES.items()] + [data("甲", 1, "否决", "supervision")]
WHO = people(*SCORES)


def table(s):
    ev = evaluate(s, WHO, OBS)
    return [(r.entrant.id, r.total, r.rank, r.grade, r.award) for r in ev.groups[0].results]


class TestABareVeto:
    def test_ranks_last_with_the_lowest_grade(self):
        assert table(scheme()) == [
            ("乙", 90.0, 1, "好", None),
            ("丙", 80.0, 2, "较好", None),
            ("丁", 70.0, 3, "一般", None),
            ("甲", 95.0, 4, "较差", None),
        ]

    def test_its_first_ranking_key_puts_the_vetoed_after_the_rest(self):
        keys = ranking_keys(scheme(), evaluate(scheme(), WHO, OBS))
        assert keys["甲"] == [-1.0, 9500.0] and keys["丁"] == [0.0, 7000.0]


class TestEachDeclaredEffect:
    def test_lowest_grade_alone_keeps_the_rank_because_the_scheme_asks_for_it(self):
        assert table(scheme("lowest_grade"))[0] == ("甲", 95.0, 1, "较差", None)

    def test_rank_last_alone_keeps_the_grade_its_total_earns(self):
        assert table(scheme("rank_last"))[-1] == ("甲", 95.0, 4, "好", None)

    def test_out_of_ranking_gives_no_rank_and_lists_it_apart(self):
        assert table(scheme("out_of_ranking")) == [
            ("乙", 90.0, 1, "好", None),
            ("丙", 80.0, 2, "较好", None),
            ("丁", 70.0, 3, "一般", None),
            ("甲", 95.0, None, "好", None),
        ]

    def test_zero_takes_the_total_to_nothing(self):
        assert table(scheme("zero"))[-1] == ("甲", 0.0, 4, "较差", None)

    def test_no_award_keeps_rank_and_grade_but_passes_the_award_on(self):
        s = scheme("no_award", awards={"levels": [{"name": "一等奖", "count": 1}]})
        assert table(s)[:2] == [("甲", 95.0, 1, "好", None), ("乙", 90.0, 2, "好", "一等奖")]

    def test_several_effects_combine(self):
        assert table(scheme("[out_of_ranking, lowest_grade]"))[-1] == (
            "甲",
            95.0,
            None,
            "较差",
            None,
        )

    def test_two_vetoed_entrants_rank_last_in_the_order_of_their_totals(self):
        obs = OBS + [data("乙", 1, "否决", "supervision")]
        ev = evaluate(scheme(), WHO, obs)
        assert [(r.entrant.id, r.rank) for r in ev.groups[0].results] == [
            ("丙", 1),
            ("丁", 2),
            ("甲", 3),
            ("乙", 4),
        ]


QUOTA = {
    "by": "quota",
    "levels": [{"name": "好", "count": 1}, {"name": "较好", "count": 1}, {"name": "一般"}],
}


class TestQuotaGrades:
    def test_a_vetoed_entrant_does_not_use_up_a_place_by_default(self):
        assert [(w, g) for w, _, _, g, _ in table(scheme("lowest_grade", QUOTA))] == [
            ("甲", "一般"),
            ("乙", "好"),
            ("丙", "较好"),
            ("丁", "一般"),
        ]

    def test_the_scheme_may_say_it_does(self):
        s = scheme("lowest_grade", {**QUOTA, "veto_takes_slot": True})
        assert [(w, g) for w, _, _, g, _ in table(s)] == [
            ("甲", "一般"),
            ("乙", "较好"),
            ("丙", "一般"),
            ("丁", "一般"),
        ]


class TestWrongDeclarations:
    @pytest.mark.parametrize(
        "effect, message",
        [
            ("shame", "must be one or a list of lowest_grade, rank_last"),
            ("[rank_last, out_of_ranking]", "rank_last and out_of_ranking exclude each other"),
            ("[zero, zero]", "effects must be given once each"),
        ],
    )
    def test_an_effect_is_refused_at_its_path(self, effect, message):
        with pytest.raises(SchemeError, match=r"rule\.effect: " + message):
            scheme(effect)

    def test_veto_takes_slot_needs_quota_grades_and_a_yes_or_no(self):
        with pytest.raises(
            SchemeError, match="grades.veto_takes_slot: applies only to grades by quota"
        ):
            scheme(
                grades={
                    "by": "thresholds",
                    "levels": [{"name": "好", "min": 90}, {"name": "差"}],
                    "veto_takes_slot": True,
                }
            )
        with pytest.raises(SchemeError, match="grades.veto_takes_slot: must be true or false"):
            scheme(grades={**QUOTA, "veto_takes_slot": "yes"})
