"""Rank robustness in files: the 设置 sheet declares it, the workbook carries it."""

import io

from openpyxl import Workbook, load_workbook

from bipin.cli import main
from bipin.io.problems import ImportFailed
from bipin.io.schemes import load_scheme
from bipin.io.tests.test_compute import dabipin_args


def indicator_sheet(robustness: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "考核指标表"
    sheet.append(["一级指标", "二级指标", "评价内容", "分值", "计分规则", "数据来源", "考核部门"])
    sheet.append(["成效", "达标率", "", 10, "manual", "data", ""])
    sheet.append(["过程", "覆盖率", "", 10, "manual", "data", ""])
    settings = book.create_sheet("设置")
    settings.append(["项目", "值"])
    settings.append(["robustness", robustness])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_settings_sheet_declares_it():
    scheme = load_scheme(indicator_sheet("{seed: 1, weights: {成效: [5, 15]}}"), filename="方案.xlsx")
    assert scheme.robustness.weights == {"成效": (5.0, 15.0)}


def test_a_bad_range_on_the_settings_sheet_names_its_cell():
    try:
        load_scheme(indicator_sheet("{seed: 1, weights: {成效: [11, 15]}}"), filename="方案.xlsx")
    except ImportFailed as exc:
        message = str(exc)
    assert "工作表“设置” 第2行 B列" in message
    assert "the range [11, 15] must hold the declared points 10" in message


def test_compute_writes_the_robustness_sheet_the_scheme_declares(tmp_path, capsys):
    out = tmp_path / "成绩.xlsx"
    assert main(["compute", *dabipin_args(), "--format", "xlsx", "--out", str(out)]) == 0
    book = load_workbook(out)
    rows = list(book["排名稳健性"].iter_rows(values_only=True))
    assert rows[0][:3] == ("组别", "正式名次", "参评单位")
    assert len(rows) == 1 + 24  # every demo unit, in its group's official order
    for row in rows[1:]:
        assert row[4] <= row[3] <= row[5]  # 5 % <= median <= 95 %
    assert any("排名稳健性" in str(c.value) for c in book["说明"]["A"])
