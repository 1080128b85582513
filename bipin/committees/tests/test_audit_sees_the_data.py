"""The audit log answers for committees: a term run through Bipin verifies, and a
vote, a score or an outcome changed straight in the database is named."""

from __future__ import annotations

import pytest

from bipin.committees import services
from bipin.committees.tests.conftest import add, review
from bipin.testing.tampering import edit, named, row, verify

pytestmark = pytest.mark.django_db


def test_a_term_run_through_bipin_verifies_and_a_changed_vote_is_named(cast, committee, capsys):
    services.declare_conflicts(cast.reporter, committee.seat["reporter"], "示例广播电台")
    entry = add(cast, committee)
    hand = add(cast, committee, "第2期", by_hand=True)
    services.assign_by_hand(cast.chief, hand, committee.seat["inspector"])
    for who in ("chief", "judge", "judge2"):
        review(cast, entry, who, 75)
    changed = review(cast, entry, "judge", 60, "reject", "改为不同意")
    decision = services.decide(cast.chief, entry)
    services.reopen(cast.organizer, entry, "补充材料")
    services.decide(cast.chief, entry)
    code, out = verify(capsys)
    assert code == 0, out
    edit(changed, vote="approve")
    edit(decision, outcome="rejected")
    edit(committee.seat["reporter"], conflicts="")
    code, out = verify(capsys)
    assert code == 1
    assert {(row(changed), "changed"), (row(decision), "changed"),
            (row(committee.seat["reporter"]), "changed")} <= named(out)
