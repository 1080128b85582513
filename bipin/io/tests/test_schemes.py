"""load_scheme: YAML and the 考核指标表 spreadsheet give the same validated scheme."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from bipin.io.problems import ImportFailed
from bipin.io.schemes import load_scheme

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

HEADERS = [
    "一级指标",
    "二级指标",
    "三级指标",
    "评价内容",
    "分值",
    "计分规则",
    "数据来源",
    "评委组",
    "考核部门",
    "适用组别",
]


def workbook(rows, settings=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "考核指标表"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    if settings:
        s = book.create_sheet("设置")
        s.append(["项目", "值"])
        for row in settings:
            s.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class TestLoadScheme:
    def test_the_examples_load(self):
        s = load_scheme(EXAMPLES / "dabipin" / "scheme.yaml")
        assert [d.id for d in s.dimensions] == [
            "责任落实",
            "政策落实",
            "工作落实",
            "成效巩固",
            "推进力度",
        ]
        used = {leaf.rule.type for leaf in s.leaves() if leaf.rule} | {
            v["rule"].type for leaf in s.leaves() for v in leaf.variants.values() if "rule" in v
        }
        assert used == {
            "scaled",
            "manual",
            "target_step",
            "all_or_nothing",
            "proportional",
            "bands",
            "rank",
            "veto",
            "bonus",
            "deduction",
            "per_occurrence",
        }
        assert load_scheme(str(EXAMPLES / "apples" / "scheme.yaml")).awards.levels[2].count == 3

    def test_yaml_errors_name_the_path_or_line(self):
        with pytest.raises(ImportFailed) as err:
            load_scheme(
                "contest: c\ndimensions:\n  - name: d\n    indicators:\n"
                "      - {name: x, points: 5, source: data, rule: 'target_step(step=0)'}\n",
                filename="s.yaml",
            )
        assert "dimensions[0].indicators[0].rule.step: must be > 0" in str(err.value)
        with pytest.raises(ImportFailed) as err:
            load_scheme("contest: [unclosed\n", filename="s.yaml")
        assert err.value.problems[0].row is not None
        with pytest.raises(ImportFailed, match="mapping"):
            load_scheme(b"- a\n", filename="s.yml")
        with pytest.raises(ImportFailed, match="no such file"):
            load_scheme("/nonexistent/s.yaml")

    def test_a_spreadsheet_with_sub_indicators_and_settings(self):
        data = workbook(
            [
                ["责任落实", "汇报", None, "脱稿汇报", 10, "scaled", "评委", "report", None, None],
                [
                    "政策落实",
                    "覆盖率",
                    None,
                    None,
                    6,
                    "target_step(target=100,step=0.1,deduct=1)",
                    "数据",
                    None,
                    "市乡村振兴局",
                    "县, 区",
                ],
                [
                    "政策落实",
                    "兑现",
                    "资金",
                    None,
                    2,
                    '{"type": "proportional", "target": 90}',
                    "data",
                    None,
                    None,
                    None,
                ],
                [
                    "政策落实",
                    "兑现",
                    "人员",
                    None,
                    2,
                    "all_or_nothing(threshold=0, op='<=')",
                    "data",
                    None,
                    None,
                    None,
                ],
            ],
            settings=[
                ["contest", "示例表格方案"],
                ["groups", "[县, 区]"],
                ["panels", "{report: {criteria: [{id: 内容, max: 100}]}}"],
            ],
        )
        s = load_scheme(data, filename="方案.xlsx")
        assert s.contest == "示例表格方案"
        assert [leaf.id for leaf in s.leaves()] == ["汇报", "覆盖率", "资金", "人员"]
        assert s.leaves()[1].groups == ("县", "区") and s.leaves()[1].department == "市乡村振兴局"
        assert s.dimensions[1].children[1].children[0].rule.target == 90

    def test_spreadsheet_errors_name_sheet_row_and_column(self):
        data = workbook(
            [
                [
                    "责任落实",
                    "汇报",
                    None,
                    None,
                    10,
                    "target_step(step=-1)",
                    "data",
                    None,
                    None,
                    None,
                ],
                ["责任落实", "覆盖", None, None, 5, "manual", "神秘", None, None, None],
            ]
        )
        with pytest.raises(ImportFailed) as err:
            load_scheme(data, filename="方案.xlsx")
        (p,) = err.value.problems
        assert (p.sheet, p.row, p.column) == ("考核指标表", 3, "G")
        data = workbook(
            [["责任落实", "汇报", None, None, 10, "target_step(step=-1)", "data", None, None, None]]
        )
        with pytest.raises(ImportFailed) as err:
            load_scheme(data, filename="方案.xlsx")
        (p,) = err.value.problems
        assert (p.row, p.column) == (2, "F") and "rule.step" in p.message_en

    def test_bad_settings_and_broken_files(self):
        with pytest.raises(ImportFailed, match="invalid YAML"):
            load_scheme(
                workbook(
                    [["a", "b", None, None, 1, "manual", "data", None, None, None]],
                    settings=[["groups", "[unclosed"]],
                ),
                filename="x.xlsx",
            )
        with pytest.raises(ImportFailed, match="cannot read"):
            load_scheme(b"not a zip", filename="x.xlsx")


class TestYamlWords:
    def test_on_off_yes_no_stay_words_not_booleans(self):
        scheme = load_scheme(EXAMPLES / "apples" / "scheme.yaml")
        assert next(iter(scheme.panels.values())).on == "sheet"


class TestUnknownKeysInFiles:
    def test_a_misspelt_setting_is_named_at_its_sheet_row_and_column(self):
        data = workbook(
            [["a", "b", None, None, 1, "manual", "data", None, None, None]],
            settings=[
                ["contest", "示例"],
                ["grups", "[县]"],
                ["grades", "{by: thresholds, levels: [{name: 好, mni: 90}, {name: 差}]}"],
            ],
        )
        with pytest.raises(ImportFailed) as err:
            load_scheme(data, filename="方案.xlsx")
        by_where: dict = {}
        for p in err.value.problems:
            by_where.setdefault((p.sheet, p.row, p.column), []).append(p)
        assert set(by_where) == {("设置", 3, "A"), ("设置", 4, "B")}
        (grups,) = by_where["设置", 3, "A"]
        assert "did you mean 'groups'?" in grups.message_en
        assert grups.message_zh.startswith("无法识别的键“grups”")
        mni = next(p for p in by_where["设置", 4, "B"] if "mni" in p.message_en)
        assert mni.message_zh.startswith("grades.levels[0].mni:无法识别的键“mni”")

    def test_a_problem_inside_a_setting_is_located_too(self):
        data = workbook(
            [["a", "b", None, None, 1, "manual", "data", None, None, None]],
            settings=[["grades", "{by: ranks, levels: [{name: 好}]}"]],
        )
        with pytest.raises(ImportFailed) as err:
            load_scheme(data, filename="方案.xlsx")
        (p,) = err.value.problems
        assert (p.sheet, p.row, p.column) == ("设置", 2, "B") and "grades.by" in p.message_en

    def test_dimensions_belong_on_the_indicator_sheet(self):
        data = workbook(
            [["a", "b", None, None, 1, "manual", "data", None, None, None]],
            settings=[["dimensions", "[{name: x}]"]],
        )
        with pytest.raises(ImportFailed) as err:
            load_scheme(data, filename="方案.xlsx")
        (p,) = err.value.problems
        assert (p.sheet, p.row, p.column) == ("设置", 2, "A")
        assert "考核指标表" in p.message_zh

    def test_a_yaml_scheme_names_the_dotted_path(self):
        with pytest.raises(ImportFailed) as err:
            load_scheme(
                "contest: c\ndimensions:\n  - name: d\n    indicators:\n"
                "      - {name: x, points: 5, source: data, rule: manual, denominatr: 100}\n",
                filename="s.yaml",
            )
        assert "dimensions[0].indicators[0].denominatr: unknown key 'denominatr'" in str(err.value)


class TestRangesInTheSpreadsheet:
    def book(self, cell):
        book = Workbook()
        sheet = book.active
        sheet.title = "考核指标表"
        sheet.append(["一级指标", "二级指标", "分值", "计分规则", "数据来源", "取值范围"])
        sheet.append(["成效", "户数", 5, "proportional(target=100)", "数据", cell])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    @pytest.mark.parametrize(
        "cell, expected",
        [("0~500", (0, 500)), ("[0, 500]", (0, 500)), ("0～", (0, None)), ("~-1", (None, -1))],
    )
    def test_a_range_column_declares_the_valid_values(self, cell, expected):
        assert load_scheme(self.book(cell), filename="方案.xlsx").leaves()[0].range == expected

    @pytest.mark.parametrize("cell", ["abc", "5~1", "[1]"])
    def test_a_bad_range_is_named_at_its_cell(self, cell):
        with pytest.raises(ImportFailed) as err:
            load_scheme(self.book(cell), filename="方案.xlsx")
        (p,) = err.value.problems
        assert (p.sheet, p.row, p.column) == ("考核指标表", 2, "F")
