"""The skating and gymnastics examples, computed from their files as `bipin compute` does.

Expected figures are computed by hand in each example's README.md.
"""

import json
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bipin.cli import main
from bipin.io.problems import ImportFailed
from bipin.io.schemes import load_scheme
from bipin.io.tests.test_schemes import workbook

ROOT = Path(__file__).resolve().parents[3]
SKATING = ROOT / "examples" / "skating"
GYMNASTICS = ROOT / "examples" / "gymnastics"


def compute(folder, capsys, *extra):
    code = main(["compute", str(folder / "scheme.yaml"), str(folder / "marks.csv"),
                 "--format", "json", *extra])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def standings(d):
    return [(r["entrant"], r["total"], r["rank"]) for r in d["groups"][0]["results"]]


class TestSkatingExample:
    def test_the_short_programme_ranks_as_computed_by_hand(self, capsys):
        assert standings(compute(SKATING, capsys)) == [
            ("示例选手甲", 47.09, 1),
            ("示例选手乙", 46.5, 2),
            ("示例选手丙", 39.46, 3),
        ]

    def test_a_skaters_elements_show_base_value_and_goe_rounding(self, capsys):
        d = compute(SKATING, capsys, "--explain", "示例选手乙")
        tes, pcs = d["children"][0]["children"]
        assert (tes["points"], pcs["points"]) == (16.56, 29.94)
        assert tes["criteria"] == {"要素1": 4.69, "要素2": 7.67, "要素3": 4.2}
        assert [x["element"] for x in tes["elements"]] == ["3F", "3Lz", "CCoSp4"]
        assert tes["rounding"][0] == {"stage": "entrant", "round": None, "criterion": "要素1",
                                      "before": pytest.approx(-0.605714286), "after": -0.61}
        # 50.25 / 7 = 7.178571 as aggregated; × 0.8 = 5.742857 → 5.74 as published
        assert pcs["criteria"]["音乐诠释"] == pytest.approx(7.178571428)
        assert pcs["rounding"][-1]["after"] == 5.74

    def test_a_missing_scale_of_values_file_is_named(self, tmp_path):
        scheme = (SKATING / "scheme.yaml").read_text(encoding="utf-8")
        (tmp_path / "scheme.yaml").write_text(scheme, encoding="utf-8")
        with pytest.raises(ImportFailed, match="scale_of_values.csv"):
            load_scheme(tmp_path / "scheme.yaml")

    def test_the_scale_of_values_file_is_read_beside_the_scheme(self):
        panel = load_scheme(SKATING / "scheme.yaml").panels["elements"]
        assert {k: (v.base, v.per_step) for k, v in panel.values.items()} == {
            "3Lz": (5.9, 0.59), "3F": (5.3, 0.53), "CCoSp4": (3.5, 0.35)}

    def test_an_element_outside_the_table_is_refused_at_its_file_row(self, tmp_path, capsys):
        marks = (SKATING / "marks.csv").read_text(encoding="utf-8").replace(",3Lz,", ",4A,", 1)
        (tmp_path / "marks.csv").write_text(marks, encoding="utf-8")
        code = main(["compute", str(SKATING / "scheme.yaml"), str(tmp_path / "marks.csv")])
        err = capsys.readouterr().err
        assert code == 2 and "marks.csv" in err and "4A" in err and "第2行" in err or "row 2" in err


class TestGymnasticsExample:
    def test_d_plus_e_ranks_as_computed_by_hand(self, capsys):
        assert standings(compute(GYMNASTICS, capsys)) == [
            ("示例运动员丙", 14.3, 1),
            ("示例运动员甲", 14.233, 2),
            ("示例运动员乙", 13.967, 3),
        ]

    def test_the_e_score_drops_the_highest_and_lowest_deduction(self, capsys):
        d = compute(GYMNASTICS, capsys, "--explain", "示例运动员甲")
        e_score = d["children"][0]["children"][1]
        assert e_score["points"] == 8.833
        assert sorted(m["mark"] for m in e_score["inputs"] if not m["counted"]) == [0.9, 1.5]


class TestSpreadsheetScheme:
    def test_a_value_table_sheet_and_signed_criteria_are_written_in_the_workbook(self, tmp_path):
        settings = [
            ["groups", "[女子]"],
            ["panels", "{elements: {aggregate: trimmed, values: 分值表, criteria: "
                       "[{id: 要素1, min: -5, max: 5, step: 1}]}}"],
        ]
        data = workbook([["短节目", "技术分", "", "", 30, "scaled(max=30)", "评委", "elements", "",
                          ""]], settings)
        book = load_workbook(BytesIO(data))
        sheet = book.create_sheet("分值表")
        for row in (["要素", "基础分值", "每级分值"], ["3Lz", 5.9, 0.59]):
            sheet.append(row)
        buffer = BytesIO()
        book.save(buffer)
        scheme = load_scheme(buffer.getvalue(), filename="skating.xlsx")
        panel = scheme.panels["elements"]
        assert panel.criteria[0].min == -5 and panel.values["3Lz"].base == 5.9
