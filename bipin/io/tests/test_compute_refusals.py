"""`bipin compute` refuses files it would otherwise score wrongly: exit 2, every
problem on stderr in both languages at its file, row and column, nothing on stdout."""

from bipin.cli import main

SCHEME = """\
contest: 示例(示例数据)
groups: [县, 部门]
dimensions:
  - name: 成效
    indicators:
      - {name: 达标率, points: 10, source: data, rule: "target_step(target=100, step=1, deduct=1)"}
      - {name: 村均达标率, points: 10, source: data, reduce: mean, rule: "proportional(target=100)"}
      - {name: 扣分, source: supervision, rule: "deduction(cap=5)"}
"""
ENTRANTS = "参评对象,名称,组别\n甲,示例甲县,县\n乙,示例乙县,县\n"


def compute(tmp_path, capsys, **files):
    (tmp_path / "s.yaml").write_text(SCHEME, encoding="utf-8")
    paths = []
    for name, text in files.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    code = main(["compute", str(tmp_path / "s.yaml"), *paths, "--format", "json"])
    out = capsys.readouterr()
    return code, out.out, out.err.splitlines()


def test_a_misspelt_value_header_exits_2_instead_of_scoring_zeros(tmp_path, capsys):
    code, out, err = compute(tmp_path, capsys, entrants=ENTRANTS,
                             data="参评对象,来源,指标,得分\n甲,data,达标率,100\n乙,data,达标率,98\n")
    assert code == 2 and out == ""
    assert len(err) == 1
    assert err[0].startswith("data.csv 第1行 D列:无法识别的列“得分”。可用的列:")
    assert "data.csv, row 1, column D: unrecognised column '得分'. Accepted columns:" in err[0]


def test_a_blank_group_cell_is_named_as_such(tmp_path, capsys):
    code, out, err = compute(tmp_path, capsys, entrants="参评对象,名称,组别\n甲,示例甲县,\n")
    assert code == 2 and out == ""
    assert err == ["entrants.csv 第2行 C列(组别):不能为空 / entrants.csv, row 2, column C (组别): "
                   "must not be empty"]


def test_an_unknown_group_is_named_at_its_cell_in_both_languages(tmp_path, capsys):
    code, _, err = compute(tmp_path, capsys, entrants="参评对象,组别\n甲,县\n乙,乡镇\n")
    assert code == 2
    assert err == ["entrants.csv 第3行 B列:组别“乡镇”不在考评方案中(方案的组别:县、部门) / "
                   "entrants.csv, row 3, column B: group '乡镇' is not declared in the scheme "
                   "(its groups: 县, 部门)"]


def test_an_entrant_listed_twice_is_named_with_the_first_place(tmp_path, capsys):
    code, _, err = compute(tmp_path, capsys, entrants=ENTRANTS, more="参评对象,组别\n丙,县\n甲,县\n")
    assert code == 2
    assert err == ["more.csv 第3行 A列:参评对象“甲”重复(已见于entrants.csv 第2行) / "
                   "more.csv, row 3, column A: entrant '甲' is listed twice (also in entrants.csv row 2)"]


def test_two_values_for_one_entrant_and_item_are_refused_not_averaged(tmp_path, capsys):
    code, out, err = compute(tmp_path, capsys, entrants=ENTRANTS,
                             data="参评对象,来源,指标,分值\n甲,data,达标率,85\n乙,data,达标率,90\n"
                                  "甲,data,达标率,96\n")
    assert code == 2 and out == ""
    assert err == ["data.csv 第4行 D列:参评对象“甲”的指标“达标率”已在第2行给出值,每个对象只能有一个值;"
                   "请删除重复的行(若多行本应合并,如按村平均,请在方案中为该指标声明 reduce) / "
                   "data.csv, row 4, column D: entrant '甲', item '达标率' already has a value on row 2; "
                   "it takes one value per entrant. Delete the repeated row (if several rows are meant "
                   "to be combined, e.g. averaged per village, declare `reduce:` on the leaf)"]


def test_a_repeat_across_two_files_names_the_other_file(tmp_path, capsys):
    code, _, err = compute(tmp_path, capsys, entrants=ENTRANTS,
                           a="参评对象,来源,指标,分值\n甲,data,达标率,85\n",
                           b="参评对象,来源,指标,分值\n甲,data,达标率,96\n")
    assert code == 2 and "已在a.csv 第2行给出值" in err[0] and err[0].startswith("b.csv 第2行")


def test_declared_reductions_and_records_keep_their_rows(tmp_path, capsys):
    import json

    code, out, err = compute(tmp_path, capsys, entrants=ENTRANTS,
                             data="参评对象,来源,指标,分值\n甲,data,达标率,100\n乙,data,达标率,100\n"
                                  "甲,data,村均达标率,80\n甲,data,村均达标率,100\n"
                                  "乙,data,村均达标率,90\n甲,supervision,扣分,1\n甲,supervision,扣分,2\n")
    assert code == 0, err
    results = {r["entrant"]: r["total"] for r in json.loads(out)["groups"][0]["results"]}
    # 甲: 10 + 10 x 90/100 - 3 = 16; 乙: 10 + 9 = 19
    assert results == {"甲": 16.0, "乙": 19.0}


def test_every_file_is_read_before_reporting(tmp_path, capsys):
    code, _, err = compute(tmp_path, capsys, entrants="参评对象,组别\n甲,\n乙,乡镇\n",
                           data="参评对象,来源,指标,分值\n甲,data,达标率,九十\n")
    assert code == 2
    assert [line.split(":")[0] for line in err] == ["entrants.csv 第2行 B列(组别)",
                                                    "data.csv 第2行 D列(分值)",
                                                    "entrants.csv 第3行 B列"]


def test_on_repeat_takes_refuse_or_replace(tmp_path, capsys):
    from bipin.io.schemes import load_scheme

    leaf = SCHEME.replace('reduce: mean, rule', 'on_repeat: replace, rule')
    (tmp_path / "ok.yaml").write_text(leaf, encoding="utf-8")
    nodes = {n.id: n.on_repeat for n in load_scheme(tmp_path / "ok.yaml").leaves()}
    assert nodes == {"达标率": "refuse", "村均达标率": "replace", "扣分": "refuse"}
    (tmp_path / "bad.yaml").write_text(leaf.replace("on_repeat: replace", "on_repeat: sometimes"),
                                       encoding="utf-8")
    assert main(["compute", str(tmp_path / "bad.yaml"), str(tmp_path / "none.csv")]) == 2
    err = capsys.readouterr().err
    assert "dimensions[0].indicators[1].on_repeat: must be one of refuse, replace (got 'sometimes')" in err
    assert "none.csv:找不到文件" in err and "none.csv: no such file" in err
