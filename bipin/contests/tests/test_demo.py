"""The demo data: two fictional contests, loaded once however often it runs."""

import re

from bipin.contests import demo
from bipin.contests.codes import ALPHABET
from bipin.contests.models import Contest
from bipin.testing.demo import load_demo


def test_loading_the_demo_twice_does_not_duplicate_anything(db):
    first = demo.load()
    assert len(first.created) == 2
    counts = (Contest.objects.count(), Contest.objects.get(slug=demo.CITY_SLUG).entrants.count())
    second = demo.load()
    assert second.created == [] and len(second.existing) == 2
    assert (Contest.objects.count(), Contest.objects.get(slug=demo.CITY_SLUG).entrants.count()) == counts


def test_the_city_demo_has_three_groups_of_fictional_units(db):
    load_demo()
    city = Contest.objects.get(slug=demo.CITY_SLUG)
    assert city.is_demo and "示例" in city.name
    sizes = {g.name: g.entrants.count() for g in city.groups.all()}
    assert sizes == {"先行示范区": 2, "整体推进县": 8, "市直部门": 14}
    assert all(e.name.startswith("示例") for e in city.entrants.all())


def test_the_apple_demo_is_blind_with_coded_samples(db):
    load_demo()
    apples = Contest.objects.get(slug=demo.APPLES_SLUG)
    assert apples.blind and apples.entrants.count() == 18
    assert all(re.fullmatch(f"[{ALPHABET}][1-9][0-9][0-9]", e.code) for e in apples.entrants.all())


def test_the_apple_demos_codes_say_nothing_of_whose_sample_it_is(db):
    load_demo()
    samples = Contest.objects.get(slug=demo.APPLES_SLUG).entrants.order_by("order", "pk")
    registered = [e.name for e in samples]
    assert registered == [f"示例果园{n:02d}" for n in range(1, 19)]
    codes = [e.code for e in samples]
    # Not the scheme file's S01…S18, which follow the registration numbers.
    assert not set(codes) & {s.code for s in demo.apple_samples()}
    # Listed by code, the samples are not in registration order (chance 1 in 18!, about 2e-16).
    assert [e.name for e in sorted(samples, key=lambda e: e.code)] != registered


def test_both_demo_contests_have_a_valid_scheme_in_force(db):
    from bipin.contests.services import current_scheme

    load_demo()
    for slug in (demo.CITY_SLUG, demo.APPLES_SLUG):
        assert current_scheme(Contest.objects.get(slug=slug)).filename == "scheme.yaml"


def test_the_demo_lists_every_account_with_what_it_does(db):
    from bipin.contests import demo

    load_demo()
    listed = dict(demo.accounts())
    assert listed["county"] == "参评单位(示例一县)"
    assert listed["reporter"] == "行业部门填报(示例乡村振兴局)"
    assert listed["organizer"] == "组织者"
    # every account any app's demo gave a role is listed, none twice
    from bipin.contests.models import Membership

    assert set(listed) == set(Membership.objects.filter(contest__is_demo=True)
                              .values_list("user__username", flat=True))


def test_each_units_demo_account_is_named_after_its_unit(db):
    # A newcomer logs in as `county` and reads its name in the header: it must
    # say which unit it speaks for (示例一县联络员 for 示例一县), not another.
    from bipin.contests.models import Membership, Role

    load_demo()
    liaisons = Membership.objects.filter(contest__slug=demo.CITY_SLUG, role=Role.ENTRANT_VIEWER)
    named = {m.user.username: (m.user.get_full_name(), m.entrant.name) for m in liaisons}
    assert named["county"] == ("示例一县联络员", "示例一县")
    assert all(full.startswith(unit) for full, unit in named.values()), named


def test_the_demo_results_pdf_names_its_issuing_office_on_the_cover(db):
    from bipin.contests.models import Contest
    from bipin.results.exports import cover

    load_demo()
    city = Contest.objects.get(slug=demo.CITY_SLUG)
    assert cover(city, city.snapshots.order_by("-number").first())["issuer"] == "示例市大比拼活动办公室"
