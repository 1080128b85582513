"""`bipin propose-rules 细则.xlsx` prints each blank rule's proposal, or why it needs a person."""

import json

from bipin.cli import main
from bipin.io.tests.test_scheme_proposals import ROWS, workbook


def test_it_prints_each_proposal_beside_its_text_and_says_how_many_need_a_person(tmp_path, capsys):
    path = tmp_path / "细则.xlsx"
    path.write_bytes(workbook())
    assert main(["propose-rules", str(path)]) == 1  # one row needs a person
    out = capsys.readouterr().out
    assert "第3行 政策落实 › 监测帮扶覆盖率(8分)" in out
    assert "建议 / proposed:target_step(target=100, step=0.1, deduct=1)" in out
    assert "未能读懂 / not read:含有“酌情”,须由人确定" in out
    assert out.endswith("计分规则为空 3 行,读出 2 行,需人工 1 行 / 3 blank rules, 2 read, 1 need a person\n")


def test_json_lists_the_rows_and_a_fully_read_sheet_exits_0(tmp_path, capsys):
    path = tmp_path / "细则.xlsx"
    path.write_bytes(workbook([ROWS[0], ROWS[4]]))
    assert main(["propose-rules", str(path), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["row"], r["rule"]) for r in rows] == [
        (3, "target_step(target=100, step=0.1, deduct=1)"), (4, "deduction(each=1, cap=5)")]


def test_a_missing_or_broken_file_is_named_and_exits_2(tmp_path, capsys):
    assert main(["propose-rules", str(tmp_path / "无.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "无.xlsx:找不到文件" in err and "无.xlsx: no such file" in err
    path = tmp_path / "细则.xlsx"
    path.write_bytes(workbook([[*ROWS[0][:3], "八分", *ROWS[0][4:]]]))
    assert main(["propose-rules", str(path)]) == 2
    err = capsys.readouterr().err
    assert "第3行" in err and "D列" in err
