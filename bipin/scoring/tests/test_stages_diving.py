"""examples/diving: a prelim → semi → final meet against the figures in its README.

7 judges, the 2 highest and 2 lowest marks dropped, the middle three summed and
multiplied by the dive's 难度系数; every total below is worked by hand in
examples/diving/README.md.
"""

from pathlib import Path

from bipin.io.observations import read_data_file
from bipin.io.schemes import load_scheme
from bipin.scoring import evaluate_stages

DIVING = Path(__file__).resolve().parents[3] / "examples" / "diving"


def meet():
    scheme = load_scheme(DIVING / "scheme.yaml")
    return evaluate_stages(scheme, None, read_data_file(DIVING / "marks.csv").observations)


class TestDivingMeet:
    def test_each_stage_total_is_the_hand_computed_sum_of_its_dives(self):
        ev = meet()
        got = {st.stage.id: {s.entrant.id: s.total for s in st.standings} for st in ev.stages}
        assert got == {
            "预赛": {
                "D01": 188.15,
                "D02": 193.85,
                "D03": 183.10,
                "D04": 189.30,
                "D05": 182.80,
                "D06": 168.45,
            },
            "半决赛": {"D01": 195.00, "D02": 202.85, "D03": 212.40, "D04": 161.80},
            "决赛": {"D01": 202.40, "D02": 206.20, "D03": 244.40},
        }
        assert ev.warnings == []

    def test_the_top_four_of_the_prelim_reach_the_semifinal(self):
        prelim = meet().stage("预赛")
        assert prelim.advancing == ("D02", "D04", "D01", "D03")
        assert prelim.eliminated == ("D05", "D06")

    def test_the_semifinal_ranks_prelim_plus_semi_and_sends_three_on(self):
        semi = meet().stage("半决赛")
        # D03 wins the semifinal itself (212.40) but D02 leads on the sum.
        assert [(s.entrant.id, s.ranked_total, s.rank) for s in semi.standings] == [
            ("D02", 396.70, 1),
            ("D03", 395.50, 2),
            ("D01", 383.15, 3),
            ("D04", 351.10, 4),
        ]
        assert semi.advancing == ("D02", "D03", "D01") and semi.eliminated == ("D04",)

    def test_final_placings_say_where_each_place_was_decided(self):
        placings = meet().placings["女子三米板"]
        assert [(p.entrant.id, p.place, p.decided_in, p.ranked_total) for p in placings] == [
            ("D03", 1, "决赛", 244.40),
            ("D02", 2, "决赛", 206.20),
            ("D01", 3, "决赛", 202.40),
            ("D04", 4, "半决赛", 351.10),
            ("D05", 5, "预赛", 182.80),
            ("D06", 6, "预赛", 168.45),
        ]

    def test_a_dive_explains_which_two_high_and_two_low_marks_were_dropped(self):
        # D02 prelim dive 1: 7.0 7.0 6.5 7.0 7.0 7.0 6.5 → 7.0 + 7.0 + 7.0 = 21.0 × 3.0 = 63.00
        leaf = meet().explain("D02")["stages"][0]["explanation"]["children"][0]["children"][0]
        first = [m for m in leaf["inputs"] if m["criterion"] == "第1跳"]
        assert [m["mark"] for m in first if m["counted"]] == [7.0, 7.0, 7.0]
        assert sorted(m["mark"] for m in first if not m["counted"]) == [6.5, 6.5, 7.0, 7.0]
        # The criterion's figure is the dive's published score: the sum of the
        # middle three × 难度系数 (trimmed_sum), 21.0 × 3.0.
        assert leaf["criteria"]["第1跳"] == 63.0
