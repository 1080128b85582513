"""Reading observations and entrants with Chinese or English headers."""

import pytest

from bipin.io.observations import read_data_file, read_entrants, read_observations
from bipin.io.problems import ImportFailed
from bipin.scoring import Entrant, ObservationError, evaluate, parse_scheme

PEOPLE = [Entrant("甲", "甲", "县"), Entrant("乙", "乙", "县")]


class TestReadObservations:
    def test_chinese_headers_and_optional_columns(self):
        text = (
            "参评对象,来源,指标,评委,分值,轮次,系数,类别,严重程度\n"
            "示例一县,评委,内容,专家A,8.5,1,1.2,,\n示例一县,实地核查,核查,,,,,管网老化,严重\n"
        ).encode()
        a, b = read_observations(text, filename="d.csv")
        assert (a.source, a.judge, a.round, a.factor, a.ref) == (
            "panel",
            "专家A",
            "1",
            1.2,
            "d.csv:2",
        )
        assert (b.source, b.value, b.category, b.severity) == (
            "inspection",
            None,
            "管网老化",
            "严重",
        )

    def test_english_headers(self):
        text = b"entrant,source,item,judge,value\nA,data,rate,,99\n"
        assert read_observations(text, filename="d.csv")[0].value == 99.0

    def test_bad_cells_are_all_named(self):
        text = "参评对象,来源,指标,分值\n甲,魔法,x,1\n乙,data,,abc\n".encode()
        with pytest.raises(ImportFailed) as err:
            read_observations(text, filename="d.csv")
        where = {(p.row, p.column) for p in err.value.problems}
        assert where == {(2, "B"), (3, "C"), (3, "D")}


class TestReadEntrants:
    def test_entrants_file(self):
        (e,) = read_entrants("参评对象,组别,编码\nA01,县,S1\n".encode(), filename="e.csv")
        assert (e.id, e.name, e.group, e.code) == ("A01", "A01", "县", "S1")


class TestReadDataFile:
    def test_it_tells_entrants_from_observations(self):
        f = read_data_file("参评对象,名称,组别,抽签号\nA,甲,县,3\n".encode(), filename="e.csv")
        assert f.entrants[0].group == "县" and f.draw == {"A": 3} and not f.observations
        f = read_data_file("参评对象,来源,指标,分值\nA,data,x,1\n".encode(), filename="d.csv")
        assert f.observations[0].item == "x" and not f.entrants

    def test_a_file_of_neither_reports_the_observation_columns(self):
        with pytest.raises(ImportFailed, match="来源"):
            read_data_file("名字\nA\n".encode(), filename="x.csv")

    def test_locating_a_scoring_error(self):
        f = read_data_file("参评对象,来源,指标,分值\nA,data,x,1\n".encode(), filename="d.csv")
        p = f.locate(ObservationError("坏", "bad", "d.csv:2", "value"))
        assert (p.file, p.row, p.column) == ("d.csv", 2, "D")
        assert f.locate(ObservationError("坏", "bad", "other.csv:2")) is None


class TestReadObservationsXlsx:
    def test_a_workbook_reads_like_a_csv(self, tmp_path):
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(["参评对象", "来源", "指标", "评委", "分值"])
        sheet.append(["示例一县", "评委", "内容", "专家A", 8.5])
        path = tmp_path / "marks.xlsx"
        book.save(path)
        (o,) = read_observations(path)
        assert (o.entrant, o.source, o.value, o.ref) == ("示例一县", "panel", 8.5, "marks.xlsx:2")


class TestPeriods:
    """A 期间 column: earlier rows are previous values, a later one is refused at its cell."""

    SCHEME = {"contest": "c", "period": 2026, "missing": {"impute": "previous"}, "dimensions": [
        {"name": "D", "indicators": [{"name": "率", "points": 10, "source": "data",
                                      "rule": "proportional(target=100)"}]}]}

    def test_a_period_column_is_read_as_a_whole_number(self):
        text = "参评对象,来源,指标,分值,期间\n甲,data,率,80,2026\n乙,data,率,55,2025\n".encode()
        f = read_data_file(text, filename="d.csv")
        assert [o.period for o in f.observations] == [2026, 2025]
        ev = evaluate(parse_scheme(self.SCHEME), PEOPLE, f.observations)
        assert [(r.entrant.id, r.total) for r in ev.groups[0].results] == [("甲", 8.0), ("乙", 5.5)]

    def test_a_period_that_is_not_a_whole_number_is_refused_at_its_cell(self):
        text = "参评对象,来源,指标,分值,期间\n甲,data,率,80,去年\n".encode()
        with pytest.raises(ImportFailed) as err:
            read_observations(text, filename="d.csv")
        assert [(p.row, p.column) for p in err.value.problems] == [(2, "E")]

    def test_a_later_period_is_located_at_its_cell(self):
        text = "参评对象,来源,指标,分值,期间\n甲,data,率,80,2027\n".encode()
        f = read_data_file(text, filename="d.csv")
        with pytest.raises(ObservationError) as err:
            evaluate(parse_scheme(self.SCHEME), PEOPLE, f.observations)
        p = f.locate(err.value)
        assert (p.row, p.column) == (2, "E")
        assert "期间2027晚于本期2026" in p.zh
