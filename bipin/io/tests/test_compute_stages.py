"""`bipin compute` on a staged scheme: each stage's ranking, the cut and the final places."""

import json
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from bipin.cli import main

DIVING = Path(__file__).resolve().parents[3] / "examples" / "diving"
ARGS = [str(DIVING / "scheme.yaml"), str(DIVING / "marks.csv")]


def run(args, capsys):
    code = main(["compute", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


class TestComputeStages:
    def test_the_table_shows_each_stage_its_cut_and_the_final_placings(self, capsys):
        code, out, err = run(ARGS, capsys)
        assert code == 0 and err == ""
        assert "【半决赛】排名依据 预赛 + 半决赛;前3名晋级“决赛”(每组)" in out
        semi = out.split("【半决赛】")[1].split("【决赛】")[0]
        assert "D04       示例选手丁  189.30  161.80    351.10  淘汰" in semi
        final = out.split("【最终名次 / final placings】")[1]
        assert [line.split()[1:5] for line in final.strip().splitlines()[1:]] == [
            ["1", "D03", "示例选手丙", "决赛"],
            ["2", "D02", "示例选手乙", "决赛"],
            ["3", "D01", "示例选手甲", "决赛"],
            ["4", "D04", "示例选手丁", "半决赛"],
            ["5", "D05", "示例选手戊", "预赛"],
            ["6", "D06", "示例选手己", "预赛"],
        ]

    def test_json_lists_stages_then_placings(self, capsys):
        code, out, _ = run([*ARGS, "--format", "json"], capsys)
        d = json.loads(out)
        assert list(d) == ["contest", "stages", "pending", "placings", "warnings"]
        assert [(s["stage"], s["advancing"], s["eliminated"]) for s in d["stages"]] == [
            ("预赛", ["D02", "D04", "D01", "D03"], ["D05", "D06"]),
            ("半决赛", ["D02", "D03", "D01"], ["D04"]),
            ("决赛", [], []),
        ]
        assert d["stages"][1]["groups"][0]["results"][0] == {
            "entrant": "D02",
            "total": 202.85,
            "parts": {"预赛": 193.85, "半决赛": 202.85},
            "ranked_total": 396.7,
            "rank": 1,
            "overall_rank": 1,
            "advanced": True,
        }

    def test_csv_puts_each_stage_beside_the_place(self, capsys, tmp_path):
        out = tmp_path / "r.csv"
        assert run([*ARGS, "--format", "csv", "--out", str(out)], capsys)[0] == 0
        rows = out.read_text(encoding="utf-8-sig").splitlines()
        assert rows[4] == "女子三米板,4,D04,示例选手丁,半决赛,,189.30,189.30,2,161.80,351.10,4,,,"

    def test_explain_says_where_the_place_was_decided_and_what_was_added(self, capsys):
        code, out, _ = run([*ARGS, "--explain", "D04"], capsys)
        assert code == 0
        lines = out.splitlines()
        assert lines[0] == "D04 示例选手丁: 第4名,名次在“半决赛”决定 / place 4, decided in 半决赛"
        assert any(
            line.startswith("【半决赛】本阶段 161.80;排名依据 预赛 189.30 + 半决赛 161.80 = 351.10")
            for line in lines
        )

    def test_explain_in_json_and_for_no_such_entrant(self, capsys):
        code, out, _ = run([*ARGS, "--explain", "D04", "--format", "json"], capsys)
        assert code == 0 and json.loads(out)["place"] == 4
        code, out, err = run([*ARGS, "--explain", "D99"], capsys)
        assert (code, out) == (2, "") and "没有参评对象“D99” / no entrant 'D99'" in err

    def test_a_row_of_a_stage_the_entrant_did_not_reach_exits_2_naming_it(self, capsys, tmp_path):
        bad = tmp_path / "marks.csv"
        text = (DIVING / "marks.csv").read_text(encoding="utf-8")
        bad.write_text(text + "D06,评委,第1跳,J1,5,半决赛,3.0\n", encoding="utf-8")
        code, out, err = run([ARGS[0], str(bad)], capsys)
        assert code == 2 and out == ""
        assert "marks.csv 第275行 F列:参评对象“D06”未进入“半决赛”" in err

    def test_a_workbook_of_a_staged_contest_has_a_sheet_per_stage_not_a_flattened_one(
        self, capsys, tmp_path
    ):
        code, _, err = run([*ARGS, "--format", "xlsx", "--out", str(tmp_path / "r.xlsx")], capsys)
        assert code == 0 and err == ""
        book = load_workbook(tmp_path / "r.xlsx")
        assert book.sheetnames[:5] == ["说明", "最终名次", "预赛", "半决赛", "决赛"]
        semi = list(book["半决赛"].iter_rows(values_only=True))
        assert semi[1] == ("组别", "名次", "参评对象", "编号", "预赛", "半决赛", "排名总分", "晋级")
        assert semi[5] == ("女子三米板", 4, "示例选手丁", None, 189.3, 161.8, 351.1, "淘汰")
        places = list(book["最终名次"].iter_rows(values_only=True))[2:]
        assert [(p[1], p[2], p[4], p[5]) for p in places][:4] == [
            (1, "示例选手丙", "决赛", 244.4), (2, "示例选手乙", "决赛", 206.2),
            (3, "示例选手甲", "决赛", 202.4), (4, "示例选手丁", "半决赛", 351.1)]

    def test_a_pdf_of_a_staged_contest_needs_a_file_and_holds_every_stage(self, capsys, tmp_path):
        code, _, err = run([*ARGS, "--format", "pdf"], capsys)
        assert code == 2 and "--out FILE" in err
        code, _, err = run([*ARGS, "--format", "pdf", "--out", str(tmp_path / "r.pdf")], capsys)
        assert code == 0 and err == ""
        pages = [" ".join(p.extract_text().split()) for p in PdfReader(tmp_path / "r.pdf").pages]
        assert len(pages) == 11  # cover, final places, 3 stages, 6 divers
        assert "4 示例选手丁 189.30 161.80 351.10 淘汰" in pages[3]

    def test_stages_not_yet_held_are_listed_as_pending(self, capsys, tmp_path):
        prelim = tmp_path / "marks.csv"
        lines = (DIVING / "marks.csv").read_text(encoding="utf-8").splitlines()
        prelim.write_text(
            "\n".join(x for x in lines if ",预赛," in x or x.startswith("参评对象")) + "\n",
            encoding="utf-8",
        )
        code, out, _ = run([ARGS[0], str(prelim)], capsys)
        assert code == 0 and "尚未进行 / not yet held: 半决赛、决赛" in out
        assert "D04       示例选手丁  预赛" in out
