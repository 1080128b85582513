"""Scheme validation: every problem found, each at its dotted path."""

import pytest

from bipin.scoring import SchemeError, Source, parse_rule, parse_scheme
from bipin.scoring.rulesyntax import RuleSyntaxError


def scheme(indicators, **top):
    return {"contest": "c", "dimensions": [{"name": "d", "indicators": indicators}], **top}


def problems(data):
    with pytest.raises(SchemeError) as err:
        parse_scheme(data)
    return {p.path: p.message_en for p in err.value.problems}


class TestParseRule:
    def test_compact_mapping_and_json_forms_agree(self):
        a = parse_rule("bands(bands=[[95, 10], [90, 8]], otherwise=1)")
        b = parse_rule({"type": "bands", "bands": [[95, 10], [90, 8]], "otherwise": 1})
        c = parse_rule('{"type": "bands", "bands": [[95, 10], [90, 8]], "otherwise": 1}')
        assert a == b == c

    def test_full_width_punctuation_from_a_spreadsheet(self):
        assert parse_rule("target_step(target=100,step=0.1,deduct=1)").step == 0.1

    def test_bare_name_and_booleans(self):
        assert parse_rule("manual").type == "manual"
        assert parse_rule("target_step(whole_steps=true, step=-1)").whole_steps is True

    @pytest.mark.parametrize(
        "text, param",
        [
            ("target_step(target=1", ""),
            ("nope(x=1)", "type"),
            ("bands(x=1)", "x"),
            ("bands(otherwise=1)", "bands"),
            ("bands(bands=[1, 2])", "bands"),
            ("target_step(step='a')", "step"),
            ("target_step(whole_steps=1)", "whole_steps"),
            ("per_occurrence(severity=[1])", "severity"),
            ("target_step(1)", ""),
            ("target_step(step=len(x))", ""),
            ("{bad json", ""),
            ("[1, 2]", ""),
            ('["a"]', ""),
        ],
    )
    def test_bad_rules_name_the_parameter(self, text, param):
        with pytest.raises(RuleSyntaxError) as err:
            parse_rule(text)
        assert err.value.param == param


class TestParseScheme:
    def test_errors_carry_dotted_paths(self):
        found = problems(
            {
                "contest": "c",
                "dimensions": [
                    {
                        "name": "a",
                        "indicators": [
                            {"name": "x", "points": 5, "source": "data", "rule": "manual"}
                        ],
                    },
                    {
                        "name": "b",
                        "indicators": [
                            {
                                "name": "y",
                                "points": 5,
                                "source": "data",
                                "rule": "target_step(step=0)",
                            }
                        ],
                    },
                    {"name": "c", "indicators": [{"name": "z", "points": -1, "source": "magic"}]},
                ],
            }
        )
        assert found["dimensions[1].indicators[0].rule.step"] == "must be > 0 (got 0.0)"
        assert "dimensions[2].indicators[0].points" in found
        assert "dimensions[2].indicators[0].source" in found

    def test_points_must_add_up(self):
        found = problems(
            {
                "contest": "c",
                "dimensions": [
                    {
                        "name": "d",
                        "points": 20,
                        "indicators": [
                            {"name": "x", "points": 5, "source": "data", "rule": "manual"}
                        ],
                    }
                ],
            }
        )
        assert found["dimensions[0].points"].startswith("points 20 differ")

    def test_missing_pieces(self):
        found = problems({"dimensions": [], "ranking": {"tie_break": ["coin"]}})
        assert {"contest", "dimensions", "ranking.tie_break[0]"} <= set(found)
        assert (
            "missing rule"
            in problems(scheme([{"name": "x", "points": 1, "source": "data"}])).values()
        )

    def test_panel_reference_and_criteria(self):
        found = problems(
            scheme(
                [{"name": "x", "points": 1, "source": "panel", "panel": "p"}],
                panels={"q": {"criteria": [{"id": "a"}], "rounds": {"mode": "weighted"}}},
            )
        )
        assert "dimensions[0].indicators[0].panel" in found
        assert found["panels.q.criteria[0].max"] == "missing max"
        assert "panels.q.rounds.weights" in found

    def test_trimming_needs_enough_judges(self):
        s = parse_scheme(
            scheme(
                [{"name": "x", "points": 1, "source": "panel", "panel": "p"}],
                panels={
                    "p": {"aggregate": "trimmed", "trim": 2, "criteria": [{"id": "a", "max": 1}]}
                },
            )
        )
        assert s.panels["p"].trim_min_judges == 5

    def test_types_and_choices(self):
        found = problems(
            scheme(
                [
                    {
                        "name": "x",
                        "points": "many",
                        "source": "data",
                        "rule": "manual",
                        "combine": "max",
                        "reduce": "mode",
                    }
                ],
                missing="guess",
            )
        )
        assert {
            "dimensions[0].indicators[0].points",
            "dimensions[0].indicators[0].combine",
            "dimensions[0].indicators[0].reduce",
            "missing",
        } <= set(found)

    def test_grades_awards_and_entrants(self):
        found = problems(
            scheme(
                [{"name": "x", "points": 1, "source": "data", "rule": "manual"}],
                groups=["县"],
                entrants=[{"id": "a", "group": "县"}, {"id": "a", "group": "市"}, {"name": ""}],
                grades={"by": "thresholds", "levels": [{"name": "好"}, {"name": "差"}]},
                awards={"levels": [{"name": "一等奖"}, {"name": "二等奖", "count": 1}]},
            )
        )
        assert {
            "entrants",
            "entrants[1].group",
            "entrants[2]",
            "grades.levels[0].min",
            "awards.levels[0]",
        } <= set(found)

    def test_group_variants_and_applicability(self):
        s = parse_scheme(
            {
                "contest": "c",
                "groups": ["县", "部门"],
                "dimensions": [
                    {
                        "name": "d",
                        "indicators": [
                            {
                                "name": "x",
                                "points": 5,
                                "source": "data",
                                "rule": "manual",
                                "groups": ["县"],
                            },
                            {
                                "name": "y",
                                "points": 5,
                                "source": "department",
                                "rule": "manual",
                                "variants": {"部门": {"points": 10, "rule": "scaled(max=100)"}},
                            },
                        ],
                    }
                ],
            }
        )
        assert [n.id for n in s.leaves(group="县")] == ["x", "y"]
        dept = s.leaves(group="部门")
        assert [(n.id, n.points, n.rule.type) for n in dept] == [("y", 10, "scaled")]
        assert [n.id for n in s.leaves(Source.DEPARTMENT)] == ["y"]
        assert s.tree("其他")[0].id == "d"

    def test_bad_variants(self):
        found = problems(
            {
                "contest": "c",
                "groups": ["县"],
                "dimensions": [
                    {
                        "name": "d",
                        "indicators": [
                            {
                                "name": "x",
                                "points": 5,
                                "source": "data",
                                "rule": "manual",
                                "groups": ["市"],
                                "variants": {"市": {"name": "y"}},
                            }
                        ],
                    }
                ],
            }
        )
        assert {
            "dimensions[0].indicators[0].groups",
            "dimensions[0].indicators[0].variants.市",
            "dimensions[0].indicators[0].variants.市.name",
        } <= set(found)

    def test_composite_checks(self):
        base = {
            "name": "c",
            "points": 10,
            "combine": "composite",
            "composite": {"weighting": "ahp", "normalise": "target", "ahp": [[1, 9], [1 / 9, 1]]},
            "children": [
                {"name": "a", "source": "data"},
                {"name": "b", "source": "data", "target": 5},
                {
                    "name": "g",
                    "children": [{"name": "h", "source": "data", "rule": "manual", "points": 1}],
                },
            ],
        }
        found = problems({"contest": "c", "dimensions": [base]})
        assert "dimensions[0].children[0].target" in found
        assert "dimensions[0].composite.ahp" in found  # 2x2 for 3 children
        # An inner child is welcome (it enters with its own score share) and
        # needs no target: only leaves are normalised.
        assert "dimensions[0].children[2]" not in found
        assert "dimensions[0].children[2].target" not in found

    def test_inconsistent_ahp_is_refused(self):
        comp = {"weighting": "ahp", "ahp": [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]}
        found = problems(
            {
                "contest": "c",
                "dimensions": [
                    {
                        "name": "c",
                        "points": 10,
                        "combine": "composite",
                        "composite": comp,
                        "children": [{"name": k, "source": "data"} for k in "abc"],
                    }
                ],
            }
        )
        assert "consistency ratio" in found["dimensions[0].composite.ahp"]

    def test_weighted_children_need_weights(self):
        found = problems(
            {
                "contest": "c",
                "dimensions": [
                    {
                        "name": "d",
                        "combine": "weighted",
                        "indicators": [
                            {"name": "x", "points": 5, "source": "data", "rule": "manual"}
                        ],
                    }
                ],
            }
        )
        assert {"dimensions[0].points", "dimensions[0].indicators[0].weight"} <= set(found)

    def test_bonus_needs_a_cap_and_nodes_no_rule(self):
        found = problems(
            {
                "contest": "c",
                "dimensions": [
                    {
                        "name": "d",
                        "rule": "manual",
                        "indicators": [{"name": "x", "source": "supervision", "rule": "bonus"}],
                    }
                ],
            }
        )
        assert {"dimensions[0]", "dimensions[0].indicators[0].rule.cap"} <= set(found)

    def test_duplicate_leaf_ids(self):
        leaf = {"name": "x", "points": 5, "source": "data", "rule": "manual"}
        assert "dimensions[0].indicators[1]" in problems(scheme([leaf, leaf]))

    def test_not_a_mapping(self):
        assert "" in problems(["x"]) or problems(["x"])
        assert "dimensions" in problems({"contest": "c", "dimensions": "x"})
        assert "dimensions[0]" in problems({"contest": "c", "dimensions": [None]})
