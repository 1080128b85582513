"""The audit log answers for the day's data, not only for itself.

A day runs through the domain functions (a panel, seats, a recusal, sheets
with a correction, a drawn order); `bipin audit verify` passes. Then someone
with database access edits a mark, changes a sheet's status, deletes a row or
adds one straight in SQLite or PostgreSQL: verify exits 1 and names the row.
"""

from __future__ import annotations

import pytest

from bipin.judging import draws, services
from bipin.judging.audited import TRACKED
from bipin.judging.models import Draw, Mark, Panel, Recusal, Seat, Sheet
from bipin.testing.tampering import copy, delete, edit, named, row, verify


@pytest.fixture
def day(event):
    c = event
    south, north = c.entrants["南川县"], c.entrants["北原县"]
    services.recuse(c.organizer, c.contest, c.users["judge2"], north, "籍贯回避")
    services.submit_sheet(c.users["judge"], c.panel, south, key="k-0000001", marks={"content": "5", "delivery": "3"})
    first = services.submit_sheet(c.users["judge2"], c.panel, south, key="k-0000002",
                                  marks={"content": "4.5", "delivery": "4"})[0]
    services.reopen_sheet(c.users["chief"], first, "误录")
    services.submit_sheet(c.users["judge2"], c.panel, south, key="k-0000003", marks={"content": "5.5", "delivery": "4"})
    draw = draws.commit_draw(c.organizer, c.contest, c.groups["整体推进县"])
    draws.reveal_draw(c.organizer, draw, ["17", "42"])
    return c


def first(model, day):
    return model.objects.filter(**{f"{TRACKED[model]}_id": day.contest.pk}).order_by("pk").first()


def test_a_day_run_through_bipin_verifies(day, capsys):
    code, out = verify(capsys)
    assert code == 0, out
    assert "chain intact" in out and "rows match their records" in out


# An edit of each table that would change a result.
EDITS = {
    Mark: lambda day: {"value": "6.00"},
    Sheet: lambda day: {"status": "reopened"},
    Panel: lambda day: {"trim": 0},
    Seat: lambda day: {"user": day.users["inspector"].pk},
    Recusal: lambda day: {"entrant": day.entrants["南川县"].pk},
    Draw: lambda day: {"order": '["x"]'},
}


@pytest.mark.parametrize("model", list(EDITS), ids=lambda m: m.__name__)
def test_a_row_edited_in_the_database_is_named(day, capsys, model):
    victim = first(model, day)
    edit(victim, **EDITS[model](day))
    code, out = verify(capsys)
    assert code == 1
    assert named(out) == {(row(victim), "changed")}


@pytest.mark.parametrize("model", [Mark, Sheet, Seat, Recusal], ids=lambda m: m.__name__)
def test_a_row_deleted_in_the_database_is_named(day, capsys, model):
    victim = first(model, day)
    marks = set()
    if model is Sheet:  # its marks go with it, as a sheet is deleted by hand
        for mark in victim.marks.all():
            marks.add((row(mark), "deleted"))
            delete(mark)
    delete(victim)
    code, out = verify(capsys)
    assert code == 1
    assert named(out) == {(row(victim), "deleted"), *marks}


def test_a_mark_added_in_the_database_is_named(day, capsys):
    mark = first(Mark, day)
    other = Sheet.objects.filter(status="locked").exclude(pk=mark.sheet_id).order_by("pk").first()
    # Make room under the unique (sheet, criterion): that mark is named too, as deleted.
    other.marks.filter(criterion=mark.criterion).delete()
    added = copy(mark, sheet=other.pk)
    code, out = verify(capsys)
    assert code == 1
    assert (f"judging.mark #{added}", "unrecorded") in named(out)


def test_verify_names_the_row_for_one_contest_only(day, capsys):
    victim = first(Mark, day)
    edit(victim, value="0.00")
    assert verify(capsys, "--contest", day.other_contest.slug)[0] == 0
    code, out = verify(capsys, "--contest", day.contest.slug)
    assert code == 1 and named(out) == {(row(victim), "changed")}


def test_the_audit_page_shows_the_changed_row(day, client_as):
    victim = first(Sheet, day)
    edit(victim, status="superseded")
    page = client_as("organizer").get(f"/audit/c/{day.contest.slug}/").content.decode()
    assert "数据与审计记录不符" in page and row(victim) in page


def test_new_blind_codes_are_recorded_with_the_entrants_they_changed(event, capsys):
    services.assign_blind_codes(event.organizer, event.contest)
    code, out = verify(capsys)
    assert code == 0, out
