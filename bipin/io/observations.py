"""Read observations (long form, one a row) and entrants from CSV or XLSX.

Observation columns: 参评对象/entrant, 来源/source, 指标/item, 评委/judge (or
填报人/reporter), 分值/value, and optional 轮次/round, 系数/factor,
类别/category, 严重程度/severity, 备注/note. Each observation's ``ref`` is
``"<file>:<row>"`` so an error found while scoring can name the cell.

Entrant columns: 参评对象/entrant (the id), 名称/name, 组别/group, and optional
编码/code and 抽签号/draw (a lot number for the draw tie-break).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bipin.io.problems import ImportFailed, Problem
from bipin.io.tables import CellError, Column, Row, parse_int, parse_number, read_table
from bipin.scoring.model import SOURCES, Entrant, Observation, ObservationError, source_code

__all__ = ["DataFile", "read_data_file", "read_entrants", "read_observations"]


def _source(cell: Any) -> str:
    try:
        return SOURCES[source_code(str(cell))].value
    except ObservationError as exc:
        raise CellError(exc.message_zh, exc.message_en) from None


OBSERVATION_COLUMNS = (
    Column("entrant", ("参评对象", "对象", "参评单位", "样品编码", "entrant")),
    Column("source", ("来源", "数据来源", "source"), parse=_source),
    Column("item", ("指标", "评分项", "item", "criterion")),
    Column("judge", ("评委", "填报人", "核查人", "judge", "reporter"), required=False),
    Column("value", ("分值", "数值", "值", "value"), required=False, parse=parse_number),
    Column("round", ("轮次", "round"), required=False),
    Column("factor", ("系数", "factor"), required=False, parse=parse_number),
    Column("category", ("类别", "问题类别", "category"), required=False),
    Column("severity", ("严重程度", "severity"), required=False),
    Column("note", ("备注", "note"), required=False),
)
ENTRANT_COLUMNS = (
    Column("id", ("参评对象", "参评单位", "编号", "entrant", "id")),
    Column("name", ("名称", "单位名称", "name"), required=False),
    Column("group", ("组别", "group")),
    Column("code", ("编码", "样品编码", "code"), required=False),
    Column("draw", ("抽签号", "抽签顺序", "draw"), required=False, parse=parse_int),
)


@dataclass
class DataFile:
    """One DATA file: observations or entrants, and where its columns are."""

    filename: str
    observations: list[Observation]
    entrants: list[Entrant]
    draw: dict[str, int]
    columns: dict[str, str]  # key -> column letter

    def locate(self, error: ObservationError) -> Problem | None:
        """A located problem for a scoring error whose ref points into this file."""
        if not error.ref or not error.ref.startswith(self.filename + ":"):
            return None
        row = int(error.ref.rsplit(":", 1)[1])
        column = self.columns.get(error.field or "")
        return Problem(
            error.message_zh, error.message_en, file=self.filename, row=row, column=column
        )


def _observations(rows: list[Row], name: str) -> list[Observation]:
    return [
        Observation(
            r["entrant"],
            r["source"],
            r["item"],
            r["value"],
            judge=r["judge"],
            round=r["round"],
            factor=1.0 if r["factor"] is None else r["factor"],
            category=r["category"],
            severity=r["severity"],
            ref=f"{name}:{r.number}",
        )
        for r in rows
    ]


def _entrants(rows: list[Row]) -> list[Entrant]:
    return [Entrant(r["id"], r["name"] or r["id"], r["group"], r["code"]) for r in rows]


def _name(source: bytes | str | Path, filename: str | None) -> str:
    return filename or (Path(source).name if isinstance(source, (str, Path)) else "upload")


def read_data_file(source: bytes | str | Path, *, filename: str | None = None) -> DataFile:
    """Read a file of observations, or of entrants if it has 组别 but no 指标 column."""
    name = _name(source, filename)
    try:
        rows = read_table(source, OBSERVATION_COLUMNS, filename=name)
    except ImportFailed as obs_failed:
        try:
            rows = read_table(source, ENTRANT_COLUMNS, filename=name)
        except ImportFailed:
            raise obs_failed from None
        draw = {r["id"]: r["draw"] for r in rows if r["draw"] is not None}
        return DataFile(name, [], _entrants(rows), draw, rows[0].columns if rows else {})
    return DataFile(name, _observations(rows, name), [], {}, rows[0].columns if rows else {})


def read_observations(
    source: bytes | str | Path, *, filename: str | None = None
) -> list[Observation]:
    """Observations from a CSV/XLSX file; raises :class:`ImportFailed` naming every bad cell.

    >>> text = "参评对象,来源,指标,评委,分值\\n示例一县,data,达标率,,99.5\\n".encode()
    >>> [(o.entrant, o.item, o.value, o.ref) for o in read_observations(text, filename="d.csv")]
    [('示例一县', '达标率', 99.5, 'd.csv:2')]
    """
    name = _name(source, filename)
    rows = read_table(source, OBSERVATION_COLUMNS, filename=name)
    return _observations(rows, name)


def read_entrants(source: bytes | str | Path, *, filename: str | None = None) -> list[Entrant]:
    """Entrants from a CSV/XLSX file with 参评对象, 名称 and 组别 columns.

    >>> text = "参评对象,名称,组别\\nA01,示例一县,整体推进县\\n".encode()
    >>> read_entrants(text, filename="e.csv")
    [Entrant(id='A01', name='示例一县', group='整体推进县', code=None)]
    """
    return _entrants(read_table(source, ENTRANT_COLUMNS, filename=_name(source, filename)))
