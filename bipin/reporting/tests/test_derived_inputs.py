"""A derived leaf (完成率 = 完成数 / 任务数 × 100) in a department's grid: the
department types the inputs, Bipin computes the value.

Hand computation (proportional(target=100), 10 points):
  南川县 45 / 50 × 100 = 90  -> 90 / 100 × 10 = 9.00
  北原县 12 / 40 × 100 = 30  -> 3.00
  教育局 50 / 50 × 100 = 100 -> 10.00
"""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from bipin.contests.models import Role
from bipin.contests.services import grant_role, upload_scheme
from bipin.reporting import services
from bipin.reporting.models import Submission, Value
from bipin.testing.cast import make_user
from bipin.testing.files import xlsx_bytes

SCHEME = Path(__file__).with_name("derived.yaml")
URL = "/c/test-contest/reporting/d/统计局/"


@pytest.fixture
def stats(cast):
    upload_scheme(cast.organizer, cast.contest, SCHEME.read_bytes(), SCHEME.name)
    grant_role(cast.organizer, cast.contest, cast.reporter, Role.DEPT_REPORTER, department="统计局")
    grant_role(cast.organizer, cast.contest, cast.reviewer, Role.DEPT_REVIEWER, department="统计局")
    cast.users["health"] = make_user("health", contest=cast.contest)
    grant_role(cast.organizer, cast.contest, cast.health, Role.DEPT_REPORTER, department="卫健委")
    cast.ids = {name: e.pk for name, e in cast.entrants.items()}
    return cast


def upload_of(rows):
    return SimpleUploadedFile("统计局.xlsx", xlsx_bytes(rows))


def form(stats, **figures):
    """{"南川县": (45, 50)} as the page's cells 完成数 and 任务数."""
    out = {}
    for name, (done, tasks) in figures.items():
        out[services.cell_field((stats.ids[name], "完成数"))] = str(done)
        out[services.cell_field((stats.ids[name], "任务数"))] = str(tasks)
    return out


def test_the_grid_asks_for_the_inputs_not_the_derived_value(stats, client_as):
    html = client_as("reporter").get(URL).content.decode()
    assert f'name="v-{stats.ids["南川县"]}-完成数"' in html
    assert f'name="v-{stats.ids["南川县"]}-任务数"' in html
    assert f'name="v-{stats.ids["南川县"]}-任务完成率"' not in html
    assert "输入项,用于 任务完成率 = 完成数 / 任务数 × 100" in html
    assert "= 完成数 / 任务数 × 100(自动计算;范围 [0, 100])" in html


def test_a_department_fills_the_inputs_and_sees_the_rate_and_its_points(stats, client_as):
    c = client_as("reporter")
    r = c.post(URL, form(stats, 南川县=(45, 50), 北原县=(12, 40), 教育局=(50, 50)) | {"then": "save"})
    assert r.status_code == 302
    got = {(v.entrant.name, v.item): v.value for v in Value.objects.filter(current=True)}
    assert got[("南川县", "完成数")] == Decimal("45")
    assert got[("南川县", "任务数")] == Decimal("50")
    assert not any(item == "任务完成率" for _, item in got)
    html = c.get(URL).content.decode()
    shown = (("南川县", "90", "9.00"), ("北原县", "30", "3.00"), ("教育局", "100", "10.00"))
    for name, value, points in shown:
        assert f'aria-label="{name} 任务完成率">{value}<br><small class="muted">得分 {points}' in html


def test_a_missing_input_or_a_zero_divisor_is_said_not_computed(stats, client_as):
    c = client_as("reporter")
    c.post(URL, {**form(stats, 北原县=(3, 0)), services.cell_field((stats.ids["南川县"], "完成数")): "45"})
    html = c.get(URL).content.decode()
    assert 'aria-label="南川县 任务完成率"><small class="muted">输入项未填全' in html
    assert 'aria-label="北原县 任务完成率"><small class="muted">除数为0,按缺失处理' in html


def test_inputs_that_put_the_rate_out_of_range_are_refused_at_the_input(stats, client_as):
    r = client_as("reporter").post(URL, form(stats, 南川县=(60, 50)) | {"then": "save"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "南川县 · 任务完成率:按公式 完成数 / 任务数 × 100 算得120,超出有效范围[0, 100]" in html
    assert not Value.objects.exists()


def test_the_engine_reads_the_approved_inputs_and_scores_the_rate(stats, client_as):
    from bipin.results.engine import compute

    c = client_as("reporter")
    c.post(URL, form(stats, 南川县=(45, 50), 北原县=(12, 40), 教育局=(50, 50)) | {"then": "submit"})
    sub = Submission.objects.get(department="统计局")
    services.approve(stats.reviewer, sub)
    evaluation = compute(stats.contest).evaluation
    points = {}
    for group in evaluation["groups"]:
        for result in group["results"]:
            leaf = result["explanation"]["children"][0]["children"][0]
            assert leaf["id"] == "任务完成率"
            points[result["name"]] = (leaf["value"], leaf["points"])
    assert points == {"南川县": (90.0, 9.0), "北原县": (30.0, 3.0), "教育局": (100.0, 10.0)}


def test_the_template_the_upload_and_the_api_name_the_inputs(stats, client_as):
    c = client_as("reporter")
    book = load_workbook(io.BytesIO(c.get(URL + "template.xlsx").content))
    sheet = book.worksheets[0]
    assert [cell.value for cell in sheet[2]] == ["参评单位", "编码", "组别", "完成数", "任务数", "备注"]
    notes = [[cell.value for cell in row] for row in book["指标说明"].iter_rows(min_row=2)]
    assert notes[0][0] == "任务完成率" and "按公式 完成数 / 任务数 × 100 自动计算" in notes[0][4]
    rows = [["参评单位", "完成数", "任务数"], ["南川县", 45, 50], ["北原县", 12, 40], ["教育局", 50, 50]]
    r = c.post(URL + "upload/", {"file": upload_of(rows)})
    assert r.status_code == 302
    assert Value.objects.filter(current=True, via="file").count() == 6
    data = c.get("/api/reporting/test-contest/departments/统计局/grid").json()
    assert {c["item"] for c in data["cells"]} == {"完成数", "任务数"}
    item = data["items"][0]
    assert item["formula"] == "完成数 / 任务数 × 100" and item["inputs"] == ["完成数", "任务数"]


def test_an_uploaded_file_that_puts_the_rate_out_of_range_is_refused(stats, client_as):
    c = client_as("reporter")
    rows = [["参评单位", "完成数", "任务数"], ["南川县", 60, 50]]
    r = c.post(URL + "upload/", {"file": upload_of(rows)}, follow=True)
    assert "按公式 完成数 / 任务数 × 100 算得120,超出有效范围[0, 100]" in r.content.decode()
    assert not Value.objects.exists()


def test_a_system_sends_the_inputs_through_the_api(stats, client_as):
    body = {"values": [{"entrant": "A01", "item": "完成数", "value": 45},
                       {"entrant": "A01", "item": "任务数", "value": "50"}]}
    r = client_as("reporter").put(
        "/api/reporting/test-contest/departments/统计局/values", json.dumps(body),
        content_type="application/json",
    )
    assert r.status_code == 200
    got = {v.item: v.value for v in Value.objects.filter(current=True, via="api")}
    assert got == {"完成数": Decimal("45"), "任务数": Decimal("50")}


def test_the_api_refuses_a_value_for_the_computed_leaf_and_names_its_inputs(stats, client_as):
    body = {"values": [{"entrant": "A01", "item": "任务完成率", "value": "90"}]}
    r = client_as("reporter").put(
        "/api/reporting/test-contest/departments/统计局/values", json.dumps(body),
        content_type="application/json",
    )
    assert r.status_code == 400
    assert "按公式 完成数 / 任务数 × 100 计算,不直接填写;请填写输入项完成数、任务数" in r.content.decode()
    assert not Value.objects.exists()


def test_another_department_cannot_fill_the_inputs(stats, client_as):
    r = client_as("health").post(URL, form(stats, 南川县=(45, 50)) | {"then": "save"})
    assert r.status_code == 403
    assert not Value.objects.exists()
