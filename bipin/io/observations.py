"""Read observations (long form, one a row) and entrants from CSV or XLSX.

Observation columns: 参评对象/entrant, 来源/source, 指标/item, 评委/judge (or
填报人/reporter), 分值/value, and optional 轮次/round, 系数/factor, 要素/element,
类别/category, 严重程度/severity, 备注/note. Each observation's ``ref`` is
``"<file>:<row>"`` so an error found while scoring can name the cell.

Entrant columns: 参评对象/entrant (the id), 名称/name, 组别/group, and optional
编码/code, 抽签号/draw (a lot number for the draw tie-break) and 类型/kind (what a
leaf's multiplier reads, e.g. 搬迁任务县).

The checks that need the scheme but no database live here too, so that
``bipin compute`` and the web import refuse the same things with the same
words: entrants in an undeclared group or listed twice, and a value given
twice for one entrant and item (:func:`repeated_values`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bipin.io.formats import read_file
from bipin.io.problems import Problem, Problems, shown
from bipin.io.tables import CellError, Column, Row, parse_int, parse_number, read_table, table_kind
from bipin.scoring.model import SOURCES, Entrant, Observation, ObservationError, source_code
from bipin.scoring.rules import Veto
from bipin.scoring.scheme import Node, Scheme

__all__ = [
    "DataFile",
    "entrant_problems",
    "read_data_file",
    "read_entrants",
    "read_observations",
    "repeated_values",
]


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
    Column("period", ("期间", "period"), required=False, parse=parse_int),
    Column("factor", ("系数", "factor"), required=False, parse=parse_number),
    Column("category", ("类别", "问题类别", "category"), required=False),
    Column("severity", ("严重程度", "severity"), required=False),
    Column("element", ("要素", "动作", "element"), required=False),
    Column("note", ("备注", "note"), required=False),
)
ENTRANT_COLUMNS = (
    Column("id", ("参评对象", "参评单位", "编号", "entrant", "id")),
    Column("name", ("名称", "单位名称", "name"), required=False),
    Column("group", ("组别", "group")),
    Column("code", ("编码", "样品编码", "code"), required=False),
    Column("draw", ("抽签号", "抽签顺序", "draw"), required=False, parse=parse_int),
    Column("kind", ("类型", "单位类型", "kind"), required=False),
)
KINDS = {"observations": OBSERVATION_COLUMNS, "entrants": ENTRANT_COLUMNS}


@dataclass
class DataFile:
    """One DATA file: observations or entrants, and where its columns are."""

    filename: str
    observations: list[Observation]
    entrants: list[Entrant]
    draw: dict[str, int]
    columns: dict[str, str]  # key -> column letter
    sheet: str | None = None
    entrant_rows: list[int] = field(default_factory=list)  # the row of each entrant

    def locate(self, error: ObservationError) -> Problem | None:
        """A located problem for a scoring error whose ref points into this file."""
        if not error.ref or not error.ref.startswith(self.filename + ":"):
            return None
        row = int(error.ref.rsplit(":", 1)[1])
        column = self.columns.get(error.field or "")
        return Problem(
            error.message_zh, error.message_en, file=self.filename, sheet=self.sheet, row=row,
            column=column
        )

    def where(self, ref: str | None, key: str | None = None) -> dict[str, Any]:
        """The place of the row ``ref`` (and of its cell for ``key``) as Problem fields."""
        row = int(ref.rsplit(":", 1)[1]) if ref else None
        return dict(file=self.filename, sheet=self.sheet, row=row,
                    column=self.columns.get(key or ""))


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
            element=r["element"],
            period=r["period"],
        )
        for r in rows
    ]


def _entrants(rows: list[Row]) -> list[Entrant]:
    return [Entrant(r["id"], r["name"] or r["id"], r["group"], r["code"], r["kind"]) for r in rows]


def _name(source: bytes | str | Path, filename: str | None) -> str:
    return filename or (Path(source).name if isinstance(source, (str, Path)) else "upload")


def _with_lengths(columns: Iterable[Column], max_lengths: Mapping[str, int] | None) -> list[Column]:
    lengths = max_lengths or {}
    return [replace(c, max_length=lengths[c.key]) if c.key in lengths else c for c in columns]


def read_data_file(
    source: bytes | str | Path,
    *,
    filename: str | None = None,
    sheet: str | None = None,
    problems: list[Problem] | None = None,
    kinds: tuple[str, ...] = ("observations", "entrants"),
    max_lengths: Mapping[str, int] | None = None,
) -> DataFile:
    """Read a file of observations, or of entrants if its header is an entrant list's.

    The kind is decided by the header (the one of ``kinds`` it names more
    columns of), so a problem is reported against the columns the file meant
    to have: a blank 组别 cell in an entrant list is that cell's problem, not
    a "missing 来源 column". ``problems`` and ``sheet`` are as for
    :func:`bipin.io.tables.read_table`; ``max_lengths`` limits text columns
    to what the stored fields hold.
    """
    name = _name(source, filename)
    data = read_file(source) if isinstance(source, (str, Path)) else source
    kind = table_kind(data, name, {k: KINDS[k] for k in kinds}, sheet) if len(kinds) > 1 else kinds[0]
    columns = _with_lengths(KINDS[kind], max_lengths)
    rows = read_table(data, columns, filename=name, sheet=sheet, problems=problems)
    letters = rows[0].columns if rows else {}
    sheet_name = rows[0].sheet if rows else None
    if kind == "entrants":
        draw = {r["id"]: r["draw"] for r in rows if r["draw"] is not None and r["id"] is not None}
        return DataFile(name, [], _entrants(rows), draw, letters, sheet_name,
                        [r.number for r in rows])
    return DataFile(name, _observations(rows, name), [], {}, letters, sheet_name)


def read_observations(
    source: bytes | str | Path, *, filename: str | None = None
) -> list[Observation]:
    """Observations from a CSV/XLSX/XLS/ODS file; raises :class:`ImportFailed` naming every bad cell.

    >>> text = "参评对象,来源,指标,评委,分值\\n示例一县,data,达标率,,99.5\\n".encode()
    >>> [(o.entrant, o.item, o.value, o.ref) for o in read_observations(text, filename="d.csv")]
    [('示例一县', '达标率', 99.5, 'd.csv:2')]
    """
    name = _name(source, filename)
    rows = read_table(source, OBSERVATION_COLUMNS, filename=name)
    return _observations(rows, name)


def read_entrants(source: bytes | str | Path, *, filename: str | None = None) -> list[Entrant]:
    """Entrants from a CSV/XLSX/XLS/ODS file with 参评对象, 名称 and 组别 columns.

    >>> text = "参评对象,名称,组别\\nA01,示例一县,整体推进县\\n".encode()
    >>> read_entrants(text, filename="e.csv")
    [Entrant(id='A01', name='示例一县', group='整体推进县', code=None, kind=None)]
    """
    return _entrants(read_table(source, ENTRANT_COLUMNS, filename=_name(source, filename)))


def entrant_problems(scheme: Scheme, files: Iterable[DataFile]) -> list[Problem]:
    """Entrants listed twice or in a group the scheme does not declare, at their cells.

    The scoring core refuses both too, but it knows no files; here the
    official is told the file, row and column to fix.
    """
    problems = Problems()
    first: dict[str, tuple[str, str]] = {e.id: ("方案 entrants", "the scheme's entrants")
                                         for e in scheme.entrants}
    known = "、".join(scheme.groups)
    for f in files:
        for e, row in zip(f.entrants, f.entrant_rows, strict=True):
            at = dict(file=f.filename, sheet=f.sheet, row=row)
            if e.id is not None and e.id in first:
                zh, en = first[e.id]
                problems.append(Problem(f"参评对象“{shown(e.id)}”重复(已见于{zh})",
                                        f"entrant '{shown(e.id)}' is listed twice (also in {en})",
                                        column=f.columns.get("id"), **at))
            elif e.id is not None:
                first[e.id] = (f"{f.filename} 第{row}行", f"{f.filename} row {row}")
            if e.group is not None and scheme.groups and e.group not in scheme.groups:
                problems.append(Problem(
                    f"组别“{shown(e.group)}”不在考评方案中(方案的组别:{known})",
                    f"group '{shown(e.group)}' is not declared in the scheme "
                    f"(its groups: {', '.join(scheme.groups)})",
                    column=f.columns.get("group"), **at))
    return problems


def is_value_leaf(node: Node) -> bool:
    """A leaf fed one value per entrant and item (a rate, a rating), not a list of events.

    Findings, bonus and deduction records and veto events add up: two rows
    are two events. Panel marks are checked by the panel itself.
    """
    rule = node.rule
    return node.panel is None and not (rule is not None and (rule.record or isinstance(rule, Veto)))


def combines_rows(node: Node) -> bool:
    """Whether several rows for one key are meant to be combined.

    True when the leaf declares ``reduce`` (per-village rates averaged), or
    its rule reads every row (all_or_nothing: the worst row decides). A mean
    nobody declared blended 85 and 96 into 90.5 unseen.
    """
    reduce = getattr(node.rule, "reduce", "mean") if node.rule is not None else "mean"
    return node.reduce is not None or reduce in ("min", "max")


def value_key(entrant: Any, o: Observation) -> tuple[Any, str, str, str, int | None]:
    """One value per entrant, item, judge or reporter, round and period."""
    return (entrant, o.item, o.judge or "", o.round or "", o.period)


def describe_key(o: Observation) -> tuple[str, str]:
    """The key of a value in words, for messages."""
    zh = f"参评对象“{shown(o.entrant)}”的指标“{shown(o.item)}”"
    en = f"entrant '{shown(o.entrant)}', item '{shown(o.item)}'"
    if o.judge:
        zh, en = zh + f"(填报人/评委“{shown(o.judge)}”)", en + f" (reporter '{shown(o.judge)}')"
    if o.round:
        zh, en = zh + f"(第{shown(o.round)}轮)", en + f" (round {shown(o.round)})"
    if o.period is not None:
        zh, en = zh + f"({o.period}期)", en + f" (period {o.period})"
    return zh, en


def repeated_values(
    observations: Iterable[Observation],
    leaf_of: Callable[[Observation], Node | None],
    entrant_of: Callable[[Observation], Any],
    where: Callable[[Observation], dict[str, Any]],
) -> list[Problem]:
    """A value leaf given two values for one key, unless the leaf combines rows.

    ``leaf_of`` finds an observation's leaf (None: not checked here),
    ``entrant_of`` the entrant it means (a name and a code are one entrant),
    ``where`` its place as Problem fields; each repeat is named at its row
    with the earlier one's place.
    """
    problems = Problems()
    seen: dict[tuple, Observation] = {}
    for o in observations:
        node = leaf_of(o)
        entrant = entrant_of(o)
        if node is None or entrant is None or not is_value_leaf(node) or combines_rows(node):
            continue
        key = value_key(entrant, o)
        if key not in seen:
            seen[key] = o
            continue
        earlier = where(seen[key])
        at = where(o)
        same_file = earlier.get("file") == at.get("file")
        place_zh = f"第{earlier['row']}行" if same_file else f"{earlier['file']} 第{earlier['row']}行"
        place_en = f"row {earlier['row']}" if same_file else f"{earlier['file']} row {earlier['row']}"
        zh, en = describe_key(o)
        problems.append(Problem(
            f"{zh}已在{place_zh}给出值,每个对象只能有一个值;请删除重复的行"
            "(若多行本应合并,如按村平均,请在方案中为该指标声明 reduce)",
            f"{en} already has a value on {place_en}; it takes one value per entrant. Delete the "
            "repeated row (if several rows are meant to be combined, e.g. averaged per village, "
            "declare `reduce:` on the leaf)",
            **at))
    return problems


def repeated_in_files(scheme: Scheme, entrants: Iterable[Entrant],
                      files: Iterable[DataFile]) -> list[Problem]:
    """:func:`repeated_values` across the data files of one ``bipin compute``."""
    files = list(files)
    ids: dict[str, Entrant] = {}
    for e in entrants:
        ids.setdefault(e.id, e)
        if e.code:
            ids.setdefault(e.code, e)
    leaves: dict[str, dict[str, Node]] = {}

    def entrant_of(o: Observation) -> str | None:
        e = ids.get(o.entrant)
        return e.id if e is not None else None

    def leaf_of(o: Observation) -> Node | None:
        e = ids.get(o.entrant)
        if e is None:
            return None
        if e.group not in leaves:
            leaves[e.group] = scheme.items(e.group)
        return leaves[e.group].get(o.item)

    by_ref = {o.ref: f for f in files for o in f.observations}

    def where(o: Observation) -> dict[str, Any]:
        return by_ref[o.ref].where(o.ref, "value")

    return repeated_values((o for f in files for o in f.observations), leaf_of, entrant_of, where)
