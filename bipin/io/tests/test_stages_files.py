"""Stages in the 考核指标表 spreadsheet: the 设置 sheet declares them, a bad one names its cell."""

import io

import pytest
from openpyxl import Workbook

from bipin.io.problems import ImportFailed
from bipin.io.schemes import load_scheme


def workbook(stages: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "考核指标表"
    sheet.append(["一级指标", "二级指标", "评价内容", "分值", "计分规则", "数据来源", "考核部门"])
    sheet.append(["成绩", "得分", "", 10, "manual", "data", ""])
    settings = book.create_sheet("设置")
    settings.append(["项目", "值"])
    settings.append(["stages", stages])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_settings_sheet_declares_the_stages():
    scheme = load_scheme(
        workbook("[{id: 初评}, {id: 复评, advance: 10, ranked_on: [初评, 复评]}]"),
        filename="方案.xlsx",
    )
    assert [(s.id, s.advance, s.ranked_on) for s in scheme.stages] == [
        ("初评", None, ("初评",)),
        ("复评", 10, ("初评", "复评")),
    ]


def test_a_stage_without_its_cut_names_the_settings_cell():
    with pytest.raises(ImportFailed) as exc:
        load_scheme(workbook("[{id: 初评}, {id: 复评}]"), filename="方案.xlsx")
    message = str(exc.value)
    assert "工作表“设置” 第2行 B列" in message and "give how many advance from '初评'" in message
