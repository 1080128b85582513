"""The link on the contest page and the work waiting on the home page."""

from __future__ import annotations

import pytest

from bipin.committees import nav, services
from bipin.committees.tests.conftest import review
from bipin.contests.access import roles_of

pytestmark = pytest.mark.django_db


def todo(cast, who):
    user = cast.users[who]
    return [link.label for link in nav.todo(cast.contest, user, roles_of(user, cast.contest))]


def test_a_member_is_told_of_reviews_owed_and_the_chair_of_entries_to_decide(cast, entry):
    assert todo(cast, "judge2") == ["1 项评审意见待提交"]
    assert todo(cast, "inspector") == []
    for who in ("chief", "judge", "judge2"):
        review(cast, entry, who, 80)
    assert todo(cast, "judge2") == []
    assert todo(cast, "chief") == ["1 项评审事项待决议"]
    services.decide(cast.chief, entry)
    assert todo(cast, "chief") == []


def test_the_organizer_and_the_members_get_a_link_and_no_one_else(cast, committee):
    def labels(who):
        user = cast.users[who]
        return [link.label for link in nav.links(cast.contest, roles_of(user, cast.contest), user)]

    assert labels("organizer") == ["评审委员会"]
    assert labels("reporter") == ["我参加的评审委员会"]
    assert labels("reviewer") == []
