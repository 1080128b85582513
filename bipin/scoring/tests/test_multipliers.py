"""Per-kind multipliers (仅有搬迁任务的县扣分加倍): one ranking, a factor on one kind's records."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.io.observations import read_entrants
from bipin.scoring import Entrant, SchemeError, evaluate, parse_scheme
from bipin.scoring.tests.helpers import data, totals


def scheme(multiplier=None, rule="deduction(each=1, cap=10)", **extra):
    leaf = {"name": "安全", "source": "supervision", "rule": rule}
    if multiplier is not None:
        leaf["multiplier"] = multiplier
    return parse_scheme(
        {
            "contest": "c",
            "dimensions": [
                {
                    "name": "工作",
                    "points": 10,
                    "indicators": [
                        {"name": "评价", "points": 10, "source": "data", "rule": "manual"},
                        leaf,
                    ],
                }
            ],
            **extra,
        }
    )


DOUBLE = {"kind": "搬迁任务县", "factor": 2}
UNITS = [
    Entrant("甲", "甲县", "县", kind="搬迁任务县"),
    Entrant("乙", "乙县", "县"),
    Entrant("丙", "丙县", "县", kind="搬迁任务县"),
]


def records(who, n):
    return [data(who, None, "安全", "supervision") for _ in range(n)]


# Each scores 9 on 评价. 甲 (搬迁任务县) has 2 records, 乙 has 2, 丙 (搬迁任务县) has 6.
OBS = (
    [data(w, 9, "评价") for w in "甲乙丙"] + records("甲", 2) + records("乙", 2) + records("丙", 6)
)


class TestTheKindCountsTwice:
    def test_its_deductions_double_and_the_others_count_once(self):
        # 甲: 9 − 2×2 = 5; 乙: 9 − 2 = 7; 丙: 9 − min(6×2, 10) = −1 (the cap bounds the item).
        ev = evaluate(scheme(DOUBLE), UNITS, OBS)
        assert totals(ev) == {"甲": 5.0, "乙": 7.0, "丙": -1.0}

    def test_everyone_stays_in_one_ranking(self):
        ev = evaluate(scheme(DOUBLE), UNITS, OBS)
        assert [(g.group, [(r.entrant.id, r.rank) for r in g.results]) for g in ev.groups] == [
            ("县", [("乙", 1), ("甲", 2), ("丙", 3)])
        ]

    def test_the_explanation_shows_the_multiplication(self):
        tree = evaluate(scheme(DOUBLE), UNITS, OBS).result("甲").explanation
        leaf = tree.to_dict()["children"][0]["children"][1]
        assert leaf["multiplier"] == {"factor": 2.0, "kind": "搬迁任务县", "kinds": ["搬迁任务县"]}
        assert [i["amount"] for i in leaf["inputs"]] == [-2.0, -2.0]
        assert "      × 2(类型“搬迁任务县”加倍计 / kind '搬迁任务县' counts ×2)" in tree.lines()

    def test_an_entrant_of_another_kind_has_no_multiplier_line(self):
        leaf = evaluate(scheme(DOUBLE), UNITS, OBS).result("乙").explanation.to_dict()
        assert "multiplier" not in leaf["children"][0]["children"][1]

    def test_a_list_of_kinds_and_a_findings_leaf_work_alike(self):
        s = scheme(
            {"kind": ["搬迁任务县", "山区县"], "factor": 1.5}, rule="per_occurrence(each=2, cap=10)"
        )
        units = [Entrant("甲", "甲", "县", kind="山区县"), Entrant("乙", "乙", "县")]
        obs = [data(w, 9, "评价") for w in "甲乙"] + [
            data(w, 1, "安全", "supervision") for w in "甲乙"
        ]
        # 甲: 9 − 2×1.5 = 6; 乙: 9 − 2 = 7.
        assert totals(evaluate(s, units, obs)) == {"甲": 6.0, "乙": 7.0}


class TestKindsComeFromTheEntrants:
    def test_the_scheme_entrants_declare_a_kind(self):
        s = scheme(
            DOUBLE,
            entrants=[
                {"id": "甲", "group": "县", "kind": "搬迁任务县"},
                {"id": "乙", "group": "县"},
            ],
        )
        assert [(e.id, e.kind) for e in s.entrants] == [("甲", "搬迁任务县"), ("乙", None)]
        assert totals(evaluate(s, None, OBS[:2] + records("甲", 1) + records("乙", 1))) == {
            "甲": 7.0,
            "乙": 8.0,
        }

    def test_an_entrants_file_has_a_kind_column(self):
        text = "参评对象,组别,类型\n甲,县,搬迁任务县\n乙,县,\n".encode()
        assert [(e.id, e.kind) for e in read_entrants(text, filename="e.csv")] == [
            ("甲", "搬迁任务县"),
            ("乙", None),
        ]

    def test_a_kind_no_entrant_has_is_warned(self):
        ev = evaluate(scheme({"kind": "搬迁任务", "factor": 2}), UNITS, OBS)
        assert ev.warnings[0] == (
            "“安全”的倍数针对类型“搬迁任务”,但没有参评对象属于该类型 / "
            "'安全': no entrant is of kind '搬迁任务', so its multiplier never applies"
        )


class TestAWrongMultiplierIsRefused:
    @pytest.mark.parametrize(
        "multiplier, message",
        [
            ({"kind": "搬迁任务县", "factor": 0}, r"multiplier\.factor: must be > 0"),
            ({"kind": "搬迁任务县"}, r"multiplier\.factor: give a factor > 0"),
            ({"factor": 2}, r"multiplier\.kind: give the kind"),
            (
                {"kind": "x", "factor": 2, "times": 2},
                r"multiplier\.times: unknown key 'times' \(accepted: kind, factor\)",
            ),
        ],
    )
    def test_it_names_the_key(self, multiplier, message):
        with pytest.raises(SchemeError, match=message):
            scheme(multiplier)

    def test_a_value_leaf_takes_no_multiplier(self):
        with pytest.raises(SchemeError, match="a multiplier applies only to records"):
            parse_scheme(
                {
                    "contest": "c",
                    "dimensions": [
                        {
                            "name": "d",
                            "indicators": [
                                {
                                    "name": "率",
                                    "points": 5,
                                    "source": "data",
                                    "rule": "manual",
                                    "multiplier": DOUBLE,
                                }
                            ],
                        }
                    ],
                }
            )


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 8), st.integers(0, 8), st.sampled_from([1.5, 2.0, 3.0]))
def test_only_the_kinds_records_are_multiplied_and_the_cap_still_holds(mine, others, factor):
    s = scheme({"kind": "搬迁任务县", "factor": factor})
    obs = [data(w, 9, "评价") for w in "甲乙"] + records("甲", mine) + records("乙", others)
    got = totals(evaluate(s, UNITS[:2], obs))
    assert got["甲"] == pytest.approx(9 - min(mine * factor, 10))
    assert got["乙"] == pytest.approx(9 - min(others, 10))
