"""Entries go round robin to the rule's number of members, never to a conflicted
one, the rotation going on across entries; or the chair assigns by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bipin.audit.models import Record
from bipin.committees import services
from bipin.committees.models import Committee, Entry
from bipin.committees.rotation import next_reviewers
from bipin.committees.tests.conftest import add, reviewers

pytestmark = pytest.mark.django_db


def test_entries_go_round_robin_and_the_rotation_goes_on_across_entries(cast, committee):
    first, second = add(cast, committee, "第1期"), add(cast, committee, "第2期")
    assert reviewers(first) == ["chief", "judge", "judge2"]
    assert reviewers(second) == ["inspector", "reporter", "chief"]
    # The turn is stored with the committee: a fresh read (another worker, a restart) goes on.
    third = add(cast, Committee.objects.get(pk=committee.pk), "第3期")
    assert reviewers(third) == ["judge", "judge2", "inspector"]


def test_a_member_who_declared_a_conflict_with_the_party_is_skipped(cast, committee):
    services.declare_conflicts(cast.judge, committee.seat["judge"], "示例电视台")
    # Case and spaces aside, the same name: the party as typed on the entry.
    entry = add(cast, committee, party="  示例电视台 ")
    assert reviewers(entry) == ["chief", "judge2", "inspector"]
    other = add(cast, committee, "第2期", party="示例广播电台")
    assert reviewers(other) == ["reporter", "chief", "judge"]


def test_conflicts_match_case_insensitively_but_exactly(cast, committee):
    services.declare_conflicts(cast.chief, committee.seat["chief"], "Demo TV")
    assert "chief" not in reviewers(add(cast, committee, party="demo tv"))
    assert "chief" in reviewers(add(cast, committee, "第2期", party="Demo TV Station"))


def test_too_few_members_without_a_conflict_is_refused_and_nothing_is_saved(cast, committee):
    for who in ("chief", "judge", "judge2"):
        services.declare_conflicts(cast.users[who], committee.seat[who], "示例电视台")
    before = Committee.objects.get(pk=committee.pk).rotation_after
    with pytest.raises(services.JudgingError) as refused:
        add(cast, committee)
    p = refused.value.problems[0]
    assert p.zh == "每项须 3 位委员评审,但只有 2 位委员与“示例电视台”无利益冲突;请先任命更多委员"
    assert p.en == ("each entry needs 3 reviewers but only 2 members have no conflict with "
                    "'示例电视台'; appoint more members first")
    assert not Entry.objects.exists() and not Record.objects.filter(action="committee.entry").exists()
    assert Committee.objects.get(pk=committee.pk).rotation_after == before


def test_an_entry_received_outside_the_term_is_refused(cast, committee):
    with pytest.raises(services.JudgingError) as refused:
        add(cast, committee, received_on=dt.date(2027, 1, 5))
    assert refused.value.problems[0].zh == "收到日期须在委员会任期内(2026-01-01 至 2026-12-31)"


def test_the_chair_assigns_by_hand_but_never_a_conflicted_member(cast, committee):
    services.declare_conflicts(cast.reporter, committee.seat["reporter"], "示例电视台")
    entry = add(cast, committee, by_hand=True)
    assert reviewers(entry) == []
    services.assign_by_hand(cast.chief, entry, committee.seat["inspector"])
    with pytest.raises(services.JudgingError) as refused:
        services.assign_by_hand(cast.chief, entry, committee.seat["reporter"])
    p = refused.value.problems[0]
    assert p.zh == "reporter已申报与“示例电视台”存在利益冲突,不能评审此事项"
    assert p.en == "reporter declared a conflict with '示例电视台' and cannot review this entry"
    with pytest.raises(services.JudgingError):
        services.assign_by_hand(cast.chief, entry, committee.seat["inspector"])  # twice
    assert reviewers(entry) == ["inspector"]


def test_a_conflict_with_an_entry_already_assigned_is_not_declared_behind_it(cast, committee, entry):
    with pytest.raises(services.JudgingError) as refused:
        services.declare_conflicts(cast.judge, committee.seat["judge"], "示例电视台")
    assert "第1期" in refused.value.problems[0].zh
    assert committee.seat["judge"].conflict_list == []


# The rotation itself, for any committee, conflicts and run of entries.
members = st.lists(st.sets(st.sampled_from("ABCDE"), max_size=3), min_size=1, max_size=8)
parties = st.lists(st.sampled_from("ABCDEF"), min_size=1, max_size=12)


@given(conflicts=members, run=parties, needed=st.integers(1, 5))
def test_no_entry_ever_goes_to_a_conflicted_member_and_each_gets_exactly_its_reviewers(
        conflicts, run, needed):
    keys = list(range(1, len(conflicts) + 1))
    after = 0
    for party in run:
        def free(k, party=party):
            return party not in conflicts[k - 1]

        chosen = next_reviewers(keys, after, needed, key=int, eligible=free)
        if sum(map(free, keys)) < needed:
            assert chosen is None
            continue
        assert len(chosen) == needed == len(set(chosen))
        assert all(free(k) for k in chosen)
        after = chosen[-1]
