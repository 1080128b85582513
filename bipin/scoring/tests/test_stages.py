"""Stages with cumulative rankings and cuts (预赛 → 半决赛 → 决赛).

A one-leaf scheme, 得分 (manual, 0–10 points) per stage; every figure below is
worked by hand in its comment.
"""

import pytest

from bipin.scoring import (
    Entrant,
    Observation,
    ObservationError,
    SchemeError,
    evaluate,
    evaluate_stages,
    parse_scheme,
    stage_standings,
)
from bipin.scoring.tests.helpers import people

LEAF = {"name": "得分", "points": 10, "source": "data", "rule": "manual"}
THREE = [
    {"id": "预赛"},
    {"id": "半决赛", "from": "预赛", "advance": 3, "ranked_on": ["预赛", "半决赛"]},
    {"id": "决赛", "from": "半决赛", "advance": 2},
]


def staged(stages=THREE, leaves=(LEAF,), **extra):
    return parse_scheme(
        {
            "contest": "c",
            "stages": stages,
            "dimensions": [{"name": "成绩", "indicators": list(leaves)}],
            **extra,
        }
    )


def marks(stage, **values):
    return [
        Observation(e, "data", "得分", v, round=stage, ref=f"{stage}:{e}")
        for e, v in values.items()
    ]


FIVE = people("A", "B", "C", "D", "E")
# 预赛 A 9, B 8, C 7, D 6, E 5 → A, B, C go on; 半决赛 A 4, B 6, C 7.5 →
# ranked on 预赛 + 半决赛: A 13, B 14, C 14.5 → C, B go on; 决赛 B 5, C 4.
PRELIM = marks("预赛", A=9, B=8, C=7, D=6, E=5)
SEMI = marks("半决赛", A=4, B=6, C=7.5)
FINAL = marks("决赛", B=5, C=4)


def problems(data):
    with pytest.raises(SchemeError) as exc:
        parse_scheme(
            {"contest": "c", "dimensions": [{"name": "成绩", "indicators": [LEAF]}], **data}
        )
    return {p.path: p.message_en for p in exc.value.problems}


class TestDeclaringStages:
    def test_a_scheme_reads_its_stages_in_order(self):
        s = staged()
        assert [(st.id, st.ranked_on, st.advance) for st in s.stages] == [
            ("预赛", ("预赛",), None),
            ("半决赛", ("预赛", "半决赛"), 3),
            ("决赛", ("决赛",), 2),
        ]
        assert (s.stages[2].per, s.stages[2].ties) == ("group", "tie_break")

    def test_a_stage_after_the_first_must_say_how_many_advance(self):
        got = problems({"stages": [{"id": "预赛"}, {"id": "决赛"}]})
        assert got == {"stages[1].advance": "give how many advance from '预赛'"}

    def test_the_first_stage_takes_no_cut(self):
        got = problems(
            {"stages": [{"id": "预赛", "advance": 3, "ties": "all"}, {"id": "决赛", "advance": 2}]}
        )
        assert set(got) == {"stages[0].advance", "stages[0].ties"}

    def test_a_stage_comes_from_the_one_before_it(self):
        got = problems(
            {
                "stages": [
                    {"id": "预赛"},
                    {"id": "半决赛", "advance": 3},
                    {"id": "决赛", "from": "预赛", "advance": 2},
                ]
            }
        )
        assert list(got) == ["stages[2].from"]

    def test_ranked_on_names_this_stage_and_earlier_ones_only(self):
        got = problems(
            {
                "stages": [
                    {"id": "预赛", "ranked_on": ["预赛", "决赛"]},
                    {"id": "决赛", "advance": 2, "ranked_on": ["预赛"]},
                ]
            }
        )
        assert got == {
            "stages[0].ranked_on[1]": "'决赛' is not this stage or an earlier one",
            "stages[1].ranked_on": "must include the stage itself ('决赛')",
        }

    def test_a_stage_needs_an_id_and_lists_each_stage_once(self):
        got = problems({"stages": [{"id": "预赛"}, {"advance": 2, "ranked_on": ["预赛", "预赛"]}]})
        assert {"stages[1].id", "stages[1].ranked_on"} <= set(got)

    def test_misspelt_keys_repeated_ids_and_a_lone_stage_are_refused(self):
        assert (
            "did you mean 'advance'"
            in problems({"stages": [{"id": "预赛"}, {"id": "决赛", "advanse": 2}]})[
                "stages[1].advanse"
            ]
        )
        assert "stages[1].id" in problems(
            {"stages": [{"id": "预赛"}, {"id": "预赛", "advance": 2}]}
        )
        assert list(problems({"stages": [{"id": "预赛"}]})) == ["stages"]

    def test_a_panels_own_rounds_is_refused_because_the_round_column_names_the_stage(self):
        got = problems(
            {
                "stages": [{"id": "预赛"}, {"id": "决赛", "advance": 2}],
                "panels": {"p": {"rounds": "sum", "criteria": [{"id": "x", "max": 10}]}},
            }
        )
        assert list(got) == ["panels.p.rounds"]

    def test_grades_and_robustness_need_one_total_and_are_refused(self):
        got = problems(
            {
                "stages": [{"id": "预赛"}, {"id": "决赛", "advance": 2}],
                "grades": {"levels": [{"name": "好", "min": 5}, {"name": "差"}]},
            }
        )
        assert list(got) == ["grades"]

    def test_evaluate_refuses_a_staged_scheme_instead_of_summing_every_stage(self):
        with pytest.raises(ValueError, match="evaluate_stages"):
            evaluate(staged(), FIVE, PRELIM)


class TestCumulativeRanking:
    def test_the_semifinal_is_ranked_on_prelim_plus_semi_without_repeating_rows(self):
        st = stage_standings(staged(), FIVE, PRELIM + SEMI, "半决赛")
        # A 9 + 4 = 13, B 8 + 6 = 14, C 7 + 7.5 = 14.5
        assert {s.entrant.id: (s.parts, s.ranked_total, s.rank) for s in st.standings} == {
            "A": ({"预赛": 9.0, "半决赛": 4.0}, 13.0, 3),
            "B": ({"预赛": 8.0, "半决赛": 6.0}, 14.0, 2),
            "C": ({"预赛": 7.0, "半决赛": 7.5}, 14.5, 1),
        }
        assert st.advancing == ("C", "B") and st.eliminated == ("A",)

    def test_the_final_is_ranked_on_the_final_alone(self):
        st = stage_standings(staged(), FIVE, PRELIM + SEMI + FINAL, "决赛")
        assert [(s.entrant.id, s.ranked_total, s.rank, s.advanced) for s in st.standings] == [
            ("B", 5.0, 1, None),
            ("C", 4.0, 2, None),
        ]
        assert st.advancing == () and st.eliminated == ()

    def test_eliminated_entrants_keep_the_place_of_the_stage_they_left(self):
        ev = evaluate_stages(staged(), FIVE, PRELIM + SEMI + FINAL)
        assert [
            (p.entrant.id, p.place, p.decided_in, p.ranked_total) for p in ev.placings["组"]
        ] == [
            ("B", 1, "决赛", 5.0),
            ("C", 2, "决赛", 4.0),
            ("A", 3, "半决赛", 13.0),
            ("D", 4, "预赛", 6.0),
            ("E", 5, "预赛", 5.0),
        ]
        assert ev.pending == ()

    def test_stages_not_yet_held_place_nobody_and_are_listed_as_pending(self):
        ev = evaluate_stages(staged(), FIVE, PRELIM)
        assert [p.decided_in for p in ev.placings["组"]] == ["预赛"] * 5
        assert ev.pending == ("半决赛", "决赛")

    def test_the_explanation_shows_which_stage_totals_were_added(self):
        ev = evaluate_stages(staged(), FIVE, PRELIM + SEMI + FINAL)
        tree = ev.explain("A")
        assert (tree["place"], tree["decided_in"]) == (3, "半决赛")
        semi = tree["stages"][1]
        assert semi["ranked_on"] == [
            {"stage": "预赛", "total": 9.0},
            {"stage": "半决赛", "total": 4.0},
        ]
        assert (semi["ranked_total"], semi["advanced"]) == (13.0, False)
        assert semi["explanation"]["total"] == 4.0
        assert "排名依据 预赛 9.00 + 半决赛 4.00 = 13.00" in "\n".join(ev.lines("A"))


class TestRowsAndStages:
    def test_a_row_for_an_entrant_who_did_not_advance_is_refused_at_its_row(self):
        with pytest.raises(ObservationError) as exc:
            evaluate_stages(staged(), FIVE, PRELIM + marks("半决赛", A=4, D=9))
        assert (exc.value.ref, exc.value.field) == ("半决赛:D", "round")
        assert "did not advance to '半决赛'" in str(exc.value)

    def test_a_row_without_a_stage_or_with_an_unknown_one_is_refused(self):
        with pytest.raises(ObservationError, match="no stage given") as exc:
            evaluate_stages(staged(), FIVE, [Observation("A", "data", "得分", 5, ref="r1")])
        assert exc.value.ref == "r1"
        with pytest.raises(ObservationError, match="'复赛' is not a stage"):
            evaluate_stages(staged(), FIVE, marks("复赛", A=5))

    def test_an_unknown_entrant_or_stage_is_refused(self):
        with pytest.raises(ObservationError, match="unknown entrant 'Z'"):
            evaluate_stages(staged(), FIVE, marks("预赛", Z=5))
        with pytest.raises(ValueError, match="no stage '复赛'"):
            stage_standings(staged(), FIVE, PRELIM, "复赛")

    def test_a_later_stage_cannot_be_ranked_before_the_earlier_one_has_rows(self):
        with pytest.raises(ObservationError, match="'预赛' has no rows yet"):
            stage_standings(staged(), FIVE, [], "半决赛")

    def test_the_hall_can_rank_a_stage_while_the_next_is_under_way(self):
        # Rows of the final do not enter the semifinal's standings.
        before = stage_standings(staged(), FIVE, PRELIM + SEMI, "半决赛")
        during = stage_standings(staged(), FIVE, PRELIM + SEMI + marks("决赛", B=1), "半决赛")
        assert before.to_dict() == during.to_dict()

    def test_blind_codes_name_entrants_in_every_stage(self):
        coded = [Entrant(e.id, e.name, e.group, code=f"X{e.id}") for e in FIVE]
        rows = [
            Observation(f"X{o.entrant}", o.source, o.item, o.value, round=o.round) for o in PRELIM
        ]
        st = stage_standings(staged(), coded, rows, "预赛")
        assert st.advancing == ("A", "B", "C")


class TestTiesAtTheCut:
    def test_the_tie_break_chain_decides_a_tie_at_the_cut(self):
        # 预赛 A 9, B 8, C 7, D 7: C and D tie for the third place; the draw
        # (lot 1 before lot 2) sends D on, and a note says so.
        s = staged(ranking={"tie_break": ["draw"]})
        st = stage_standings(
            s,
            people("A", "B", "C", "D"),
            marks("预赛", A=9, B=8, C=7, D=7),
            "预赛",
            draw_order={"A": 3, "B": 4, "C": 2, "D": 1},
        )
        assert st.advancing == ("A", "B", "D") and st.eliminated == ("C",)
        assert st.tie_notes == (
            "组 · “预赛”晋级线处排名总分同为7.00(D、C),按 tie_break 决定:D晋级 / "
            "组 · level on 7.00 at the cut in 预赛 (D、C): the tie-break chain decided, D go on",
        )

    def test_ties_all_lets_everyone_level_with_the_cut_go_on(self):
        stages = [{"id": "预赛"}, {"id": "决赛", "advance": 3, "ties": "all"}]
        s = staged(stages, ranking={"tie_break": ["draw"]})
        # C and D both 7 at the third place: four go on, whatever the draw.
        st = stage_standings(
            s,
            people("A", "B", "C", "D", "E"),
            marks("预赛", A=9, B=8, C=7, D=7, E=6),
            "预赛",
            draw_order={"C": 2, "D": 1},
        )
        assert st.advancing == ("A", "B", "D", "C") and st.eliminated == ("E",)
        assert "共4人晋级“决赛”" in st.tie_notes[0] and "(ties: all)" in st.tie_notes[0]
        assert not any("tie_break 未能区分" in w for w in st.warnings)

    def test_a_tie_the_chain_cannot_break_lets_all_through_and_says_so(self):
        stages = [{"id": "预赛"}, {"id": "决赛", "advance": 2}]
        st = stage_standings(
            staged(stages), people("A", "B", "C"), marks("预赛", A=9, B=7, C=7), "预赛"
        )
        assert st.advancing == ("A", "B", "C")
        assert any("tie_break 未能区分,并列者全部晋级,共3人晋级“决赛”" in w for w in st.warnings)

    def test_an_overall_cut_takes_the_top_n_across_groups(self):
        stages = [{"id": "预赛"}, {"id": "决赛", "advance": 2, "per": "overall"}]
        s = staged(stages, groups=["男", "女"])
        field = people("A", "B", group="男") + people("C", "D", group="女")
        st = stage_standings(s, field, marks("预赛", A=9, B=8, C=9.5, D=5), "预赛")
        assert st.advancing == ("C", "A")
        assert {x.entrant.id: (x.rank, x.overall_rank) for x in st.standings} == {
            "A": (1, 2),
            "B": (2, 3),
            "C": (1, 1),
            "D": (2, 4),
        }

    def test_a_per_group_cut_takes_the_top_n_of_each_group(self):
        stages = [{"id": "预赛"}, {"id": "决赛", "advance": 1}]
        s = staged(stages, groups=["男", "女"])
        field = people("A", "B", group="男") + people("C", "D", group="女")
        st = stage_standings(s, field, marks("预赛", A=9, B=8, C=4, D=5), "预赛")
        assert st.advancing == ("A", "D")


class TestAwardsByFinalPlace:
    def test_awards_follow_the_final_placings(self):
        s = staged(
            awards={
                "levels": [
                    {"name": "金", "count": 1},
                    {"name": "银", "count": 1},
                    {"name": "铜", "count": 1},
                ]
            }
        )
        ev = evaluate_stages(s, FIVE, PRELIM + SEMI + FINAL)
        # B and C are the finalists (1, 2); A placed 3rd in the semifinal.
        assert [(p.entrant.id, p.award) for p in ev.placings["组"]][:4] == [
            ("B", "金"),
            ("C", "银"),
            ("A", "铜"),
            ("D", None),
        ]

    def test_a_vetoed_or_gap_filled_entrant_is_passed_over_and_said(self):
        veto = {"name": "否决", "source": "data", "rule": "veto(effect=no_award)"}
        levels = [{"name": "金", "count": 1}, {"name": "银", "count": 1}]
        s = staged(leaves=(LEAF, veto), awards={"levels": levels})
        # C is vetoed in the prelim; A has no final mark (scored 0 by the missing
        # policy) and still places 2nd; neither may take a medal, so B, third, gets gold.
        rows = (
            PRELIM + SEMI + marks("决赛", C=4) + [Observation("C", "data", "否决", 1, round="预赛")]
        )
        rows = [o for o in rows if not (o.entrant == "A" and o.round == "半决赛")] + marks(
            "半决赛", A=9
        )
        ev = evaluate_stages(s, FIVE, rows)
        # 半决赛 on the sum: A 9 + 9 = 18, C 14.5, B 14 → A and C reach the final.
        assert [(p.entrant.id, p.place, p.award) for p in ev.placings["组"]] == [
            ("C", 1, None),
            ("A", 2, None),
            ("B", 3, "金"),
            ("D", 4, "银"),
            ("E", 5, None),
        ]
        assert (
            "组 · A · 有缺失数据,不参与评奖 / has missing data: not eligible for an award"
            in ev.warnings
        )


PANEL = {
    "aggregate": "trimmed",
    "trim": 1,
    "factor_max": 3,
    "criteria": [{"id": "第1跳", "max": 10}, {"id": "第2跳", "max": 10}],
}


def dives(stage, entrant, **by_dive):
    """Three judges' marks per dive, factor = the dive's 难度系数."""
    return [
        Observation(entrant, "panel", dive, m, judge=f"J{j}", round=stage, factor=dd)
        for dive, (dd, ms) in by_dive.items()
        for j, m in enumerate(ms)
    ]


class TestAMissingDiveInsideAStage:
    """One dive nobody marked is scored by the panel's missing policy; the stage is kept."""

    def scheme(self, missing):
        leaf = {"name": "跳水", "points": 60, "source": "panel", "panel": "p"}
        return parse_scheme(
            {
                "contest": "c",
                "stages": [{"id": "预赛"}, {"id": "决赛", "advance": 2}],
                "panels": {"p": {**PANEL, "missing": missing}},
                "dimensions": [{"name": "成绩", "indicators": [leaf]}],
            }
        )

    # 预赛: A dive 1 (7, 8, 9) → 8 × 2.0 = 16, dive 2 (6, 6, 9) → 6 × 2.5 = 15: 31;
    # B dive 1 (5, 6, 7) → 6 × 2.0 = 12, dive 2 nobody marked;
    # C dive 1 (4, 5, 6) → 5 × 2.0 = 10, dive 2 (4, 4, 4) → 4 × 2.5 = 10: 20.
    # The panel reaches 2 dives × 10 × factor_max 3 = 60 = the leaf's points.
    ROWS = (
        dives("预赛", "A", 第1跳=(2.0, [7, 8, 9]), 第2跳=(2.5, [6, 6, 9]))
        + dives("预赛", "B", 第1跳=(2.0, [5, 6, 7]))
        + dives("预赛", "C", 第1跳=(2.0, [4, 5, 6]), 第2跳=(2.5, [4, 4, 4]))
    )

    def test_zero_scores_the_missing_dive_and_keeps_the_other(self):
        st = stage_standings(self.scheme("zero"), people("A", "B", "C"), self.ROWS, "预赛")
        # B: 12 + 0 = 12, not a missing stage: C (20) and A (31) go on.
        assert {s.entrant.id: s.total for s in st.standings} == {"A": 31.0, "B": 12.0, "C": 20.0}
        assert st.advancing == ("A", "C")
        assert any("“跳水”评分项“第2跳”" in w and "按0分计" in w for w in st.warnings)

    def test_group_mean_fills_the_missing_dive_from_the_others_in_that_stage(self):
        st = stage_standings(self.scheme("group_mean"), people("A", "B", "C"), self.ROWS, "预赛")
        # B's dive 2 takes the mean of A's 15 and C's 10 = 12.5: 12 + 12.5 = 24.5, ahead of C.
        assert {s.entrant.id: s.total for s in st.standings} == {"A": 31.0, "B": 24.5, "C": 20.0}
        assert st.advancing == ("A", "B")
