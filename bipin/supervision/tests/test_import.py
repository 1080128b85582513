"""The clerk imports a year's records from the office's spreadsheet: all or nothing."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from bipin.audit.models import Record as AuditRecord
from bipin.supervision.models import Record
from bipin.testing.files import csv_bytes, xlsx_bytes

HEADER = ["参评对象", "指标", "日期", "文号", "事由", "分值", "备注"]


def _post(client, name, data):
    return client.post(
        "/c/test-contest/supervision/import/", {"file": SimpleUploadedFile(name, data)}, follow=True
    )


def test_a_workbook_with_a_title_row_becomes_drafts(office, client_as):
    data = xlsx_bytes(
        [
            ["2026年度日常监督记录(示例)"],
            HEADER,
            [
                "南川县",
                "监督加分",
                dt.datetime(2026, 3, 1),
                "示督〔2026〕1号",
                "获省级表扬",
                2,
                "示例",
            ],
            ["A02", "监督扣分", "2026年4月2日", "示督〔2026〕2号", "通报批评", "1.5", ""],
        ]
    )
    r = _post(client_as("reporter"), "记录.xlsx", data)
    assert "已导入 2 条草稿" in r.content.decode()
    got = sorted(
        Record.objects.values_list(
            "entrant__name", "item", "date", "doc_number", "amount", "status"
        )
    )
    assert got == [
        ("北原县", "监督扣分", dt.date(2026, 4, 2), "示督〔2026〕2号", 1.5, "draft"),
        ("南川县", "监督加分", dt.date(2026, 3, 1), "示督〔2026〕1号", 2, "draft"),
    ]
    audit = AuditRecord.objects.get(action="supervision.import")
    assert audit.target == "记录.xlsx" and len(audit.data["records"]) == 2


def test_one_bad_row_and_nothing_is_imported_with_every_problem_located(office, client_as):
    data = csv_bytes(
        [
            HEADER,
            ["南川县", "监督加分", "2026-03-01", "", "获省级表扬", "2", ""],
            ["东山县", "监督加分", "2026-03-01", "", "表扬", "1", ""],
            ["南川县", "监督扣分", "2026-02-30", "", "通报", "-1", ""],
            ["南川县", "表扬加分", "2026-03-01", "", "表扬", "", ""],
            ["北原县", "一票否决", "2026-03-01", "", "返贫", "-1", ""],
        ]
    )
    page = _post(client_as("reporter"), "记录.csv", data).content.decode()
    assert Record.objects.count() == 0
    assert "文件有误,未导入任何记录" in page
    assert "记录.csv 第3行 A列:参评对象“东山县”不在本活动中" in page
    assert "记录.csv 第4行 C列" in page and "“2026-02-30”不是日期" in page
    assert "“表扬加分”不是您可录入的日常监督指标" in page
    assert "记录.csv 第6行 F列:“一票否决”的分值-1超出有效范围≥ 0" in page


def test_only_the_office_imports(office, client_as):
    data = csv_bytes([HEADER, ["南川县", "监督加分", "2026-03-01", "", "表扬", "1", ""]])
    assert _post(client_as("edu_reporter"), "a.csv", data).status_code == 403
    assert Record.objects.count() == 0


def test_an_amount_is_read_digit_for_digit_and_a_decimal_comma_is_refused(office, client_as):
    data = csv_bytes(
        [
            HEADER,
            ["南川县", "监督加分", "2026-03-01", "", "表扬", "1,5", ""],
            ["南川县", "监督加分", "2026-03-02", "", "表扬", "0.12345", ""],
        ]
    )
    page = _post(client_as("reporter"), "记录.csv", data).content.decode()
    assert Record.objects.count() == 0
    assert "记录.csv 第2行 F列(分值):“1,5”不是数字" in page  # never read as 15
    assert "记录.csv 第3行 F列(分值):0.12345 的小数超过 4 位" in page  # never rounded to 0.1235
