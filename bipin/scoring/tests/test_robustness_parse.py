"""The ``robustness`` section: what may vary, refused precisely when it cannot."""

import pytest

from bipin.scoring import SchemeError, parse_scheme
from bipin.scoring.scheme import Robustness


def scheme(robustness, **top):
    return {
        "contest": "示例",
        "panels": {"p": {"aggregate": "trimmed", "trim": 1,
                         "criteria": [{"id": "c", "max": 10}]}},
        "dimensions": [
            {"name": "政策落实", "points": 20, "indicators": [
                {"name": "覆盖率", "points": 20, "source": "data", "rule": "manual"}]},
            {"name": "成效巩固", "points": 30, "indicators": [
                {"name": "汇报", "points": 10, "source": "panel", "panel": "p"},
                {"name": "综合", "points": 20, "combine": "composite",
                 "composite": {"normalise": "min-max"},
                 "children": [{"name": "增幅", "source": "data"},
                              {"name": "人数", "source": "data"}]},
                {"name": "否决", "source": "data", "rule": "veto"}]},
        ],
        "robustness": robustness,
        **top,
    }


def problems(robustness, **top):
    with pytest.raises(SchemeError) as err:
        parse_scheme(scheme(robustness, **top))
    return {p.path: p.message_en for p in err.value.problems}


class TestAValidSection:
    def test_the_declared_choices_are_kept_as_given(self):
        spec = parse_scheme(scheme({
            "draws": 500, "seed": 20261130, "weights": {"政策落实": [15, 25], "成效巩固": [20, 30]},
            "normalise": ["min-max", "rank"], "aggregate": ["arithmetic", "geometric"],
            "trim": [0, 1, 2]})).robustness
        assert spec == Robustness(500, 20261130, {"政策落实": (15.0, 25.0), "成效巩固": (20.0, 30.0)},
                                  ("min-max", "rank"), ("arithmetic", "geometric"), (0, 1, 2))

    def test_draws_default_to_a_thousand(self):
        assert parse_scheme(scheme({"seed": 1, "trim": [0, 1]})).robustness.draws == 1000

    def test_a_scheme_without_the_section_has_none(self):
        data = scheme(None)
        del data["robustness"]
        assert parse_scheme(data).robustness is None


class TestRefusals:
    def test_an_unknown_node_is_named(self):
        assert problems({"seed": 1, "weights": {"政策落食": [15, 25]}}) == {
            "robustness.weights.政策落食": "no node '政策落食' in the scheme"}

    @pytest.mark.parametrize("bad, message", [
        ([25, 15], "the range [25, 15] must hold the declared points 20"),
        ([21, 25], "the range [21, 25] must hold the declared points 20"),
        ([15], "must be two numbers [low, high] (got [15])"),
        (["a", 25], "must be two numbers [low, high] (got ['a', 25])"),
        (20, "must be two numbers [low, high] (got 20)"),
    ])
    def test_a_bad_range_is_refused(self, bad, message):
        found = problems({"seed": 1, "weights": {"政策落实": bad}})
        assert message in found.values()

    def test_a_node_without_points_cannot_vary(self):
        assert problems({"seed": 1, "weights": {"否决": [0, 1]}}) == {
            "robustness.weights.否决": "'否决' has no points to vary"}

    @pytest.mark.parametrize("key, value, path, message", [
        ("normalise", [], "robustness.normalise", "the list of alternatives must not be empty"),
        ("normalise", ["target"], "robustness.normalise[0]",
         "must be one of min-max, z-score, rank (got 'target')"),
        ("aggregate", ["arithmetic", "arithmetic"], "robustness.aggregate",
         "repeated alternatives in ['arithmetic', 'arithmetic']"),
        ("trim", [0, -1], "robustness.trim[1]", "must be a whole number from 0 to 20 (got -1)"),
        ("trim", "1", "robustness.trim", "must be a list"),
    ])
    def test_bad_alternatives_are_refused_by_path(self, key, value, path, message):
        assert problems({"seed": 1, key: value}) == {path: message}

    def test_the_seed_is_required_so_a_result_can_be_reproduced(self):
        assert problems({"trim": [0, 1]}) == {
            "robustness.seed": "give a seed (a whole number) so the analysis can be reproduced"}

    def test_draws_are_capped(self):
        assert problems({"seed": 1, "draws": 100_001, "trim": [0]}) == {
            "robustness.draws": "must be at most 100000 (got 100001)"}

    def test_nothing_uncertain_is_refused(self):
        assert problems({"seed": 1}) == {"robustness": "declare at least one uncertain choice "
                                                       "(weights, normalise, aggregate or trim)"}

    def test_a_misspelt_key_is_refused(self):
        assert "robustness.weight" in problems({"seed": 1, "weight": {}, "trim": [0]})

    def test_composite_alternatives_need_a_composite_node(self):
        data = scheme({"seed": 1, "aggregate": ["geometric"]})
        data["dimensions"][1]["indicators"].pop(1)
        with pytest.raises(SchemeError) as err:
            parse_scheme(data)
        assert [p.path for p in err.value.problems] == ["robustness.aggregate"]

    def test_trim_alternatives_need_an_averaging_panel(self):
        data = scheme({"seed": 1, "trim": [0, 1]})
        data["panels"]["p"]["aggregate"] = "median"
        with pytest.raises(SchemeError) as err:
            parse_scheme(data)
        assert [p.path for p in err.value.problems] == ["robustness.trim"]

    def test_z_scores_cannot_meet_a_geometric_mean(self):
        found = problems({"seed": 1, "normalise": ["z-score"], "aggregate": ["geometric"]})
        assert found == {"robustness": "'综合': z-score gives negative values, which geometric "
                                       "aggregation cannot take"}
