"""The pages a department and the organizer use: fill, upload, submit, review, reopen."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from bipin.audit.models import Record
from bipin.reporting import grid as grids
from bipin.reporting import services
from bipin.reporting.models import Submission, Value
from bipin.testing.files import xlsx_bytes

from .conftest import full_grid

URL = "/c/test-contest/reporting/d/教育局/"


def form(dept, **over):
    return {services.cell_field(k): v for k, v in full_grid(dept, **over).items()}


def test_the_reporter_fills_the_grid_in_the_browser(dept, client_as):
    c = client_as("reporter")
    page = c.get(URL)
    assert page.status_code == 200
    assert "保存并提交审核" in page.content.decode()
    r = c.post(URL, form(dept, 南川县__控辍保学率="98.5") | {"then": "save"})
    assert r.status_code == 302
    got = {(v.entrant.name, v.item): v.value for v in Value.objects.filter(current=True)}
    assert got == {
        ("南川县", "教育保障"): Decimal("8"),
        ("南川县", "控辍保学率"): Decimal("98.5"),
        ("北原县", "教育保障"): Decimal("7.5"),
        ("北原县", "控辍保学率"): Decimal("100"),
        ("教育局", "教育专项"): Decimal("9"),
        ("教育局", "教育保障"): Decimal("6"),
    }
    assert Value.objects.first().via == "page"


def test_a_bad_cell_is_marked_and_nothing_is_saved(dept, client_as):
    r = client_as("reporter").post(URL, form(dept, 北原县__控辍保学率="101") | {"then": "save"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "北原县 · 控辍保学率:“控辍保学率”的分值101超出有效范围[0, 100]" in html
    assert 'aria-invalid="true"' in html and 'value="101"' in html  # kept as typed
    assert not Value.objects.exists()


def test_save_and_submit_then_the_reviewer_returns_and_approves(dept, client_as, client):
    client_as("reporter").post(URL, form(dept) | {"then": "submit"})
    assert Submission.objects.get().state == "submitted"
    c = client_as("reviewer")
    assert "审核通过" in c.get(URL).content.decode()
    r = c.post(URL + "review/", {"decision": "return", "reason": ""}, follow=True)
    assert "退回须填写原因" in r.content.decode()
    c.post(URL + "review/", {"decision": "return", "reason": "北原县数值请核实"})
    assert Submission.objects.get().state == "returned"
    c = client_as("reporter")
    assert "审核人已退回:北原县数值请核实" in c.get(URL).content.decode()
    c.post(URL, form(dept, 北原县__教育保障="7") | {"then": "submit"})
    client_as("reviewer").post(URL + "review/", {"decision": "approve"})
    assert Submission.objects.get().state == "approved"


def test_an_id_card_number_in_a_return_reason_is_masked_on_the_page(dept, client_as):
    client_as("reporter").post(URL, form(dept) | {"then": "submit"})
    client_as("reviewer").post(URL + "review/", {"decision": "return",
                                                 "reason": "户主110101199003071234的数据请核实"})
    page = client_as("reporter").get(URL).content.decode()
    assert "审核人已退回:户主1101**********1234的数据请核实" in page
    assert "110101199003071234" not in page


def test_the_reviewer_corrects_an_approved_value_with_a_reason(dept, client_as):
    g = grids.build(dept.contest, "教育局")
    services.save_values(dept.reporter, dept.contest, g, full_grid(dept))
    services.approve(dept.reviewer, services.submit(dept.reporter, dept.contest, g))
    c = client_as("reviewer")
    r = c.post(URL, form(dept, 南川县__教育保障="7"))
    assert (
        r.status_code == 302 and Value.objects.filter(current=True, value=Decimal("7")).count() == 0
    )
    c.post(URL, form(dept, 南川县__教育保障="7") | {"reason": "按复核结果更正"})
    row = Value.objects.get(current=True, entrant=dept.entrants["南川县"], item="教育保障")
    assert (row.value, row.reason, row.is_correction) == (Decimal("7"), "按复核结果更正", True)
    # The reporter may no longer change an approved grid.
    assert client_as("reporter").post(URL, form(dept)).status_code == 403


def test_the_organizer_reopens_and_sets_a_deadline(dept, client_as):
    g = grids.build(dept.contest, "教育局")
    services.save_values(dept.reporter, dept.contest, g, full_grid(dept))
    services.submit(dept.reporter, dept.contest, g)
    c = client_as("organizer")
    c.post(URL + "reopen/", {"reason": "部门申请修改"})
    assert Submission.objects.get().state == "draft"
    c.post(URL + "deadline/", {"deadline": "2020-01-31T18:00"})
    board = c.get("/c/test-contest/reporting/").content.decode()
    assert "已逾期" in board and "6/6" in board and "卫健委" in board
    assert Record.objects.filter(action="dept-submission.deadline").exists()
    r = c.post(URL + "deadline/", {"deadline": "明天"}, follow=True)
    assert "“明天”不是日期时间" in r.content.decode()


def _book(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_the_template_is_exactly_the_grid_prefilled(dept, client_as):
    services.save_values(
        dept.reporter,
        dept.contest,
        grids.build(dept.contest, "教育局"),
        {(dept.ids["南川县"], "教育保障"): "8"},
    )
    r = client_as("reporter").get(URL + "template.xlsx")
    ws = _book(r.content)["教育局"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert rows == [
        ["参评单位", "编码", "组别", "教育专项", "教育保障", "控辍保学率", "备注"],
        ["南川县", "A01", "整体推进县", None, 8, None, None],
        ["北原县", "A02", "整体推进县", None, None, None, None],
        ["教育局", "B01", "市直部门", None, None, None, None],
    ]


def test_a_filled_template_uploads_back(dept, client_as):
    c = client_as("reporter")
    book = _book(c.get(URL + "template.xlsx").content)
    ws = book["教育局"]
    for row, values in zip(
        range(3, 6), [(None, 8, 99), (None, 7.5, 100), (9, 6, None)], strict=True
    ):
        for col, v in zip("DEF", values, strict=True):
            ws[f"{col}{row}"] = v
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "教育局.xlsx"
    r = c.post(URL + "upload/", {"file": out}, follow=True)
    assert "已导入,6 个数值有改动。" in r.content.decode()
    assert Value.objects.filter(current=True, via="file").count() == 6


def test_an_upload_with_one_bad_cell_is_refused_naming_sheet_row_and_column(dept, client_as):
    data = xlsx_bytes(
        [
            ["参评单位", "教育专项", "教育保障", "控辍保学率"],
            ["南川县", None, 8, 99],
            ["北原县", None, 7, "一百"],
            ["教育局", 9, 6, None],
        ],
        sheet="填报",
    )
    up = io.BytesIO(data)
    up.name = "grid.xlsx"
    r = client_as("reporter").post(URL + "upload/", {"file": up}, follow=True)
    html = r.content.decode()
    assert "文件有误,未导入任何数据" in html
    assert "grid.xlsx 工作表“填报” 第3行 D列:北原县 · 控辍保学率:“一百”不是数字" in html
    assert not Value.objects.exists()


def test_an_upload_naming_an_unknown_entrant_or_a_grey_cell_is_refused(dept, client_as):
    data = xlsx_bytes(
        [
            ["参评单位", "教育专项", "教育保障", "控辍保学率"],
            ["西山县", None, 8, 99],
            ["教育局", 9, 6, 50],
        ]
    )
    up = io.BytesIO(data)
    up.name = "grid.xlsx"
    html = client_as("reporter").post(URL + "upload/", {"file": up}, follow=True).content.decode()
    assert "第2行 A列:本部门不评价“西山县”" in html
    assert "第3行 D列:教育局 · 控辍保学率:该指标不评价该单位" in html
    assert not Value.objects.exists()


def test_a_csv_upload_works_too(dept, client_as):
    text = "参评单位,教育专项,教育保障,控辍保学率\n南川县,,8,99\n北原县,,7,100\n教育局,9,6,\n"
    up = io.BytesIO(text.encode())
    up.name = "grid.csv"
    client_as("reporter").post(URL + "upload/", {"file": up})
    assert Value.objects.filter(current=True).count() == 6


def test_history_lists_every_value_ever_entered(dept, client_as):
    g = grids.build(dept.contest, "教育局")
    services.save_values(dept.reporter, dept.contest, g, {(dept.ids["南川县"], "教育保障"): "8"})
    services.save_values(dept.reporter, dept.contest, g, {(dept.ids["南川县"], "教育保障"): "5"})
    html = client_as("reviewer").get(URL + "history/").content.decode()
    assert html.count("南川县") == 2 and "已被替代" in html and "现行" in html
