"""Overdue tasks rise to the organizer and the county: counts, filters, links, to-dos."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from bipin.contests.models import Role
from bipin.rectification import nav, services
from bipin.rectification.models import Task

pytestmark = pytest.mark.django_db
MARCH = datetime.datetime(2026, 3, 1, 2, tzinfo=datetime.UTC)  # 10:00 in Beijing
APRIL = datetime.datetime(2026, 4, 2, 2, tzinfo=datetime.UTC)  # the day after 31 March


@pytest.fixture
def due(ledger):
    """Three tasks due 31 March: one answered, one submitted, one of 北原县 untouched."""
    with time_machine.travel(MARCH, tick=False):
        working, submitted, north = ledger.task(), ledger.task(), ledger.task(entrant="北原县")
        services.answer(
            ledger.entrant,
            working,
            measures="m",
            responsible_unit="",
            responsible_person="",
            completion="",
        )
        ledger.submit(submitted)
    ledger.tasks = {"working": working, "submitted": submitted, "north": north}
    return ledger


def listed(client, query="") -> list[int]:
    page = client.get(f"/c/test-contest/rectification/{query}").context["page"]
    return [t.pk for t in page]


def test_nothing_is_overdue_on_the_last_day(due, client_as):
    with time_machine.travel(
        datetime.datetime(2026, 3, 31, 15, tzinfo=datetime.UTC), tick=False
    ):  # 23:00
        assert Task.objects.filter(services.overdue_q()).count() == 0
        assert listed(client_as("organizer"), "?overdue=1") == []


def test_the_organizer_lists_and_counts_overdue_tasks(due, client_as):
    with time_machine.travel(APRIL, tick=False):
        client = client_as("organizer")
        r = client.get("/c/test-contest/rectification/")
        assert r.context["counts"] == {"open": 2, "overdue": 2, "submitted": 1}
        assert sorted(listed(client, "?overdue=1")) == sorted(
            [due.tasks["working"].pk, due.tasks["north"].pk]
        )
        north = due.entrants["北原县"].pk
        assert listed(client, f"?overdue=1&entrant={north}") == [due.tasks["north"].pk]
        assert listed(client, "?state=submitted") == [due.tasks["submitted"].pk]
        [ledger_link, *_] = nav.links(due.contest, {Role.ORGANIZER}, due.organizer)
        assert ledger_link.label == "整改台账(待整改 2 项,逾期 2 项)"
        assert [link.label for link in nav.todo(due.contest, due.organizer, {Role.ORGANIZER})] == [
            "逾期未整改 2 项"
        ]


def test_the_county_sees_only_its_own_overdue_task(due, client_as):
    with time_machine.travel(APRIL, tick=False):
        client = client_as("entrant")
        r = client.get("/c/test-contest/rectification/")
        assert r.context["counts"] == {"open": 1, "overdue": 1, "submitted": 1}
        assert listed(client, "?overdue=1") == [due.tasks["working"].pk]
        # The entrant filter is the organizer's: a county cannot list another's tasks with it.
        assert due.tasks["north"].pk not in listed(client, f"?entrant={due.entrants['北原县'].pk}")
        [todo] = nav.todo(due.contest, due.entrant, {Role.ENTRANT_VIEWER})
        assert (todo.label, todo.note) == ("待整改问题 1 项", "其中逾期 1 项")
        assert (
            "逾期"
            in client.get(
                f"/c/test-contest/rectification/{due.tasks['working'].pk}/"
            ).content.decode()
        )


def test_an_extension_granted_lifts_the_overdue_mark(due):
    ext = services.request_extension(
        due.entrant, due.tasks["working"], datetime.date(2026, 4, 30), "雨季"
    )
    services.decide_extension(due.organizer, ext, True, "")
    with time_machine.travel(APRIL, tick=False):
        assert list(Task.objects.filter(services.overdue_q())) == [due.tasks["north"]]


def test_the_inspector_is_told_what_waits_for_verification(due):
    [todo] = nav.todo(due.contest, due.inspector, {Role.INSPECTOR})
    assert todo.label == "待核查整改 1 项" and todo.url.endswith("?state=submitted")
    assert nav.todo(due.contest, due.users["reporter"], {Role.DEPT_REPORTER}) == []
