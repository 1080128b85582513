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
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from bipin.io.columnar import Columns, read_columns, text_head
from bipin.io.formats import read_file
from bipin.io.problems import ImportFailed, Problem, Problems, shown
from bipin.io.sheets import Limits
from bipin.io.tables import (
    CellError,
    Column,
    Row,
    parse_int,
    parse_number,
    read_table,
    table_kind,
    unread_headers,
)
from bipin.scoring.model import (
    NAN_VALUE,
    SOURCES,
    Entrant,
    Observation,
    ObservationError,
    ObservationTable,
    RowRefs,
    source_code,
)
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
    """One DATA file: observations or entrants, and where its columns are.

    Observations are kept as they were read: a list of rows, or the columns of a
    plain CSV file (:mod:`bipin.io.columnar`). :attr:`table` gives the engine's
    columns without a Python object per row; :attr:`observations` gives one
    :class:`Observation` per row, made on first use.
    """

    filename: str
    read: list[Observation] | Columns
    entrants: list[Entrant]
    draw: dict[str, int]
    columns: dict[str, str]  # key -> column letter
    sheet: str | None = None
    entrant_rows: list[int] = field(default_factory=list)  # the row of each entrant

    @cached_property
    def observations(self) -> list[Observation]:
        if isinstance(self.read, list):
            return self.read
        return _observations_of(self.read, self.filename)

    @cached_property
    def table(self) -> ObservationTable:
        """The observations as the engine's columns; ObservationError for a NaN typed in a cell."""
        if isinstance(self.read, list):
            return ObservationTable.from_observations(self.read)
        _refuse_typed_nan(self.read, self.filename)
        return self.columns_table

    @cached_property
    def columns_table(self) -> ObservationTable:
        """The columns read, as the engine's table, a "nan" typed in a cell not yet refused."""
        return _table_of(self.read, self.filename)

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


_OBSERVATION_KEYS = ("entrant", "source", "item", "value", "judge", "round", "factor", "category",
                     "severity", "element", "period")


def _observations_of(read: Columns, name: str) -> list[Observation]:
    n = len(read)
    cells = [read.coded[k].per_row() if k in read.coded else [None] * n for k in _OBSERVATION_KEYS]
    return [
        Observation(e, s, i, v, judge=j, round=r, factor=1.0 if f is None else f, category=c,
                    severity=sv, ref=f"{name}:{number}", element=el, period=p)
        for e, s, i, v, j, r, f, c, sv, el, p, number in zip(*cells, read.numbers.tolist(), strict=True)
    ]


def _names(read: Columns, key: str) -> tuple[tuple[str, ...], np.ndarray]:
    """A text column as sorted names and codes, None as "" (as ObservationTable.from_observations)."""
    n = len(read)
    coded = read.coded.get(key)
    if coded is None:
        return (("",), np.zeros(n, np.int64)) if n else ((), np.zeros(0, np.int64))
    return coded.names()


def _optional(read: Columns, key: str) -> np.ndarray | None:
    coded = read.coded.get(key)
    if coded is None or not any(v is not None for v, used in zip(coded.values, coded.used, strict=True) if used):
        return None
    return coded.objects()


def _numbers(read: Columns, key: str, blank: float) -> np.ndarray:
    coded = read.coded.get(key)
    if coded is None:
        return np.full(len(read), blank)
    return np.array([blank if v is None else float(v) for v in coded.values] or [blank])[coded.codes]


def _refuse_typed_nan(read: Columns, name: str) -> None:
    """NaN is "no value" in the engine's columns; a "nan" typed in a cell is refused, as
    :meth:`ObservationTable.from_observations` refuses it."""
    coded = read.coded.get("value")
    if coded is None:
        return
    typed_nan = np.array([v is not None and v != v for v in coded.values] or [False])
    rows = np.nonzero(typed_nan[coded.codes])[0]
    if rows.shape[0]:
        raise ObservationError(*NAN_VALUE, f"{name}:{read.numbers[rows[0]]}", "value")


def _table_of(read: Columns, name: str) -> ObservationTable:
    refs = RowRefs((name,), np.zeros(len(read), np.int32), read.numbers)
    value = _numbers(read, "value", np.nan)
    sources = read.coded["source"]
    source = np.array([source_code(v) if used else 0 for v, used in zip(sources.values, sources.used, strict=True)]
                      or [0], np.int8)[sources.codes]
    (entrants, e), (items, i) = _names(read, "entrant"), _names(read, "item")
    (judges, j), (rounds, r) = _names(read, "judge"), _names(read, "round")
    return ObservationTable(
        entrants, items, judges, rounds, e, i, j, r, value, _numbers(read, "factor", 1.0), source,
        _optional(read, "category"), _optional(read, "severity"), refs, _optional(read, "element"),
        _optional(read, "period"),
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
            element=r["element"],
            period=r["period"],
        )
        for r in rows
    ]


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
    limits: Limits | None = None,
) -> DataFile:
    """Read a file of observations, or of entrants if its header is an entrant list's.

    The kind is decided by the header (the one of ``kinds`` it names more
    columns of), so a problem is reported against the columns the file meant
    to have: a blank 组别 cell in an entrant list is that cell's problem, not
    a "missing 来源 column". ``problems`` and ``sheet`` are as for
    :func:`bipin.io.tables.read_table`; ``max_lengths`` limits text columns
    to what the stored fields hold; ``limits`` are the uploads' unless given.
    A plain CSV file is read by columns
    (:mod:`bipin.io.columnar`), anything else by rows, with the same result.
    """
    name = _name(source, filename)
    data = read_file(source) if isinstance(source, (str, Path)) else source
    kind = _kind(data, name, kinds, sheet)
    columns = _with_lengths(KINDS[kind], max_lengths)
    found = problems if problems is not None else Problems()
    read = read_columns(data, name, columns, skip=unread_headers(), problems=found, limits=limits)
    if read is not None:
        if found and problems is None:
            raise ImportFailed(found)
        if kind == "entrants":
            cells = {key: coded.per_row() for key, coded in read.coded.items()}
            return _entrant_file(name, read.numbers.tolist(), cells, read.letters, None)
        return DataFile(name, read, [], {}, read.letters)
    rows = read_table(data, columns, filename=name, sheet=sheet, problems=problems, limits=limits)
    letters = rows[0].columns if rows else {}
    sheet_name = rows[0].sheet if rows else None
    if kind == "entrants":
        return _entrants_of(rows, name, letters, sheet_name)
    return DataFile(name, _observations(rows, name), [], {}, letters, sheet_name)


def _kind(data: bytes, name: str, kinds: tuple[str, ...], sheet: str | None) -> str:
    if len(kinds) == 1:
        return kinds[0]
    wanted = {k: KINDS[k] for k in kinds}
    try:
        # The header is near the top: a campaign's file of a million rows is not decoded whole here.
        return table_kind(text_head(data, name), name, wanted, sheet)
    except ImportFailed:
        return table_kind(data, name, wanted, sheet)


def _entrant_file(name: str, numbers: list[int], cells: Mapping[str, list[Any]],
                  letters: dict[str, str], sheet: str | None) -> DataFile:
    """An entrant list from its rows' numbers and each column's cells (a column absent: None)."""
    nothing = [None] * len(numbers)
    ids, names, groups, codes, kinds, lots = (
        cells.get(k) or nothing for k in ("id", "name", "group", "code", "kind", "draw"))
    entrants = [Entrant(i, n or i, g, c, k)
                for i, n, g, c, k in zip(ids, names, groups, codes, kinds, strict=True)]
    draw = {i: lot for i, lot in zip(ids, lots, strict=True) if lot is not None and i is not None}
    return DataFile(name, [], entrants, draw, letters, sheet, numbers)


def _entrants_of(rows: list[Row], name: str = "", letters: dict[str, str] | None = None,
                 sheet: str | None = None) -> DataFile:
    return _entrant_file(name, [r.number for r in rows],
                         {c.key: [r[c.key] for r in rows] for c in ENTRANT_COLUMNS},
                         letters or {}, sheet)


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
    [Entrant(id='A01', name='示例一县', group='整体推进县', code=None, kind=None, flight=None)]
    """
    return _entrants_of(read_table(source, ENTRANT_COLUMNS, filename=_name(source, filename))).entrants


def entrant_problems(scheme: Scheme, files: Iterable[DataFile]) -> list[Problem]:
    """Entrants listed twice or in a group the scheme does not declare, at their cells.

    The scoring core refuses both too, but it knows no files; here the
    official is told the file, row and column to fix.
    """
    problems = Problems()
    first: dict[str, tuple[DataFile | None, Any]] = {e.id: (None, ("方案 entrants", "the scheme's entrants"))
                                                     for e in scheme.entrants}
    known = "、".join(scheme.groups)
    declared = set(scheme.groups)
    for f in files:
        for e, row in zip(f.entrants, f.entrant_rows, strict=True):
            repeated = e.id is not None and e.id in first
            undeclared = e.group is not None and declared and e.group not in declared
            if not (repeated or undeclared):
                if e.id is not None:
                    first[e.id] = f, row
                continue
            at = dict(file=f.filename, sheet=f.sheet, row=row)
            if repeated:
                earlier, where = first[e.id]
                zh, en = where if earlier is None else (
                    f"{earlier.filename} 第{where}行", f"{earlier.filename} row {where}")
                problems.append(Problem(f"参评对象“{shown(e.id)}”重复(已见于{zh})",
                                        f"entrant '{shown(e.id)}' is listed twice (also in {en})",
                                        column=f.columns.get("id"), **at))
            elif e.id is not None:
                first[e.id] = f, row
            if undeclared:
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
        problems.append(repeat_problem(o, where(seen[key]), where(o)))
    return problems


def repeat_problem(o: Observation, earlier: dict[str, Any], at: dict[str, Any]) -> Problem:
    """``o`` repeats the value given at ``earlier``; the problem is placed ``at`` o's cell."""
    same_file = earlier.get("file") == at.get("file")
    place_zh = f"第{earlier['row']}行" if same_file else f"{earlier['file']} 第{earlier['row']}行"
    place_en = f"row {earlier['row']}" if same_file else f"{earlier['file']} row {earlier['row']}"
    zh, en = describe_key(o)
    return Problem(
        f"{zh}已在{place_zh}给出值,每个对象只能有一个值;请删除重复的行"
        "(若多行本应合并,如按村平均,请在方案中为该指标声明 reduce)",
        f"{en} already has a value on {place_en}; it takes one value per entrant. Delete the "
        "repeated row (if several rows are meant to be combined, e.g. averaged per village, "
        "declare `reduce:` on the leaf)",
        **at)


def repeated_in_files(scheme: Scheme, entrants: Iterable[Entrant],
                      files: Iterable[DataFile]) -> list[Problem]:
    """:func:`repeated_values` across the data files of one ``bipin compute``."""
    files, entrants = list(files), list(entrants)
    ids: dict[str, Entrant] = {}
    for e in entrants:
        ids.setdefault(e.id, e)
        if e.code:
            ids.setdefault(e.code, e)
    if all(isinstance(f.read, Columns) for f in files if f.read):
        return _repeated_in_columns(scheme, entrants, ids, [f for f in files if f.read])
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


def _checked_items(scheme: Scheme, groups: list[str], items: tuple[str, ...]) -> np.ndarray:
    """Per group (and a last row for no group) and item: whether one value per key is the rule."""
    checked = np.zeros((len(groups) + 1, len(items)), bool)
    for g, group in enumerate(groups):
        leaves = scheme.items(group)
        for i, item in enumerate(items):
            node = leaves.get(item)
            checked[g, i] = node is not None and is_value_leaf(node) and not combines_rows(node)
    return checked


def _runs(keys: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray] | None:
    """The rows in order of their keys, earlier rows first among equal keys, and whether
    each row after the first has the key of the one before; None when no key repeats."""
    sizes = [int(k.max(initial=0)) + 1 for k in keys]
    if float(np.prod(sizes, dtype=float)) < 2.0**62:
        # One integer per row (mixed radix): one stable sort instead of a sort by five keys.
        composite = np.zeros(keys[0].shape[0], np.int64)
        for key, size in zip(keys, sizes, strict=True):
            composite = composite * size + key
        if float(np.prod(sizes, dtype=float)) <= 8 * composite.shape[0] + (1 << 20):
            # Counting the keys is one pass; most files repeat nothing.
            if int(np.bincount(composite).max(initial=0)) <= 1:
                return None
        order = np.argsort(composite, kind="stable")
        ordered = composite[order]
        return order, ordered[1:] == ordered[:-1]
    order = np.lexsort((np.arange(keys[0].shape[0]), *reversed(keys)))
    same = np.ones(max(order.shape[0] - 1, 0), bool)
    for key in keys:
        ordered = key[order]
        same &= ordered[1:] == ordered[:-1]
    return order, same


def _repeated_in_columns(scheme: Scheme, entrants: list[Entrant], ids: dict[str, Entrant],
                         files: list[DataFile]) -> list[Problem]:
    """:func:`repeated_values` on whole columns: the same problems, in the same order."""
    problems = Problems()
    if not files:
        return problems
    table = ObservationTable.concat([f.columns_table for f in files])
    # Per name in the files: the entrant it means (by id or code) and its group.
    first = {}
    for k, e in enumerate(entrants):
        first.setdefault(e.id, k)
    people = [ids.get(name) for name in table.entrants]
    groups = {g: k for k, g in enumerate(dict.fromkeys(p.group for p in people if p is not None))}
    who = np.fromiter((-1 if p is None else first[p.id] for p in people), np.int64, len(people))
    group = np.fromiter((-1 if p is None else groups[p.group] for p in people), np.int64,
                        len(people))
    checked = _checked_items(scheme, list(groups), table.items)
    labelled = checked[group, :] & (who >= 0)[:, None]  # per name and item
    if labelled.all():  # every row is a value to check: no copy of a campaign's columns
        rows, at = np.arange(len(table)), slice(None)
    else:
        rows = at = np.flatnonzero(labelled[table.entrant, table.item])
    if table.period is None:
        period = np.zeros(rows.shape[0], np.int64)
    else:
        period = np.unique(np.array([-1 if p is None else p for p in table.period[at]]),
                           return_inverse=True)[1]
    keys = (who[table.entrant[at]], table.item[at], table.judge[at], table.round[at], period)
    found = _runs(keys)
    if found is None:
        return problems
    order, same = found
    repeats = np.nonzero(same)[0] + 1
    if not repeats.shape[0]:
        return problems
    # The first row of each run of one key is the earlier value of every later row of it.
    starts = np.maximum.accumulate(np.where(np.concatenate([[True], ~same]),
                                            np.arange(order.shape[0]), 0))
    later, earlier = rows[order[repeats]], rows[order[starts[repeats]]]
    by_row = np.argsort(later, kind="stable")
    room = problems.limit
    by_name = {f.filename: f for f in files}

    def where(row: int) -> dict[str, Any]:
        ref = table.ref[row]
        return by_name[ref.rsplit(":", 1)[0]].where(ref, "value")

    for k in by_row[:room]:
        row = int(later[k])
        o = Observation(table.entrants[table.entrant[row]], "data", table.items[table.item[row]],
                        None, judge=table.judges[table.judge[row]] or None,
                        round=table.rounds[table.round[row]] or None,
                        period=None if table.period is None else table.period[row])
        problems.append(repeat_problem(o, where(int(earlier[k])), where(row)))
    problems.omitted += max(by_row.shape[0] - room, 0)
    return problems
