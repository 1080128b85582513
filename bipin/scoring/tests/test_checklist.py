"""A campaign's checklist: hand-computed stars, boundaries, vetoes, and properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bipin.scoring.checklist import ChecklistError, parse_checklist

ITEMS = [{"id": "clean", "text": "庭院整洁", "points": "30"},
         {"id": "green", "text": "绿化美化", "points": "20", "kind": "points"},
         {"id": "thrift", "text": "勤俭节约", "points": "25"},
         {"id": "kin", "text": "孝老爱亲", "points": "25"},
         {"id": "law", "text": "遵纪守法", "veto": True}]
LEVELS = [{"stars": 5, "min": "90"}, {"stars": 4, "min": "80"}, {"stars": 3, "min": "60"}]
CHECKLIST = parse_checklist(ITEMS, LEVELS)


def answers(clean=True, green="20", thrift=True, kin=True, law=True):
    return {"clean": clean, "green": green, "thrift": thrift, "kin": kin, "law": law}


class TestHandComputed:
    def test_a_full_answer_sheet_earns_every_point_and_five_stars(self):
        rating = CHECKLIST.rate(answers())
        assert (rating.total, rating.stars, rating.vetoed_by) == (Decimal(100), 5, ())

    def test_each_boundary(self):
        assert CHECKLIST.rate(answers(green="10")).stars == 5
        assert CHECKLIST.rate(answers(green="9.9")).stars == 4
        assert CHECKLIST.rate(answers(green="0")).stars == 4  # 80 exactly
        assert CHECKLIST.rate(answers(green="5", kin=False)).stars == 3  # 60 exactly
        assert CHECKLIST.rate(answers(green="4.5", kin=False)).stars == 0  # 59.5

    def test_a_failed_veto_gives_no_star_but_keeps_the_total(self):
        rating = CHECKLIST.rate(answers(law=False))
        assert (rating.total, rating.stars, rating.vetoed_by) == (Decimal(100), 0, ("law",))


class TestRefusals:
    def test_every_item_must_be_answered(self):
        partial = answers()
        del partial["kin"]
        with pytest.raises(ChecklistError, match="'kin' is not answered"):
            CHECKLIST.rate(partial)

    def test_a_points_item_takes_no_more_than_its_points(self):
        with pytest.raises(ChecklistError, match="at most 20.0 points"):
            CHECKLIST.rate(answers(green="21"))

    def test_a_yes_no_item_takes_only_yes_or_no(self):
        with pytest.raises(ChecklistError, match="answer yes or no"):
            CHECKLIST.rate(answers(clean="1"))

    def test_an_unknown_item_is_named(self):
        with pytest.raises(ChecklistError, match="no item 'roof'"):
            CHECKLIST.rate({**answers(), "roof": True})

    @pytest.mark.parametrize(("levels", "message"), [
        ([{"stars": 5, "min": "80"}, {"stars": 4, "min": "80"}], "5 stars needs a higher threshold"),
        ([{"stars": 5, "min": "101"}], "above the full 100.0 points"),
        ([{"stars": 0, "min": "10"}], "stars must be a whole number"),
        ([], "give the star levels"),
    ])
    def test_bad_levels_are_refused(self, levels, message):
        with pytest.raises(ChecklistError, match=message):
            parse_checklist(ITEMS, levels)

    def test_an_item_id_is_letters_digits_dashes_and_underscores(self):
        with pytest.raises(ChecklistError, match="item id 'a b': letters, digits"):
            parse_checklist([{"id": "a b", "text": "有空格", "points": "10"}], LEVELS[2:])

    def test_a_repeated_item_id_is_refused(self):
        with pytest.raises(ChecklistError, match="'clean' is used twice"):
            parse_checklist([*ITEMS, ITEMS[0]], LEVELS)


yes_no = st.booleans()
sheets = st.fixed_dictionaries({
    "clean": yes_no, "thrift": yes_no, "kin": yes_no, "law": yes_no,
    "green": st.integers(0, 200).map(lambda n: str(Decimal(n) / 10)),
})


class TestProperties:
    @given(sheets, st.sampled_from(["clean", "thrift", "kin", "law"]))
    def test_stars_never_rise_when_a_yes_becomes_no(self, sheet, item):
        yes, no = CHECKLIST.rate({**sheet, item: True}), CHECKLIST.rate({**sheet, item: False})
        assert no.stars <= yes.stars
        assert no.total <= yes.total

    @given(sheets)
    def test_a_failed_veto_always_gives_zero_stars(self, sheet):
        assert CHECKLIST.rate({**sheet, "law": False}).stars == 0

    @given(sheets)
    def test_stars_are_those_of_the_highest_threshold_reached(self, sheet):
        rating = CHECKLIST.rate(sheet)
        reached = [lv.stars for lv in CHECKLIST.levels if rating.total >= lv.min]
        assert rating.stars == (max(reached, default=0) if sheet["law"] else 0)
        assert Decimal(0) <= rating.total <= CHECKLIST.full
