"""Exports write text as text: a name that looks like a formula is never run as one.

An entrant named ``=HYPERLINK(...)`` in a workbook the organizer opens would be a
link to anywhere; ``+1`` and ``@SUM(A1)`` would be evaluated. Every XLSX cell
holding text is stored with the string type, every CSV text cell a spreadsheet
would read as a formula gets a leading quote, and numbers stay numbers.
"""

import csv
import io
from decimal import Decimal

import yaml
from openpyxl import Workbook, load_workbook

from bipin.cli import main
from bipin.io.cells import append_row, csv_cell, looks_like_formula

LINK = '=HYPERLINK("http://evil.example/","点此领奖")'
NAMES = {"E1": LINK, "E2": "+1", "E3": "@SUM(A1)", "E4": "-2+3", "E5": "=1+1", "E6": "南川县"}

SCHEME = {
    "contest": "公式注入测试(虚构数据)",
    "groups": ["甲组"],
    "entrants": [{"id": eid, "name": name, "group": "甲组", "code": f"C{eid}"}
                 for eid, name in NAMES.items()],
    "dimensions": [{"name": "工作落实", "indicators": [
        {"name": "实地核查", "points": 10, "source": "inspection",
         "rule": "per_occurrence(each=0.5, cap=10)"},
        {"name": "日常扣分", "source": "supervision", "rule": "deduction(cap=5)"}]}],
}
# The finder "@SUM(A1)" records a finding of category "=1+2"; "+1" deducts 3 from E1.
DATA = "参评对象,来源,指标,评委,分值,类别\n" + "".join(
    f"{eid},inspection,实地核查,@SUM(A1),1,=1+2\n" for eid in NAMES) + "E1,supervision,日常扣分,+1,3,\n"


def write_inputs(tmp_path):
    (tmp_path / "scheme.yaml").write_text(yaml.safe_dump(SCHEME, allow_unicode=True),
                                          encoding="utf-8")
    (tmp_path / "data.csv").write_text(DATA, encoding="utf-8")
    return [str(tmp_path / "scheme.yaml"), str(tmp_path / "data.csv")]


def compute(tmp_path, fmt):
    out = tmp_path / f"result.{fmt}"
    assert main(["compute", *write_inputs(tmp_path), "--format", fmt, "--out", str(out)]) == 0
    return out


def test_the_workbook_stores_every_text_exactly_as_typed(tmp_path, capsys):
    book = load_workbook(compute(tmp_path, "xlsx"))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert [(c.parent.title, c.coordinate, c.value) for c in cells if c.data_type == "f"] == []
    names = [row[2] for row in book["汇总排名"].iter_rows(min_row=3)]
    assert sorted(c.value for c in names) == sorted(NAMES.values())
    assert {c.data_type for c in names} == {"s"}
    texts = {c.value: c.data_type for c in cells if isinstance(c.value, str)}
    assert texts["@SUM(A1)"] == texts["=1+2"] == texts["+1"] == "s"


def test_a_negative_score_stays_a_number_in_the_workbook(tmp_path, capsys):
    ws = load_workbook(compute(tmp_path, "xlsx"))["工作落实"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[2].value == LINK)
    deduction = row[header.index("日常扣分")]
    assert (deduction.value, deduction.data_type) == (-3, "n")


def test_the_csv_result_quotes_formula_text_and_leaves_numbers_alone(tmp_path, capsys):
    text = compute(tmp_path, "csv").read_text(encoding="utf-8-sig")
    header, *body = list(csv.reader(io.StringIO(text)))
    names = {r[header.index("entrant")]: r[header.index("name")] for r in body}
    assert names == {"E1": "'" + LINK, "E2": "'+1", "E3": "'@SUM(A1)", "E4": "'-2+3",
                     "E5": "'=1+1", "E6": "南川县"}
    totals = {r[header.index("entrant")]: r[header.index("total")] for r in body}
    assert totals == {"E1": "6.50", "E2": "9.50", "E3": "9.50", "E4": "9.50", "E5": "9.50",
                      "E6": "9.50"}


class TestLooksLikeFormula:
    def test_the_characters_a_spreadsheet_starts_a_formula_with(self):
        for text in ("=1", "+1", "-1", "@A1", " =1", "\u3000+1", "\t1", "\r1", "\n=1"):
            assert looks_like_formula(text), repr(text)

    def test_ordinary_text(self):
        for text in ("", " ", "南川县", "A-1", "1+1", "a=b", "'=1"):
            assert not looks_like_formula(text), repr(text)


class TestCsvCell:
    def test_text_that_could_run_gets_a_leading_quote(self):
        assert [csv_cell(t) for t in ("=1+1", "-3", "@SUM(A1)", "甲")] == ["'=1+1", "'-3",
                                                                           "'@SUM(A1)", "甲"]

    def test_numbers_stay_numbers(self):
        assert [csv_cell(v) for v in (-3, -2.5, Decimal("-3.00"), None)] == [
            -3, -2.5, Decimal("-3.00"), None]


class TestAppendRow:
    def test_text_is_text_and_numbers_are_numbers_after_a_round_trip(self):
        book = Workbook()
        append_row(book.active, [LINK, "+1", "@SUM(A1)", -3, Decimal("-2.5"), None, "控制\x01字符"])
        buffer = io.BytesIO()
        book.save(buffer)
        row = next(load_workbook(buffer).active.iter_rows())
        assert [(c.value, c.data_type) for c in row[:5]] == [
            (LINK, "s"), ("+1", "s"), ("@SUM(A1)", "s"), (-3, "n"), (-2.5, "n")]
        # A control character cannot be stored in a workbook at all; it shows as a marker.
        assert row[6].value == "控制\ufffd字符"
