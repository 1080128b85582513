"""Properties of stages and cuts that must hold for any marks (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.scoring import Observation, evaluate_stages, parse_scheme, stage_standings
from bipin.scoring.tests.helpers import people

LEAF = {"name": "得分", "points": 10, "source": "data", "rule": "manual"}


def scheme(semi, final, ties="tie_break", tie_break=("draw",)):
    return parse_scheme(
        {
            "contest": "c",
            "ranking": {"tie_break": list(tie_break)},
            "stages": [
                {"id": "预赛"},
                {"id": "半决赛", "advance": semi, "ties": ties, "ranked_on": ["预赛", "半决赛"]},
                {"id": "决赛", "advance": final, "ties": ties},
            ],
            "dimensions": [{"name": "成绩", "indicators": [LEAF]}],
        }
    )


# Half points 0..10 make ties at the cut common.
marks = st.lists(st.integers(0, 20).map(lambda v: v / 2), min_size=2, max_size=12)


def rows(stage, values):
    return [Observation(e, "data", "得分", v, round=stage) for e, v in values.items()]


@st.composite
def meets(draw):
    prelim = draw(marks)
    ids = [f"E{i:02d}" for i in range(len(prelim))]
    semi_n = draw(st.integers(1, len(ids)))
    final_n = draw(st.integers(1, semi_n))
    lots = draw(st.permutations(range(1, len(ids) + 1)))
    return (
        ids,
        dict(zip(ids, prelim, strict=True)),
        semi_n,
        final_n,
        dict(zip(ids, lots, strict=True)),
    )


def later(draw, ids):
    return {e: draw(st.integers(0, 20)) / 2 for e in ids}


class TestCutProperties:
    @settings(max_examples=60, deadline=None)
    @given(meets())
    def test_the_advancing_set_is_exactly_the_top_n_by_the_tie_break_chain(self, meet):
        ids, prelim, n, final_n, lots = meet
        st_ = stage_standings(
            scheme(n, final_n), people(*ids), rows("预赛", prelim), "预赛", draw_order=lots
        )
        # A strict draw separates every tie: exactly N go on, the best N by (total, lot).
        best = sorted(ids, key=lambda e: (-prelim[e], lots[e]))[:n]
        assert list(st_.advancing) == best
        assert sorted(st_.advancing + st_.eliminated) == sorted(ids)

    @settings(max_examples=60, deadline=None)
    @given(meets())
    def test_with_ties_all_everyone_level_with_the_nth_goes_on(self, meet):
        ids, prelim, n, final_n, lots = meet
        st_ = stage_standings(
            scheme(n, final_n, "all"), people(*ids), rows("预赛", prelim), "预赛", draw_order=lots
        )
        line = sorted(prelim.values(), reverse=True)[n - 1]
        assert set(st_.advancing) == {e for e in ids if prelim[e] >= line}
        assert len(st_.advancing) >= n
        assert bool(st_.tie_notes) == (len(st_.advancing) > n)


class TestPlacingProperties:
    @settings(max_examples=40, deadline=None)
    @given(meets(), st.data())
    def test_the_final_placings_are_a_permutation_ordered_by_the_stage_reached(self, meet, data):
        ids, prelim, n, final_n, lots = meet
        s = scheme(n, final_n, tie_break=())
        semi_field = stage_standings(s, people(*ids), rows("预赛", prelim), "预赛").advancing
        semi = later(data.draw, semi_field)
        final_field = stage_standings(
            s, people(*ids), rows("预赛", prelim) + rows("半决赛", semi), "半决赛"
        ).advancing
        final = later(data.draw, final_field)
        ev = evaluate_stages(
            s, people(*ids), rows("预赛", prelim) + rows("半决赛", semi) + rows("决赛", final)
        )
        placings = ev.placings["组"]
        assert sorted(p.entrant.id for p in placings) == sorted(ids)
        depth = {"决赛": 0, "半决赛": 1, "预赛": 2}
        assert [depth[p.decided_in] for p in placings] == sorted(
            depth[p.decided_in] for p in placings
        )
        places = [p.place for p in placings]
        assert places == sorted(places) and places[0] == 1
        # Competition ranking: a place is one more than the number placed strictly above it.
        assert all(p == 1 + sum(q < p for q in places) for p in places)

    @settings(max_examples=40, deadline=None)
    @given(meets(), st.data())
    def test_adding_a_later_stages_rows_never_changes_an_earlier_ranking(self, meet, data):
        ids, prelim, n, final_n, lots = meet
        s = scheme(n, final_n)
        first = rows("预赛", prelim)
        before = stage_standings(s, people(*ids), first, "预赛", draw_order=lots)
        semi = rows("半决赛", later(data.draw, before.advancing))
        after = evaluate_stages(s, people(*ids), first + semi, draw_order=lots)
        assert after.stage("预赛").to_dict() == before.to_dict()
