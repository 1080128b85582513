"""A plain CSV file read by columns means exactly what it means read by rows.

An official's file of a million rows is read by columns (bipin.io.columnar);
a small or irregular one by rows. Whichever way, the same cells give the same
values, the same problems at the same rows, columns and headers, in the same
order, and the same scores.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bipin.io.columnar import Columns
from bipin.io.observations import (
    KINDS,
    DataFile,
    _observations,
    read_data_file,
    repeated_in_files,
)
from bipin.io.problems import ImportFailed, Problems
from bipin.io.tables import read_table
from bipin.scoring import Entrant, ObservationTable, evaluate, parse_scheme


def by_rows(data: bytes, name: str = "d.csv"):
    """What the row reader makes of a file of observations: observations and problems."""
    problems = Problems()
    try:
        rows = read_table(data, KINDS["observations"], filename=name, problems=problems)
    except ImportFailed as exc:
        return None, [str(p) for p in exc.problems], exc.omitted
    return _observations(rows, name), [str(p) for p in problems], problems.omitted


def by_columns(data: bytes, name: str = "d.csv"):
    problems = Problems()
    try:
        f = read_data_file(data, filename=name, problems=problems, kinds=("observations",))
    except ImportFailed as exc:
        return None, [str(p) for p in exc.problems], exc.omitted, None
    return f.observations, [str(p) for p in problems], problems.omitted, f


def comparable(observations):
    """Observations as tuples in which NaN equals NaN (a "nan" typed in a cell)."""
    if observations is None:
        return None
    return [tuple("NaN" if v != v else v for v in vars(o).values()) for o in observations]


CELLS = {
    "entrant": st.sampled_from(["示例甲县", "示例乙县", " 示例丙县 ", "", "  ", "A01"]),
    "source": st.sampled_from(["data", "数据", "评委", "panel", "魔法", "", " data "]),
    "item": st.sampled_from(["达标率", "内容", "x", "", "项目 1"]),
    "judge": st.sampled_from(["", "专家A", "专家B", " "]),
    "value": st.sampled_from(["", "99.5", "１２", "98%", "1,200", "abc", "1,0", "-3", "nan", " 7 "]),
    "period": st.sampled_from(["", "2025", "2025.0", "x", "2025.5"]),
    "note": st.sampled_from(["", "备注文字", "a\"b", "两行\n备注"]),
}
HEADERS = {
    "entrant": ["参评对象", "entrant"], "source": ["来源", "source"], "item": ["指标", "item"],
    "judge": ["评委", "judge"], "value": ["分值", "value"], "period": ["期间", "period"],
    "note": ["备注", "note"],
}


@st.composite
def plain_files(draw):
    """A rectangular CSV file: maybe a title, a header of some known columns, data rows."""
    keys = draw(st.lists(st.sampled_from(list(HEADERS)), min_size=1, max_size=7, unique=True))
    header = [draw(st.sampled_from(HEADERS[k])) for k in keys]
    extra = draw(st.sampled_from([None, "", "得分"]))  # a headless or an unknown column
    if extra is not None:
        header.append(extra)
    width = len(header)
    lines = []
    if draw(st.booleans()):
        lines.append(",".join(["示例考核数据表(虚构)"] + [""] * (width - 1)))
    lines.append(",".join(header))
    for _ in range(draw(st.integers(0, 30))):
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["," * (width - 1), ""])))  # blank cells, a blank line
            continue
        cells = [draw(CELLS[k]) for k in keys]
        if extra is not None:
            cells.append(draw(st.sampled_from(["", "", "5"])))
        lines.append(",".join(f'"{c}"'.replace('a"b', 'a""b') if any(m in c for m in '",\n')
                              else c for c in cells))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    text = end.join(lines) + (end if draw(st.booleans()) else "")
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_files())
def test_a_plain_file_reads_the_same_by_columns_as_by_rows(data):
    rows, row_problems, row_omitted = by_rows(data)
    columns, column_problems, column_omitted, f = by_columns(data)
    assert column_problems == row_problems
    assert column_omitted == row_omitted
    assert comparable(columns) == comparable(rows)
    if rows:
        assert isinstance(f.read, Columns), data  # the plain file did take the column path


@pytest.mark.parametrize(("text", "read_as"), [
    ("参评对象,来源,指标,分值\n甲,data,x,1\n\n乙,data,x,2\n", Columns),  # a blank line
    ('参评对象,来源,指标,分值\n甲,data,"x\ny",1\n乙,data,x,3\n', Columns),  # a line break in a cell
    ("参评对象,来源,指标,分值\n甲,data,x,1,9\n", list),  # a row wider than the header
    ("参评对象,来源,指标,分值\n甲,data,x\n", list),  # a row narrower
    ("参评对象,来源,指标,分值\r甲,data,x,1\r", type(None)),  # old Mac line ends: refused by rows
])
def test_an_irregular_file_means_the_same_whichever_way_it_is_read(text, read_as):
    data = text.encode()
    rows, row_problems, _ = by_rows(data)
    columns, column_problems, _, f = by_columns(data)
    assert (columns, column_problems) == (rows, row_problems)
    assert isinstance(f.read if f else None, read_as)


def test_more_than_200_bad_cells_are_cut_in_the_same_place_and_counted():
    text = "参评对象,来源,指标,分值\n" + "".join(f"甲{k},data,x,坏{k % 3}\n" for k in range(450))
    rows, row_problems, row_omitted = by_rows(text.encode())
    columns, column_problems, column_omitted, _ = by_columns(text.encode())
    assert len(column_problems) == 200 and column_omitted == 250
    assert (column_problems, column_omitted) == (row_problems, row_omitted)
    assert column_problems[-1].startswith("d.csv 第201行 D列(分值):")


def test_a_nan_typed_in_a_cell_is_refused_at_its_cell_not_read_as_blank():
    f = read_data_file("参评对象,来源,指标,分值\n甲,data,x,1\n乙,data,x,nan\n".encode(), filename="d.csv")
    with pytest.raises(ValueError) as err:
        _ = f.table
    assert "d.csv:3" in str(err.value) and "NaN" in str(err.value)


SCHEME = parse_scheme({"contest": "示例", "dimensions": [{"name": "成效", "indicators": [
    {"name": "记录", "points": 10, "source": "data", "rule": "bands(bands=[[5, 10], [1, 4]])",
     "reduce": "last"},
    {"name": "达标率", "points": 10, "source": "data", "rule": "proportional(target=100)"}]}]})
PEOPLE = [Entrant("甲", "示例甲县", "县"), Entrant("乙", "示例乙县", "县")]


def test_the_last_row_is_the_same_row_whichever_way_the_file_is_read():
    # "last" takes rows in the order of their refs as text: d.csv:10 comes before d.csv:9.
    lines = [f"{'甲' if k % 2 else '乙'},data,记录,{k % 7}" for k in range(2, 14)]
    text = ("参评对象,来源,指标,分值\n" + "\n".join(lines) + "\n甲,data,达标率,97.5\n").encode()
    f = read_data_file(text, filename="d.csv")
    assert isinstance(f.read, Columns)
    rows = ObservationTable.from_observations(by_rows(text)[0])
    a, b = evaluate(SCHEME, PEOPLE, f.table), evaluate(SCHEME, PEOPLE, rows)
    assert a.to_dict(explain=True) == b.to_dict(explain=True)


def test_several_files_make_one_table_as_their_rows_would():
    one = read_data_file("参评对象,来源,指标,分值\n甲,data,达标率,90\n".encode(), filename="a.csv")
    two = read_data_file("参评对象,来源,指标,分值,评委\n乙,data,记录,3,填报人\n".encode(),
                         filename="b.csv")
    table = ObservationTable.concat([one.table, two.table])
    rows = ObservationTable.from_observations(one.observations + two.observations)
    for name in ("entrants", "items", "judges", "rounds"):
        assert getattr(table, name) == getattr(rows, name)
    for name in ("entrant", "item", "judge", "round", "value", "factor", "source"):
        np.testing.assert_array_equal(getattr(table, name), getattr(rows, name))
    assert table.ref.tolist() == rows.ref.tolist() == ["a.csv:2", "b.csv:2"]


def test_a_value_given_twice_is_named_at_both_rows_as_by_rows():
    text = ("参评对象,来源,指标,分值\n甲,data,达标率,90\n乙,data,达标率,80\n甲,data,达标率,91\n"
            "甲,data,记录,1\n甲,data,记录,2\n").encode()
    columns = read_data_file(text, filename="d.csv")
    rows = DataFile("d.csv", by_rows(text)[0], [], {}, columns.columns)
    assert isinstance(columns.read, Columns)
    said = [str(p) for p in repeated_in_files(SCHEME, PEOPLE, [columns])]
    assert said == [str(p) for p in repeated_in_files(SCHEME, PEOPLE, [rows])]
    assert len(said) == 1 and said[0].startswith("d.csv 第4行 D列:参评对象“甲”的指标“达标率”已在第2行给出值")
