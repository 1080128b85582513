"""ranking_keys: the keys the engine ranked by, enough for anyone to re-rank a group."""

from dataclasses import asdict

from hypothesis import given, settings

from bipin.scoring import Observation, evaluate, ranking_keys
from bipin.scoring.tests.test_properties import SCHEME, contests, flat


def rerank(keys: dict[str, list[float]], members: list[str]) -> dict[str, int]:
    """Standard competition ranking from the keys alone, larger is better."""
    return {e: 1 + sum(keys[o] > keys[e] for o in members) for e in members}


class TestRankingKeys:
    @settings(max_examples=60, deadline=None)
    @given(contests())
    def test_the_keys_alone_give_every_published_rank(self, contest):
        entrants, obs = contest
        result = evaluate(SCHEME, entrants, obs)
        keys = ranking_keys(SCHEME, result)
        assert set(keys) == {e.id for e in entrants}
        for g in result.groups:
            members = [r.entrant.id for r in g.results]
            assert rerank(keys, members) == {r.entrant.id: r.rank for r in g.results}
            for r in g.results:
                assert keys[r.entrant.id][0] == round(r.total * 10**SCHEME.decimals)
                assert len(keys[r.entrant.id]) == 1 + len(SCHEME.tie_break)

    @settings(max_examples=40, deadline=None)
    @given(contests())
    def test_judges_renamed_in_the_same_order_change_nothing(self, contest):
        from bipin.io.snapshot_record import mask_observations

        entrants, obs = contest
        rows = [{**asdict(o), "source": str(o.source)} for o in obs]
        masked = [Observation(**row) for row in mask_observations(rows)]
        assert flat(evaluate(SCHEME, entrants, masked)) == flat(evaluate(SCHEME, entrants, obs))
