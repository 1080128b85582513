"""The ledger exports in the offices' columns, text as text, IDs masked."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from bipin.inspections import services as inspections
from bipin.rectification import services
from bipin.rectification.ledger import HEADERS
from bipin.rectification.models import Recheck

pytestmark = pytest.mark.django_db


def sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


def test_the_columns_and_one_row_by_hand(ledger, client_as):
    task = ledger.task(description="户主身份证 110101199003071234 的水表损坏")
    services.answer(
        ledger.entrant,
        task,
        measures='=HYPERLINK("http://x","点此")',
        responsible_unit="南川县水利局",
        responsible_person="张三",
        completion="已更换",
        submit=True,
    )
    services.return_task(ledger.inspector, task, "照片不清")
    services.record_recheck(
        ledger.users["inspector2"],
        ledger.recheck_round,
        task.finding,
        Recheck.Outcome.NOT_RECTIFIED,
    )
    ws, rows = sheet(client_as("organizer").get("/c/test-contest/rectification/ledger.xlsx"))
    assert (
        rows[0]
        == HEADERS
        == ["序号", "问题", "整改措施", "责任单位", "责任人", "整改时限", "完成情况", "核查结果"]
    )
    assert rows[1] == [
        1,
        "【南川县】实地核查·管网老化 严重(东村):户主身份证 1101**********1234 的水表损坏",
        '=HYPERLINK("http://x","点此")',
        "南川县水利局",
        "张三",
        task.deadline.isoformat(),
        "已更换",
        "退回;照片不清;回头看:整改不到位",
    ]
    assert ws["C2"].data_type == "s"  # stored as text, never run as a formula


def test_the_organizer_exports_every_unit_and_the_county_its_own(ledger, client_as):
    ledger.task()
    ledger.task(entrant="北原县")
    withdrawn = ledger.task()
    inspections.withdraw_finding(
        ledger.organizer, withdrawn.finding, "申辩成立", roles={"organizer"}
    )
    _, everything = sheet(client_as("organizer").get("/c/test-contest/rectification/ledger.xlsx"))
    assert [r[1][:5] for r in everything[1:]] == ["【南川县】", "【南川县】", "【北原县】"]
    assert everything[2][7] == "已撤销;问题已撤销:申辩成立"
    response = client_as("entrant").get("/c/test-contest/rectification/ledger.xlsx")
    assert "attachment" in response["Content-Disposition"]
    _, own = sheet(response)
    assert [r[0] for r in own[1:]] == [1, 2] and all("南川县" in r[1] for r in own[1:])
