"""The organizer exports the record book as XLSX, filtered as the page is."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from bipin.supervision import services
from bipin.supervision.exports import HEADER
from bipin.supervision.tests.conftest import approved, entry


def _rows(response):
    ws = load_workbook(io.BytesIO(response.content)).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_the_record_book_lists_every_record_with_whether_it_counts(office, client_as):
    old = approved(office, amount="2", reason='=HYPERLINK("x")')
    fix = services.correct_record(office.reporter, old, entry(office, amount="1"), "核定为1分")
    services.submit_records(office.reporter, [fix])
    services.approve_record(office.reviewer, fix)
    services.add_record(
        office.reporter, office.contest, entry(office, unit="北原县", item="监督扣分")
    )
    r = client_as("organizer").get("/c/test-contest/supervision/export/")
    assert r["Content-Disposition"] == (
        "attachment; filename=\"test-contest-supervision.xlsx\"; "
        "filename*=UTF-8''test-contest-supervision.xlsx")
    rows = _rows(r)
    assert rows[0] == HEADER
    body = {(row[1], row[3], row[7], row[8], row[9], row[15], row[16]) for row in rows[1:]}
    assert body == {
        ("南川县", "监督加分", 2, "已通过", "否", None, None),
        ("南川县", "监督加分", 1, "已通过", "是", f"更正#{old.pk}", "核定为1分"),
        ("北原县", "监督扣分", 2, "草稿", "否", None, None),
    }
    assert '=HYPERLINK("x")' in [row[6] for row in rows]  # text stays text


def test_the_export_follows_the_filters(office, client_as):
    approved(office, amount="2")
    approved(office, unit="北原县", amount="1")
    r = client_as("organizer").get(
        f"/c/test-contest/supervision/export/?entrant={office.entrants['北原县'].pk}&status=approved"
    )
    assert [row[1] for row in _rows(r)[1:]] == ["北原县"]
