"""A rating campaign's files through `bipin compute`: long, plain CSV read by columns.

A village committee's checklist gives every household 20 items; a county's
file has hundreds of thousands of rows. The command reads it by columns and
must score exactly as it scores the same rows read one by one, refuse a bad
cell at its row and column, and not stop at the upload limit of 100,000 rows
for a file on the operator's own disk.
"""

from __future__ import annotations

import io
import json
import re
import sys

import pytest

from bipin.cli import main
from bipin.io.observations import read_data_file
from bipin.io.schemes import load_scheme
from bipin.scoring import evaluate

ITEMS = 20
SCHEME = (
    "contest: 示例星级文明户评定(虚构)\n"
    "dimensions:\n  - name: 文明户评分\n    indicators:\n"
    + "".join(f"      - {{name: 项目{k:02d}, points: 5, source: data, rule: 'scaled(max=5)'}}\n"
              for k in range(1, ITEMS + 1))
    + "grades:\n  by: thresholds\n"
    "  levels: [{name: 五星, min: 90}, {name: 四星, min: 80}, {name: 三星, min: 70}, {name: 无星}]\n"
)


def campaign(folder, households: int, bad: dict[int, str] | None = None):
    """The scheme, a household list over two villages and the values, one row a household and item."""
    (folder / "scheme.yaml").write_text(SCHEME, encoding="utf-8")
    people = ["参评对象,组别"] + [f"H{h:06d},示例{'东西'[h % 2]}村" for h in range(households)]
    (folder / "households.csv").write_text("\n".join(people) + "\n", encoding="utf-8")
    lines = ["参评对象,来源,指标,分值"]
    for h in range(households):
        lines += [f"H{h:06d},数据,项目{k:02d},{(h * 7 + k * 3) % 6}" for k in range(1, ITEMS + 1)]
    for row, text in (bad or {}).items():
        lines[row - 1] = text
    (folder / "values.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(folder / n) for n in ("scheme.yaml", "households.csv", "values.csv")]


def test_a_campaign_scores_the_same_read_by_columns_as_row_by_row(tmp_path, capsys):
    args = campaign(tmp_path, 600)
    assert main(["compute", *args, "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    values = read_data_file(tmp_path / "values.csv")
    people = read_data_file(tmp_path / "households.csv").entrants
    assert type(values.read).__name__ == "Columns"
    one_by_one = evaluate(load_scheme(tmp_path / "scheme.yaml"), people, values.observations)
    assert printed == json.loads(json.dumps(one_by_one.to_dict(), ensure_ascii=False))
    first = printed["groups"][0]["results"][0]
    # H000000 of 示例东村: (0 + 3k) % 6 for k = 1..20 gives 3,0,3,0,... = 30 of 100 points.
    assert {r["entrant"]: (r["total"], r["grade"]) for g in printed["groups"]
            for r in g["results"]}["H000000"] == (30.0, "无星")
    assert first["rank"] == 1


def test_a_bad_cell_in_a_long_file_is_named_by_row_and_column_and_nothing_is_scored(tmp_path, capsys):
    args = campaign(tmp_path, 6000, bad={5: "H000000,数据,项目04,九十", 119_000: "H005899,数据,,3"})
    assert main(["compute", *args]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.splitlines() == [
        "values.csv 第5行 D列(分值):“九十”不是数字 / values.csv, row 5, column D (分值): '九十' is not a number",
        "values.csv 第119000行 C列(指标):不能为空 / values.csv, row 119000, column C (指标): must not be empty",
    ]


@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_a_file_of_more_rows_than_an_upload_may_have_is_read_from_the_disk(tmp_path, capsys, fmt):
    args = campaign(tmp_path, 5100)  # 102,000 value rows: above the upload limit of 100,000
    assert main(["compute", *args, "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "H005099" in out and "三星" in out
    assert len(set(re.findall(r"H\d{6}", out))) == 5100  # every household ranked


def test_an_upload_limit_set_by_the_operator_still_holds_for_the_command(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BIPIN_IMPORT_MAX_ROWS", "1000")
    assert main(["compute", *campaign(tmp_path, 60)]) == 2
    assert "BIPIN_IMPORT_MAX_ROWS" in capsys.readouterr().err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_run_says_what_it_is_doing_on_a_terminal_only(tmp_path, capsys, monkeypatch):
    args = campaign(tmp_path, 50)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["compute", *args, "--format", "csv"]) == 0
    said = [line.split("] ", 1)[1] for line in terminal.getvalue().splitlines()]
    assert said == [
        "已读 households.csv:50 个参评对象 / read households.csv: 50 entrants",
        "已读 values.csv:1,000 行数据 / read values.csv: 1,000 rows of data",
        "计分、排名 50 个参评对象 / scoring and ranking 50 entrants",
        "写出结果 / writing the csv result",
        "完成 / done",
    ]
    monkeypatch.undo()
    assert main(["compute", *args, "--format", "csv"]) == 0
    assert capsys.readouterr().err == ""  # not a terminal: nothing but problems on stderr
