"""The plain values the scoring core works on: sources, entrants, observations.

Observations come either as :class:`Observation` records (one per row of a
file or a database query) or, for large contests, as an :class:`ObservationTable`
of parallel numpy columns; :func:`bipin.scoring.evaluate` accepts both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

__all__ = [
    "Entrant",
    "Observation",
    "ObservationError",
    "ObservationTable",
    "RowRefs",
    "SchemeError",
    "SchemeProblem",
    "Source",
]


class Source(StrEnum):
    """Where a leaf indicator's inputs come from."""

    PANEL = "panel"  # judges' marks (现场打分)
    EXAM = "exam"  # 政策测试
    INSPECTION = "inspection"  # 实地核查 findings
    DEPARTMENT = "department"  # 行业部门评价
    SUPERVISION = "supervision"  # 日常监督 records
    DATA = "data"  # objective values


@dataclass(frozen=True)
class Entrant:
    """A unit or an entry that is scored and ranked within its group."""

    id: str
    name: str
    group: str
    code: str | None = None  # the blind code judges see (盲评)
    # 类型: what kind of unit it is (e.g. 搬迁任务县), for a leaf's multiplier;
    # it never splits the ranking group.
    kind: str | None = None
    # 桌次: the table (flight) of a stage judged in flights, whose cut is
    # ``per: flight``; each table's judges score only their table's samples.
    flight: str | None = None


@dataclass(frozen=True)
class Observation:
    """One raw input: a judge's mark, a data value, a finding, a record.

    ``ref`` is an opaque id of the raw record ("sheet:12", "finding:7"); it is
    carried into explanations so a page can link back to the source row.
    """

    entrant: str
    source: Source | str
    item: str
    value: float | None
    judge: str | None = None
    round: str | None = None
    factor: float = 1.0
    category: str | None = None
    severity: str | None = None
    ref: str | None = None
    element: str | None = None  # the element performed (要素, e.g. 3Lz), for a scale of values
    # 期间: a whole number such as 2025 or 202512; a row of an earlier period
    # than the scheme's is read only as a previous value (missing: {impute: previous}).
    period: int | None = None


@dataclass(frozen=True)
class SchemeProblem:
    """One thing wrong in a scheme, at a dotted path such as ``dimensions[2].points``.

    The scoring core does not import :mod:`bipin.io`; readers turn these into
    located :class:`bipin.io.problems.Problem` items.
    """

    path: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message_en}" if self.path else self.message_en


class SchemeError(ValueError):
    """A scheme failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[SchemeProblem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class ObservationError(ValueError):
    """An observation that cannot be scored; ``ref`` points at its raw record."""

    def __init__(
        self, message_zh: str, message_en: str, ref: str | None = None, field: str | None = None
    ) -> None:
        self.message_zh = message_zh
        self.message_en = message_en
        self.ref = ref
        self.field = field  # the Observation field at fault: "value", "item", ...
        super().__init__(f"{ref}: {message_en}" if ref else message_en)


SOURCES: tuple[Source, ...] = tuple(Source)
NAN_VALUE = (
    "分值不是数(NaN);没有数值请留空",
    "value is NaN (not a number); leave the cell blank for no value",
)


def source_code(source: Source | str, ref: str | None = None) -> int:
    """The index of ``source`` in :data:`SOURCES`; Chinese names are accepted too."""
    text = _SOURCE_ALIASES.get(str(source).strip(), str(source).strip().lower())
    try:
        return SOURCES.index(Source(text))
    except ValueError:
        names = ", ".join(s.value for s in Source)
        raise ObservationError(
            f"来源“{source}”无效(可用:{names})",
            f"unknown source '{source}' (use one of {names})",
            ref,
            "source",
        ) from None


_SOURCE_ALIASES = {
    "评委": "panel",
    "现场打分": "panel",
    "测试": "exam",
    "政策测试": "exam",
    "考试": "exam",
    "核查": "inspection",
    "实地核查": "inspection",
    "部门": "department",
    "行业部门评价": "department",
    "部门评价": "department",
    "监督": "supervision",
    "日常监督": "supervision",
    "数据": "data",
    "客观数据": "data",
}


def _codes(names: Sequence[str | None]) -> tuple[tuple[str, ...], np.ndarray]:
    """Sorted distinct names and each name's index; ``None`` becomes ""."""
    labels = sorted({n or "" for n in names})
    index = {n: i for i, n in enumerate(labels)}
    return tuple(labels), np.fromiter((index[n or ""] for n in names), np.int64, len(names))


class RowRefs:
    """Where each row of a file came from, ``"<file>:<row>"``, made only when one is read.

    A table read from a file of millions of rows keeps two integer columns here
    instead of a Python string per row.

    >>> refs = RowRefs(("d.csv",), np.array([0, 0]), np.array([2, 5]))
    >>> refs[1], refs[np.array([1])].tolist(), len(refs)
    ('d.csv:5', ['d.csv:5'], 2)
    """

    def __init__(self, files: tuple[str, ...], file: np.ndarray, numbers: np.ndarray) -> None:
        self.files, self.file, self.numbers = files, file, numbers

    def __len__(self) -> int:
        return int(self.numbers.shape[0])

    def __getitem__(self, index):
        if isinstance(index, (int, np.integer)):
            return f"{self.files[int(self.file[index])]}:{int(self.numbers[index])}"
        return RowRefs(self.files, self.file[index], self.numbers[index])

    def tolist(self) -> list[str]:
        files = self.files
        return [f"{files[f]}:{n}" for f, n in zip(self.file.tolist(), self.numbers.tolist(), strict=True)]

    def sort_key(self) -> np.ndarray:
        """Integers in the order of the refs as text ("d.csv:10" before "d.csv:2"), not one string made.

        The digits of a row number compare as text in the order of the number
        padded on the right with zeros to the longest, a shorter one first on a tie.

        >>> refs = RowRefs(("b.csv", "a.csv"), np.array([0, 1, 1, 1]), np.array([2, 10, 2, 1]))
        >>> [refs.tolist()[k] for k in np.argsort(refs.sort_key())]
        ['a.csv:1', 'a.csv:10', 'a.csv:2', 'b.csv:2']
        """
        prefixes = [f + ":" for f in self.files]
        if any(a != b and b.startswith(a) for a in prefixes for b in prefixes):
            return np.unique(np.array(self.tolist()), return_inverse=True)[1]
        rank = np.argsort(np.argsort(np.array(prefixes)))[self.file].astype(np.int64)
        numbers = self.numbers.astype(np.int64)
        digits = np.searchsorted(10 ** np.arange(1, 19, dtype=np.int64), numbers, side="right") + 1
        longest = int(digits.max(initial=1))
        padded = numbers * 10 ** (longest - digits)
        return (rank * 10**longest + padded) * (longest + 1) + digits

    @classmethod
    def concat(cls, parts: Sequence[RowRefs]) -> RowRefs:
        files = tuple(dict.fromkeys(f for p in parts for f in p.files))
        index = {f: i for i, f in enumerate(files)}
        return cls(
            files,
            np.concatenate([np.array([index[f] for f in p.files], np.int32)[p.file] for p in parts]),
            np.concatenate([p.numbers for p in parts]),
        )


@dataclass(frozen=True)
class ObservationTable:
    """Observations as parallel columns: integer codes into sorted name tuples.

    Build it with :meth:`from_observations`, or directly from codes when the
    data already sits in arrays (a database query, a benchmark).

    >>> t = ObservationTable.from_observations(
    ...     [Observation("b", "data", "x", 2.0), Observation("a", "data", "x", 1.0)])
    >>> t.entrants, t.entrant.tolist(), len(t)
    (('a', 'b'), [1, 0], 2)
    """

    entrants: tuple[str, ...]
    items: tuple[str, ...]
    judges: tuple[str, ...]
    rounds: tuple[str, ...]
    entrant: np.ndarray
    item: np.ndarray
    judge: np.ndarray
    round: np.ndarray
    value: np.ndarray  # float64, NaN where no value was given
    factor: np.ndarray
    source: np.ndarray  # int8 index into SOURCES
    category: np.ndarray | None = None  # object arrays, only when present
    severity: np.ndarray | None = None
    ref: np.ndarray | RowRefs | None = None
    element: np.ndarray | None = None
    period: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.value.shape[0])

    def ref_of(self, row: int) -> str | None:
        """Where row ``row`` came from (file, row), for a message; None when not known."""
        return None if self.ref is None else self.ref[row]

    @classmethod
    def from_observations(cls, observations: Iterable[Observation]) -> ObservationTable:
        rows = list(observations)
        entrants, e = _codes([o.entrant for o in rows])
        items, i = _codes([o.item for o in rows])
        judges, j = _codes([o.judge for o in rows])
        rounds, r = _codes([o.round for o in rows])
        value = np.array([np.nan if o.value is None else float(o.value) for o in rows], float)
        # NaN means "no value" from here on; a NaN the caller gave (a "nan" typed
        # in a cell) is a mistake, not a blank.
        given_nan = np.isnan(value) & np.fromiter((o.value is not None for o in rows), bool, len(rows))
        if given_nan.any():
            bad = rows[int(np.argmax(given_nan))]
            raise ObservationError(*NAN_VALUE, bad.ref, "value")
        factor = np.array([float(o.factor) for o in rows], float)

        def optional(values: list) -> np.ndarray | None:
            return np.array(values, dtype=object) if any(v is not None for v in values) else None

        return cls(
            entrants,
            items,
            judges,
            rounds,
            e,
            i,
            j,
            r,
            value,
            factor,
            np.fromiter((source_code(o.source, o.ref) for o in rows), np.int8, len(rows)),
            optional([o.category for o in rows]),
            optional([o.severity for o in rows]),
            optional([o.ref for o in rows]),
            optional([o.element for o in rows]),
            optional([o.period for o in rows]),
        )

    @classmethod
    def concat(cls, tables: Sequence[ObservationTable]) -> ObservationTable:
        """The rows of several tables as one, as :meth:`from_observations` of all their rows would be."""
        if len(tables) == 1:
            return tables[0]

        def merged(names: str, codes: str) -> tuple[tuple[str, ...], np.ndarray]:
            labels = tuple(sorted({n for t in tables for n in getattr(t, names)}))
            index = {n: i for i, n in enumerate(labels)}
            return labels, np.concatenate([
                np.array([index[n] for n in getattr(t, names)], np.int64)[getattr(t, codes)]
                if getattr(t, names) else getattr(t, codes) for t in tables])

        def optional(name: str) -> np.ndarray | RowRefs | None:
            parts = [getattr(t, name) for t in tables]
            if all(p is None for p in parts):
                return None
            if name == "ref" and all(isinstance(p, RowRefs) for p in parts):
                return RowRefs.concat(parts)
            return np.concatenate([
                np.array(p.tolist() if isinstance(p, RowRefs) else p, dtype=object) if p is not None
                else np.full(len(t), None, dtype=object) for p, t in zip(parts, tables, strict=True)])

        entrants, e = merged("entrants", "entrant")
        items, i = merged("items", "item")
        judges, j = merged("judges", "judge")
        rounds, r = merged("rounds", "round")
        return cls(
            entrants, items, judges, rounds, e, i, j, r,
            np.concatenate([t.value for t in tables]),
            np.concatenate([t.factor for t in tables]),
            np.concatenate([t.source for t in tables]),
            optional("category"), optional("severity"), optional("ref"), optional("element"),
            optional("period"),
        )

    def column(self, name: str, rows: np.ndarray) -> list:
        """Values of an optional column (category, severity, ref, element) at ``rows``."""
        data = getattr(self, name)
        return [None] * len(rows) if data is None else data[rows].tolist()
