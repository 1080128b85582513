"""A 考核细则 sheet with blank 计分规则 cells: proposals per row, then the rules written in."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from bipin.io.problems import ImportFailed
from bipin.io.scheme_proposals import fill_rules, sheet_proposals
from bipin.io.schemes import load_scheme

HEADERS = ["一级指标", "二级指标", "评价标准", "分值", "计分规则", "数据来源"]
ROWS = [
    ["政策落实", "监测帮扶覆盖率", "达标率100%计满分;每减少0.1个百分点扣1分,扣完为止", 8, None, "数据"],
    ["政策落实", "资金支出进度", "视工作成效酌情赋分", 6, None, "数据"],
    ["政策落实", "已有规则", "按完成比例计分", 6, "proportional(target=90)", "数据"],
    ["同台展示", "政策测试", "测试成绩按百分制折算", 10, None, "政策测试"],
    ["日常监督", "通报扣分", "每次扣1分,扣分累计不超过5分", None, None, "日常监督"],
]


def workbook(rows=ROWS, headers=HEADERS, title=True) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "考核指标表"
    if title:
        ws.append(["某县2026年度巩固衔接考核细则"])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class TestSheetProposals:
    def test_each_blank_rule_with_a_standard_gets_a_proposal_in_sheet_order(self):
        found = sheet_proposals(workbook(), "细则.xlsx")
        assert [(p.row, p.place, p.proposal.rule) for p in found] == [
            (3, ("政策落实", "监测帮扶覆盖率"), "target_step(target=100, step=0.1, deduct=1)"),
            (4, ("政策落实", "资金支出进度"), None),
            (7, ("日常监督", "通报扣分"), "deduction(each=1, cap=5)"),
        ]
        assert found[1].proposal.why_zh == "含有“酌情”,须由人确定"

    def test_a_filled_rule_and_an_exam_row_are_left_alone(self):
        places = {p.place[1] for p in sheet_proposals(workbook(), "细则.xlsx")}
        assert "已有规则" not in places and "政策测试" not in places

    def test_a_file_that_is_not_a_workbook_or_has_problems_of_its_own_gets_none(self):
        assert sheet_proposals(b"contest: x\n", "scheme.yaml") == []
        broken = [[*ROWS[0][:3], "八分", *ROWS[0][4:]]]
        assert sheet_proposals(workbook(broken), "细则.xlsx") == []


class TestFillRules:
    def test_the_filled_workbook_is_the_scheme_with_the_accepted_rules(self):
        data = fill_rules(workbook(), "细则.xlsx", {
            3: "target_step(target=100, step=0.1, deduct=1)", 4: "manual",
            7: "deduction(each=1, cap=5)"})
        scheme = load_scheme(data, filename="细则.xlsx")
        rules = {leaf.name: leaf.rule.describe() for leaf in scheme.leaves()}
        assert rules["监测帮扶覆盖率"]["type"] == "target_step"
        assert rules["资金支出进度"] == {"type": "manual"}
        assert rules["已有规则"]["target"] == 90.0
        assert rules["通报扣分"] == {"type": "deduction", "cap": 5.0, "each": 1.0, "between": None}
        sheet = load_workbook(io.BytesIO(data))["考核指标表"]
        assert sheet["A1"].value == "某县2026年度巩固衔接考核细则"
        assert sheet["C3"].value == ROWS[0][2]  # the 评价标准 stays as written

    def test_a_sheet_without_a_rule_column_gets_one_after_its_headers(self):
        headers = [h for h in HEADERS if h != "计分规则"]
        rows = [[c for i, c in enumerate(r) if i != 4] for r in ROWS[:2]]
        data = fill_rules(workbook(rows, headers), "细则.xlsx", {3: "manual", 4: "manual"})
        sheet = load_workbook(io.BytesIO(data))["考核指标表"]
        assert [sheet.cell(row=r, column=6).value for r in (2, 3, 4)] == ["计分规则", "manual", "manual"]
        assert [leaf.rule.type for leaf in load_scheme(data, filename="细则.xlsx").leaves()] == ["manual"] * 2

    def test_a_row_that_is_not_an_indicator_is_refused(self):
        with pytest.raises(ImportFailed, match="第1行不是指标行"):
            fill_rules(workbook(), "细则.xlsx", {1: "manual"})
