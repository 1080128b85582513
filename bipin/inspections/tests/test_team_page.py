"""The team's findings page puts what waits for the leader first."""

from __future__ import annotations

from bipin.inspections import services
from bipin.inspections.tests.conftest import record
from bipin.inspections.views import PAGE_SIZE


def test_the_leader_finds_an_unconfirmed_finding_on_the_first_page_after_a_busy_season(
    field, client_as
):
    for _ in range(PAGE_SIZE + 1):
        finding, _ = record(field, description="早已确认的问题")
        services.confirm_finding(field.inspector, finding)
    record(field, description="等待组长确认的问题")

    page = client_as("inspector").get(f"/c/{field.contest.slug}/inspections/team/")

    assert page.status_code == 200
    cards = page.content.decode().split('<article class="card"')[1:]
    assert len(cards) == PAGE_SIZE
    assert "等待组长确认的问题" in cards[0] and "确认并反馈" in cards[0]
    assert all("早已确认的问题" in card for card in cards[1:])
