"""分桌评审: a stage judged in flights (tables) and cut ``per: flight`` into a taste-off."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.scoring import (
    Entrant,
    Observation,
    ObservationError,
    SchemeError,
    evaluate_stages,
    parse_scheme,
    stage_standings,
)
from bipin.scoring.flights import deal

LEAF = {"name": "得分", "points": 10, "source": "data", "rule": "manual"}


def scheme(advance=2, ties="tie_break", tie_break=("draw",), awards=None):
    data = {
        "contest": "c",
        "ranking": {"tie_break": list(tie_break)},
        "stages": [
            {"id": "初评"},
            {"id": "决赛", "advance": advance, "per": "flight", "ties": ties, "ranked_on": ["决赛"]},
        ],
        "dimensions": [{"name": "成绩", "indicators": [LEAF]}],
    }
    if awards:
        data["awards"] = awards
    return parse_scheme(data)


def rows(stage, values):
    return [Observation(e, "data", "得分", v, round=stage) for e, v in values.items()]


def sample(entrant_id, flight, group="苹果"):
    return Entrant(entrant_id, entrant_id, group, flight=flight)


# Two groups; 苹果 has two tables, 梨 one. Hand-computed below.
PEOPLE = [
    sample("A1", "第1桌"),
    sample("A2", "第1桌"),
    sample("A3", "第1桌"),
    sample("B1", "第2桌"),
    sample("B2", "第2桌"),
    sample("B3", "第2桌"),
    sample("P1", "第1桌", "梨"),
    sample("P2", "第1桌", "梨"),
    sample("P3", "第1桌", "梨"),
]
# 第2桌's judges are stricter: its best (6) is below 第1桌's worst (7).
FIRST = {"A1": 9, "A2": 8, "A3": 7, "B1": 6, "B2": 5, "B3": 4, "P1": 3, "P2": 2, "P3": 1}


class TestParsing:
    def test_a_stage_may_be_cut_per_flight(self):
        assert scheme().stages[1].per == "flight"

    def test_another_per_is_refused_with_the_three_choices(self):
        with pytest.raises(SchemeError) as err:
            parse_scheme(
                {
                    "contest": "c",
                    "stages": [{"id": "初评"}, {"id": "决赛", "advance": 1, "per": "table"}],
                    "dimensions": [{"name": "成绩", "indicators": [LEAF]}],
                }
            )
        assert "stages[1].per" in str(err.value) and "flight" in str(err.value)

    def test_only_one_stage_may_advance_per_flight(self):
        with pytest.raises(SchemeError) as err:
            parse_scheme(
                {
                    "contest": "c",
                    "stages": [
                        {"id": "初评"},
                        {"id": "复评", "advance": 4, "per": "flight"},
                        {"id": "决赛", "advance": 1, "per": "flight"},
                    ],
                    "dimensions": [{"name": "成绩", "indicators": [LEAF]}],
                }
            )
        assert "stages[2].per" in str(err.value) and "only one stage" in str(err.value)

    def test_an_entrant_of_the_scheme_may_name_its_flight(self):
        s = parse_scheme(
            {
                "contest": "c",
                "entrants": [{"id": "S01", "group": "苹果", "code": "S01", "flight": "第1桌"}],
                "dimensions": [{"name": "成绩", "indicators": [LEAF]}],
            }
        )
        assert s.entrants[0].flight == "第1桌"


class TestGolden:
    def test_the_top_two_of_each_table_of_each_group_go_on(self):
        st_ = stage_standings(scheme(), PEOPLE, rows("初评", FIRST), "初评")
        # 第1桌's third (7) outscores 第2桌's best (6), yet the tables are never compared.
        # Groups in the engine's order (梨 before 苹果), then table, then place at table.
        assert st_.advancing == ("P1", "P2", "A1", "A2", "B1", "B2")
        assert st_.eliminated == ("P3", "A3", "B3")

    def test_a_flighted_stage_is_ranked_table_by_table(self):
        st_ = stage_standings(scheme(), PEOPLE, rows("初评", FIRST), "初评")
        assert st_.ranks == {"A1": 1, "A2": 2, "A3": 3, "B1": 1, "B2": 2, "B3": 3,
                             "P1": 1, "P2": 2, "P3": 3}
        listed = [(s.entrant.id, s.entrant.flight) for s in st_.standings]
        assert listed[3:] == [("A1", "第1桌"), ("A2", "第1桌"), ("A3", "第1桌"),
                              ("B1", "第2桌"), ("B2", "第2桌"), ("B3", "第2桌")]
        assert st_.to_dict()["groups"][1]["results"][3]["flight"] == "第2桌"

    def test_a_tie_at_a_tables_cut_is_settled_by_the_tie_break_chain_and_noted(self):
        first = {**FIRST, "B2": 4}  # B2 and B3 level at 4 on 第2桌
        lots = {"B3": 1, "B2": 2}
        st_ = stage_standings(scheme(), PEOPLE, rows("初评", first), "初评", draw_order=lots)
        assert "B3" in st_.advancing and "B2" in st_.eliminated
        assert any("苹果 · 第2桌 · " in n and "B3晋级" in n for n in st_.tie_notes)

    def test_with_ties_all_everyone_level_at_a_tables_cut_goes_on(self):
        first = {**FIRST, "B2": 4}
        st_ = stage_standings(scheme(ties="all"), PEOPLE, rows("初评", first), "初评")
        assert set(st_.advancing) == {"A1", "A2", "B1", "B2", "B3", "P1", "P2"}
        assert any("第2桌" in n and "共3人晋级" in n for n in st_.tie_notes)

    def test_a_table_smaller_than_the_cut_sends_all_its_samples_on(self):
        people = [sample("A1", "第1桌"), sample("B1", "第2桌"), sample("B2", "第2桌"),
                  sample("B3", "第2桌")]
        marks = {"A1": 1, "B1": 9, "B2": 8, "B3": 7}
        st_ = stage_standings(scheme(), people, rows("初评", marks), "初评")
        assert st_.advancing == ("A1", "B1", "B2")

    def test_the_final_places_the_finalists_and_the_rest_by_their_place_at_table(self):
        awards = {"levels": [{"name": "一等奖", "count": 1}, {"name": "二等奖", "count": 1}]}
        final = {"A1": 5, "A2": 6, "B1": 9, "B2": 7, "P1": 8, "P2": 3}
        ev = evaluate_stages(scheme(awards=awards), PEOPLE,
                             rows("初评", FIRST) + rows("决赛", final))
        apples = [(p.entrant.id, p.place, p.decided_in, p.award) for p in ev.placings["苹果"]]
        # The final alone ranks the finalists; both thirds at table share the next place.
        assert apples == [("B1", 1, "决赛", "一等奖"), ("B2", 2, "决赛", "二等奖"),
                          ("A2", 3, "决赛", None), ("A1", 4, "决赛", None),
                          ("A3", 5, "初评", None), ("B3", 5, "初评", None)]
        pears = [(p.entrant.id, p.place) for p in ev.placings["梨"]]
        assert pears == [("P1", 1), ("P2", 2), ("P3", 3)]

    def test_before_the_final_the_tables_winners_share_first_place(self):
        ev = evaluate_stages(scheme(), PEOPLE, rows("初评", FIRST))
        apples = {p.entrant.id: p.place for p in ev.placings["苹果"]}
        assert apples == {"A1": 1, "B1": 1, "A2": 3, "B2": 3, "A3": 5, "B3": 5}
        assert ev.pending == ("决赛",)


class TestRefusals:
    def test_a_sample_without_a_flight_is_refused_naming_the_stage(self):
        people = [*PEOPLE[:-1], Entrant("P3", "P3", "梨")]
        with pytest.raises(ObservationError) as err:
            stage_standings(scheme(), people, rows("初评", FIRST), "初评")
        assert err.value.field == "flight"
        assert "“决赛”按桌晋级" in err.value.message_zh and "P3" in err.value.message_zh
        assert "'初评'" in str(err.value) and "P3 has no flight" in str(err.value)

    def test_flights_are_ignored_by_a_cut_per_group(self):
        s = parse_scheme(
            {
                "contest": "c",
                "stages": [{"id": "初评"}, {"id": "决赛", "advance": 2}],
                "dimensions": [{"name": "成绩", "indicators": [LEAF]}],
            }
        )
        st_ = stage_standings(s, PEOPLE, rows("初评", FIRST), "初评")
        assert st_.advancing == ("P1", "P2", "A1", "A2")
        assert "flight" in st_.to_dict()["groups"][0]["results"][0]


tables = st.lists(st.integers(0, 3), min_size=1, max_size=14)


@st.composite
def flights(draw):
    seats = draw(tables)
    ids = [f"E{i:02d}" for i in range(len(seats))]
    # Half points 0..5 make ties at a table's cut common.
    marks = {e: draw(st.integers(0, 10)) / 2 for e in ids}
    lots = dict(zip(ids, draw(st.permutations(range(1, len(ids) + 1))), strict=True))
    people = [sample(e, f"第{t + 1}桌") for e, t in zip(ids, seats, strict=True)]
    return people, marks, lots, draw(st.integers(1, 4))


class TestFlightCutProperties:
    @settings(max_examples=80, deadline=None)
    @given(flights())
    def test_each_table_sends_exactly_min_advance_size_when_the_draw_separates_ties(self, meet):
        people, marks, lots, n = meet
        st_ = stage_standings(scheme(n), people, rows("初评", marks), "初评", draw_order=lots)
        for table in {p.flight for p in people}:
            at = [p.id for p in people if p.flight == table]
            best = sorted(at, key=lambda e: (-marks[e], lots[e]))[: min(n, len(at))]
            assert {e for e in st_.advancing if e in at} == set(best)
        assert sorted(st_.advancing + st_.eliminated) == sorted(marks)

    @settings(max_examples=80, deadline=None)
    @given(flights())
    def test_with_ties_all_each_table_sends_min_advance_size_plus_those_level(self, meet):
        people, marks, _, n = meet
        st_ = stage_standings(scheme(n, "all"), people, rows("初评", marks), "初评")
        for table in {p.flight for p in people}:
            at = [p.id for p in people if p.flight == table]
            line = sorted((marks[e] for e in at), reverse=True)[min(n, len(at)) - 1]
            went = {e for e in st_.advancing if e in at}
            assert went == {e for e in at if marks[e] >= line}
            top = min(n, len(at))
            # exactly min(advance, table size), plus those level with the last who fits
            ties = sum(1 for e in sorted(at, key=lambda e: -marks[e])[top:] if marks[e] == line)
            assert len(went) == top + ties


class TestDeal:
    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.sampled_from("红富士嘎啦"), min_size=1, max_size=30), st.integers(1, 6),
           st.integers(1, 5), st.text(min_size=1, max_size=8))
    def test_tables_are_balanced_every_category_is_spread_and_the_seed_redoes_it(
        self, kinds, judges, tables, seed
    ):
        tables = min(tables, judges, len(kinds))
        samples = [(f"S{i:02d}", k) for i, k in enumerate(kinds)]
        people = [f"J{i}" for i in range(judges)]
        dealt, seated = deal(seed, samples, people, tables)
        assert sorted(s for t in dealt for s in t) == sorted(s for s, _ in samples)
        assert sorted(j for t in seated for j in t) == sorted(people)
        assert max(map(len, dealt)) - min(map(len, dealt)) <= 1
        assert max(map(len, seated)) - min(map(len, seated)) <= 1
        kind = dict(samples)
        for k in set(kinds):
            per_table = [sum(kind[s] == k for s in t) for t in dealt]
            assert max(per_table) - min(per_table) <= 1
        assert deal(seed, samples, people, tables) == (dealt, seated)

    def test_a_table_needs_a_judge_and_a_sample(self):
        with pytest.raises(ValueError, match="at least 1"):
            deal("s", [("S1", "苹果")], ["J1"], 0)
        with pytest.raises(ValueError, match="2 tables need at least as many judges"):
            deal("s", [("S1", "苹果"), ("S2", "苹果")], ["J1"], 2)
