"""An inspection leaf declares its catalogue of problems, photo location and 回头看 charges."""

import pytest

from bipin.scoring import SchemeError, parse_scheme

RULE = "per_occurrence(each=0.5, cap=15, severity={一般: 0.5, 严重: 2})"


def inspection(**extra):
    return {"name": "实地核查", "points": 15, "source": "inspection", "rule": RULE, **extra}


def parsed(leaf):
    scheme = parse_scheme({"contest": "c", "dimensions": [{"name": "d", "indicators": [leaf]}]})
    return scheme.leaves()[0]


def problems(leaf) -> dict[str, str]:
    with pytest.raises(SchemeError) as err:
        parsed(leaf)
    return {p.path: p.message_en for p in err.value.problems}


AT = "dimensions[0].indicators[0]"


def test_the_catalogue_and_recheck_charges_are_read():
    leaf = parsed(inspection(catalogue=["管网老化", "水表损坏"], keep_location=True,
                             recheck={"not_rectified": 1, "recurred": 2}))
    assert leaf.catalogue == ("管网老化", "水表损坏")
    assert leaf.keep_location is True
    assert leaf.recheck == {"not_rectified": 1.0, "recurred": 2.0}


def test_an_inspection_leaf_declares_none_by_default():
    leaf = parsed(inspection())
    assert (leaf.catalogue, leaf.keep_location, leaf.recheck) == ((), False, {})


@pytest.mark.parametrize("extra, path, message", [
    ({"catalogue": ["管网老化", "管网老化"]}, "catalogue", "categories must be non-empty and distinct"),
    ({"catalogue": ["", "x"]}, "catalogue", "categories must be non-empty and distinct"),
    ({"catalogue": "管网老化"}, "catalogue", "must be a list"),
    ({"keep_location": "yes"}, "keep_location", "must be true or false (got 'yes')"),
    ({"recheck": {"not_rectified": 0}}, "recheck.not_rectified", "must be > 0 (got 0)"),
])
def test_bad_declarations_are_refused_at_their_path(extra, path, message):
    assert problems(inspection(**extra))[f"{AT}.{path}"] == message


def test_an_unknown_recheck_outcome_is_refused_by_name():
    assert "unknown key 'fixed'" in problems(inspection(recheck={"fixed": 1}))[f"{AT}.recheck.fixed"]


def test_only_an_inspection_leaf_takes_them():
    leaf = {"name": "率", "points": 10, "source": "data", "rule": "manual", "catalogue": ["x"]}
    assert problems(leaf)[f"{AT}.catalogue"] == "only an inspection leaf takes catalogue"
