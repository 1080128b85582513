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
    ref: np.ndarray | None = None
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

    def column(self, name: str, rows: np.ndarray) -> list:
        """Values of an optional column (category, severity, ref, element) at ``rows``."""
        data = getattr(self, name)
        return [None] * len(rows) if data is None else data[rows].tolist()
