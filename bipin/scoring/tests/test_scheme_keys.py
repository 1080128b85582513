"""A misspelt or unknown key anywhere in a scheme is refused, never ignored."""

import pytest

from bipin.scoring import SchemeError, parse_scheme


def leaf(**extra):
    return {"name": "率", "points": 10, "source": "data", "rule": "manual", **extra}


def scheme(*leaves, dim=None, **top):
    return {
        "contest": "c",
        "dimensions": [{"name": "d", **(dim or {}), "indicators": list(leaves) or [leaf()]}],
        **top,
    }


def problems(data) -> dict[str, tuple[str, str]]:
    with pytest.raises(SchemeError) as err:
        parse_scheme(data)
    return {p.path: (p.message_zh, p.message_en) for p in err.value.problems}


class TestUnknownKeys:
    def test_a_misspelt_leaf_key_names_its_path_and_the_accepted_keys(self):
        found = problems(scheme(leaf(denominatr=100)))
        zh, en = found["dimensions[0].indicators[0].denominatr"]
        assert zh.startswith("无法识别的键“denominatr”")
        assert en.startswith("unknown key 'denominatr' (accepted: name, id, points, weight,")
        assert "range" in en and "on_repeat" in en

    def test_a_close_misspelling_gets_a_suggestion(self):
        data = {
            "contest": "c",
            "dimensions": [
                {
                    "name": "综合",
                    "points": 10,
                    "combine": "composite",
                    "composite": {"normalise": "min-max", "wieghting": "entropy"},
                    "combien": "composite",
                    "children": [{"name": "x", "source": "data"}],
                }
            ],
        }
        found = problems(data)
        assert "did you mean 'weighting'?" in found["dimensions[0].composite.wieghting"][1]
        assert "是否应为“weighting”" in found["dimensions[0].composite.wieghting"][0]
        assert "did you mean 'combine'?" in found["dimensions[0].combien"][1]

    @pytest.mark.parametrize(
        "top, path",
        [
            ({"contset": "x"}, "contset"),
            ({"rounding": {"decimal": 1}}, "rounding.decimal"),
            ({"ranking": {"tiebreak": ["draw"]}}, "ranking.tiebreak"),
            ({"grades": {"by": "thresholds", "level": []}}, "grades.level"),
            (
                {"grades": {"by": "thresholds", "levels": [{"name": "好", "mni": 90}]}},
                "grades.levels[0].mni",
            ),
            ({"awards": {"levels": [{"name": "一等奖", "cuont": 1}]}}, "awards.levels[0].cuont"),
            ({"awards": {"levels": [{"name": "一等奖", "share": 0.1}]}}, "awards.levels[0].share"),
            ({"entrants": [{"id": "a", "group": "g", "grup": "h"}]}, "entrants[0].grup"),
            (
                {"panels": {"p": {"criteria": [{"id": "a", "max": 5}], "agregate": "mean"}}},
                "panels.p.agregate",
            ),
            (
                {"panels": {"p": {"criteria": [{"id": "a", "max": 5, "stpe": 1}]}}},
                "panels.p.criteria[0].stpe",
            ),
            (
                {"panels": {"p": {"criteria": [{"id": "a", "max": 5}], "rounding": {"stge": 1}}}},
                "panels.p.rounding.stge",
            ),
            (
                {"panels": {"p": {"criteria": [{"id": "a", "max": 5}], "rounds": {"mod": "sum"}}}},
                "panels.p.rounds.mod",
            ),
        ],
    )
    def test_every_section_refuses_unknown_keys(self, top, path):
        assert path in problems(scheme(**top))

    def test_a_dimension_key_and_a_variant_key(self):
        found = problems(
            scheme(
                leaf(variants={"县": {"point": 5}}),
                dim={"department_": "x"},
                groups=["县"],
            )
        )
        assert "dimensions[0].department_" in found
        assert (
            "accepted: points, weight, rule"
            in found["dimensions[0].indicators[0].variants.县.point"][1]
        )

    def test_two_spellings_of_the_children_are_refused(self):
        data = scheme(dim={"children": [leaf(name="另")]})
        found = problems(data)
        assert "only one of indicators, children" in found["dimensions[0]"][1]


class TestOnRepeat:
    def test_a_leaf_refuses_a_repeated_value_unless_it_declares_replace(self):
        s = parse_scheme(scheme(leaf(), leaf(name="另", on_repeat="replace")))
        assert [n.on_repeat for n in s.leaves()] == ["refuse", "replace"]

    def test_an_unknown_choice_is_refused(self):
        found = problems(scheme(leaf(on_repeat="average")))
        assert "must be one of refuse, replace" in found["dimensions[0].indicators[0].on_repeat"][1]

    def test_only_a_leaf_has_it(self):
        found = problems(scheme(dim={"on_repeat": "replace"}))
        assert "dimensions[0].on_repeat" in found
