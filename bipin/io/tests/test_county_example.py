"""examples/county: a county 考核细则 with every pattern, checked against hand-computed figures.

By hand (docs/scheme.md has each rule; 乡镇 is one ranking group):

| 乡镇 | 责任落实 | 完成率 | 满意度 | 安全生产 | 问责 | 工作成效 | 加分项 | 总分 | 名次 | 等次 |
| 甲镇 (搬迁) | 9 | 45/50 → 9 | 98 → 6 | 2 × 2 × 2 = −8 | | 7 | 2 + 2 → cap 3 | 19 | 2 | 较好 |
| 乙镇 | 8.5 | 38/40 → 9.5 | 100 → 10 | −2 | | 17.5 | 1 | 27 | 1 | 好 |
| 丙乡 (搬迁, 否决) | 9.5 | 30/30 → 10 | 99 → 8 | 1 × 2 × 2 = −4 | | 14 | 1.5 | 25 | 5 (last) | 较差 |
| 丁乡 | 8 | 20/25 → 8 | 97 → 4 | | −6 | 6 | 0 | 14 | 3 | 较好 |
| 戊镇 | 7 | 12/0 → group mean 9.125 → 9.13 | 99.5 → 9 | −6 | −18 | −5.87 → floor 0 | 3 → leaf cap 2 | 9 | 4 | 较差 |
"""

import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from bipin.cli import main
from bipin.io.observations import read_data_file
from bipin.io.problems import ImportFailed
from bipin.io.schemes import load_scheme
from bipin.scoring import evaluate

COUNTY = Path(__file__).resolve().parents[3] / "examples" / "county"
EXPECTED = [
    ("示例乙镇", 27.0, 1, "好", {"责任落实": 8.5, "工作成效": 17.5, "加分项": 1.0}),
    ("示例甲镇", 19.0, 2, "较好", {"责任落实": 9.0, "工作成效": 7.0, "加分项": 3.0}),
    ("示例丁乡", 14.0, 3, "较好", {"责任落实": 8.0, "工作成效": 6.0, "加分项": 0.0}),
    ("示例戊镇", 9.0, 4, "较差", {"责任落实": 7.0, "工作成效": 0.0, "加分项": 2.0}),
    ("示例丙乡", 25.0, 5, "较差", {"责任落实": 9.5, "工作成效": 14.0, "加分项": 1.5}),
]


def files():
    return [
        read_data_file((COUNTY / name).read_bytes(), filename=name)
        for name in ("entrants.csv", "data.csv", "records.csv")
    ]


def evaluate_with(scheme):
    fs = files()
    entrants = [e for f in fs for e in f.entrants]
    return evaluate(scheme, entrants, [o for f in fs for o in f.observations])


def table(ev):
    return [(r.entrant.id, r.total, r.rank, r.grade, r.dimensions) for r in ev.groups[0].results]


class TestTheCountyRulebook:
    def test_bipin_compute_gives_the_hand_computed_results(self, capsys):
        code = main(
            [
                "compute",
                str(COUNTY / "scheme.yaml"),
                *sorted(str(p) for p in COUNTY.glob("*.csv")),
                "--format",
                "json",
            ]
        )
        assert code == 0
        d = json.loads(capsys.readouterr().out)
        got = [
            (r["entrant"], r["total"], r["rank"], r["grade"], r["dimensions"])
            for r in d["groups"][0]["results"]
        ]
        assert got == EXPECTED

    def test_every_rule_that_bit_is_said(self):
        ev = evaluate_with(load_scheme(COUNTY / "scheme.yaml"))
        said = "\n".join(ev.warnings)
        for words in (
            "“任务完成率”按公式 完成数 / 任务数 × 100 计算时除数为0",
            "“任务完成率”缺少数据,按组均值9.125计",
            "“工作成效”合计-5.87低于下限0,按0计(扣完为止)",
            "“加分项”合计4.00超过上限3,按3计",
            "“上级表扬”记录合计3超过上限2,按2计",
        ):
            assert words in said

    def test_the_explanation_shows_the_doubling_and_the_veto(self):
        ev = evaluate_with(load_scheme(COUNTY / "scheme.yaml"))
        lines = ev.result("示例甲镇").explanation.lines()
        assert "      × 2(类型“搬迁任务乡镇”加倍计 / kind '搬迁任务乡镇' counts ×2)" in lines
        assert ev.result("示例丙乡").vetoed and ev.result("示例甲镇").entrant.kind == "搬迁任务乡镇"

    def test_a_range_deduction_outside_5_to_10_is_refused_at_its_row(self, capsys, tmp_path):
        bad = tmp_path / "bad.csv"
        bad.write_text(
            "参评对象,来源,指标,填报人,分值\n示例乙镇,supervision,问责追责,督查室,4\n",
            encoding="utf-8",
        )
        code = main(
            [
                "compute",
                str(COUNTY / "scheme.yaml"),
                *sorted(str(p) for p in COUNTY.glob("*.csv")),
                str(bad),
            ]
        )
        err = capsys.readouterr().err
        assert code == 2 and "bad.csv" in err and "第2行" in err and "[5, 10]" in err


def county_workbook() -> bytes:
    """The same rulebook as a clerk writes it in the 考核指标表, every pattern in a cell."""
    book = Workbook()
    sheet = book.active
    sheet.title = "考核指标表"
    sheet.append(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "分值",
            "计分规则",
            "数据来源",
            "公式",
            "倍数",
            "一级指标上下限",
        ]
    )
    rows = [
        ["责任落实", "责任制落实", None, 10, "manual", "部门评价", None, None, None],
        [
            "责任落实",
            "一票否决",
            None,
            None,
            "veto(effect=[rank_last, lowest_grade])",
            "日常监督",
            None,
            None,
            None,
        ],
        [
            "工作成效",
            "任务完成率",
            None,
            10,
            "proportional(target=100)",
            "数据",
            "完成数 / 任务数 × 100",
            None,
            "0~",
        ],
        [
            "工作成效",
            "群众满意度",
            None,
            10,
            "target_step(target=100, step=1, deduct=2)",
            "数据",
            None,
            None,
            "0~",
        ],
        [
            "工作成效",
            "安全生产",
            None,
            None,
            "deduction(each=2, cap=30)",
            "日常监督",
            None,
            "搬迁任务乡镇×2",
            None,
        ],
        [
            "工作成效",
            "问责追责",
            None,
            None,
            "deduction(between=[5, 10], cap=20)",
            "日常监督",
            None,
            None,
            None,
        ],
        ["加分项", "上级表扬", None, None, "bonus(cap=2)", "日常监督", None, None, "~3"],
        [
            "加分项",
            "改革创新",
            None,
            None,
            "bonus(between=[1, 2], cap=2)",
            "日常监督",
            None,
            None,
            None,
        ],
    ]
    for row in rows:
        sheet.append(row)
    settings = book.create_sheet("设置")
    settings.append(["项目", "值"])
    settings.append(["contest", "示例县乡镇工作考核(示例数据)"])
    settings.append(["groups", "[乡镇]"])
    settings.append(
        [
            "grades",
            "{by: quota, veto_takes_slot: false, levels: [{name: 好, count: 1}, "
            "{name: 较好, count: 2}, {name: 较差}]}",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class TestTheSpreadsheetForm:
    def test_a_clerks_sheet_says_every_pattern_in_a_cell(self):
        scheme = load_scheme(county_workbook(), filename="细则.xlsx")
        dims = {d.id: d for d in scheme.dimensions}
        assert (dims["工作成效"].floor, dims["加分项"].cap) == (0.0, 3.0)
        leaves = {leaf.id: leaf for leaf in scheme.leaves()}
        assert leaves["任务完成率"].formula.inputs == ("完成数", "任务数")
        assert leaves["安全生产"].multiplier.kinds == ("搬迁任务乡镇",)
        assert leaves["问责追责"].rule.between == (5.0, 10.0)
        assert leaves["一票否决"].rule.effect == ("rank_last", "lowest_grade")

    def test_it_scores_as_the_yaml_does_except_the_leaf_missing_policy(self):
        # The sheet has no column for a leaf's missing policy: 戊镇's rate scores 0, not the
        # group mean, and the floor still holds 工作成效 at 0, so every figure is the same.
        got = table(evaluate_with(load_scheme(county_workbook(), filename="细则.xlsx")))
        assert got == EXPECTED

    @staticmethod
    def sheet(*rows) -> bytes:
        book = Workbook()
        ws = book.active
        ws.title = "考核指标表"
        ws.append(
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "分值",
                "计分规则",
                "数据来源",
                "倍数",
                "一级指标上下限",
                "二级指标上下限",
            ]
        )
        for row in rows:
            ws.append(list(row))
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def test_a_multiplier_it_cannot_read_is_named_at_its_cell(self):
        data = self.sheet(
            ["工作", "安全", None, None, "deduction(cap=5)", "日常监督", "加倍", None, None]
        )
        with pytest.raises(ImportFailed) as exc:
            load_scheme(data, filename="细则.xlsx")
        (p,) = exc.value.problems
        assert (p.row, p.column) == (2, "G") and "搬迁任务县×2" in p.message_zh

    def test_two_rows_that_disagree_on_a_dimensions_bounds_are_refused(self):
        data = self.sheet(
            ["工作", "评价", None, 10, "manual", "数据", None, "0~", None],
            ["工作", "质量", None, 10, "manual", "数据", None, "~25", None],
        )
        with pytest.raises(ImportFailed) as exc:
            load_scheme(data, filename="细则.xlsx")
        (p,) = exc.value.problems
        assert (p.row, p.column) == (3, "H") and "上下限与前面的行不一致" in p.message_zh

    def test_bounds_of_a_group_of_bonus_items_go_on_its_rows(self):
        data = self.sheet(
            ["工作", "评价", None, 10, "manual", "数据", None, None, None],
            ["工作", "加分", "表扬", None, "bonus(cap=2)", "日常监督", None, None, "~3"],
            ["工作", "加分", "创新", None, "bonus(cap=2)", "日常监督", None, None, "~3"],
        )
        group = load_scheme(data, filename="细则.xlsx").dimensions[0].children[1]
        assert (group.id, group.cap, group.is_adjustment) == ("加分", 3.0, True)

    def test_indicator_bounds_on_a_row_without_sub_indicators_are_refused(self):
        data = self.sheet(["工作", "评价", None, 10, "manual", "数据", None, None, "0~"])
        with pytest.raises(ImportFailed) as exc:
            load_scheme(data, filename="细则.xlsx")
        (p,) = exc.value.problems
        assert (p.row, p.column) == (2, "I")
