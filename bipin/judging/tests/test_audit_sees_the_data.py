"""The audit log answers for the day's data, not only for itself.

A day runs through the domain functions (a panel, seats, a recusal, sheets
with a correction, a drawn order); `bipin audit verify` passes. Then someone
with database access edits a mark, changes a sheet's status, deletes a row or
adds one straight in SQLite or PostgreSQL: verify exits 1 and names the row.
"""

from __future__ import annotations

import pytest
from django.db import connection

from bipin.audit.digests import label
from bipin.cli import main
from bipin.judging import draws, services
from bipin.judging.audited import TRACKED
from bipin.judging.models import Draw, Mark, Panel, Recusal, Seat, Sheet


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


def verify(capsys) -> tuple[int, str]:
    code = main(["audit", "verify"])
    return code, capsys.readouterr().out


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_a_day_run_through_bipin_verifies(day, capsys):
    code, out = verify(capsys)
    assert code == 0, out
    assert "chain intact" in out and "rows match their records" in out


TAMPERING = {
    # model: (column, new value) of an edit that would change a result
    Mark: ("value", "6.00"),
    Sheet: ("status", "reopened"),
    Panel: ("trim", 0),
    Seat: ("user_id", None),  # filled with another judge below
    Recusal: ("entrant_id", None),
    Draw: ("order", '["x"]'),
}


def _victim(model, day):
    return model.objects.filter(**{f"{TRACKED[model]}_id": day.contest.pk}).order_by("pk").first()


@pytest.mark.parametrize("model", list(TAMPERING), ids=lambda m: m.__name__)
def test_a_row_edited_in_the_database_is_named(day, capsys, model):
    row = _victim(model, day)
    column, value = TAMPERING[model]
    if column == "user_id":
        value = day.users["inspector"].pk
    if column == "entrant_id":
        value = day.entrants["南川县"].pk
    sql(f"UPDATE {table(model)} SET {connection.ops.quote_name(column)} = %s WHERE id = %s", [value, row.pk])
    code, out = verify(capsys)
    assert code == 1
    assert f"{label(model)} #{row.pk}: " in out and "changed outside Bipin" in out
    assert out.count("changed outside Bipin") == 1


@pytest.mark.parametrize("model", [Mark, Sheet, Seat, Recusal], ids=lambda m: m.__name__)
def test_a_row_deleted_in_the_database_is_named(day, capsys, model):
    row = _victim(model, day)
    if model is Sheet:  # its marks go with it, as a sheet is deleted by hand
        sql(f"DELETE FROM {table(Mark)} WHERE sheet_id = %s", [row.pk])
    sql(f"DELETE FROM {table(model)} WHERE id = %s", [row.pk])
    code, out = verify(capsys)
    assert code == 1
    assert f"{label(model)} #{row.pk}: " in out and "deleted outside Bipin" in out


def test_a_mark_added_in_the_database_is_named(day, capsys):
    sheet = Sheet.objects.filter(status="locked").order_by("pk").first()
    sql(f"DELETE FROM {table(Mark)} WHERE sheet_id = %s AND criterion = %s", [sheet.pk, "delivery"])
    sql(f"INSERT INTO {table(Mark)} (sheet_id, criterion, value) VALUES (%s, %s, %s)", [sheet.pk, "delivery", "4.00"])
    added = Mark.objects.get(sheet=sheet, criterion="delivery")
    code, out = verify(capsys)
    assert code == 1
    assert f"judging.mark #{added.pk}: " in out and "no audit record wrote this row" in out


def test_verify_names_the_row_for_one_contest_only(day, capsys):
    row = _victim(Mark, day)
    sql(f"UPDATE {table(Mark)} SET value = %s WHERE id = %s", ["0.00", row.pk])
    assert main(["audit", "verify", "--contest", day.other_contest.slug]) == 0
    assert main(["audit", "verify", "--contest", day.contest.slug]) == 1
    assert f"judging.mark #{row.pk}" in capsys.readouterr().out


def test_the_audit_page_shows_the_changed_row(day, client_as):
    row = _victim(Sheet, day)
    sql(f"UPDATE {table(Sheet)} SET status = %s WHERE id = %s", ["superseded", row.pk])
    page = client_as("organizer").get(f"/audit/c/{day.contest.slug}/").content.decode()
    assert "数据与审计记录不符" in page and f"judging.sheet #{row.pk}" in page
