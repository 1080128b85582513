"""Read a large CSV file into columns, parsing each distinct cell text once.

A campaign's values file has millions of rows but few distinct texts in a
column: 20 items, one source, scores 0 to 5. The row reader
(:mod:`bipin.io.tables`) runs Python for every cell; here pyarrow splits the
file into columns in C, each column is dictionary-encoded, and the row
reader's own cell parser runs once per distinct text. So a cell means here
exactly what it means to the row reader, and a problem is reported in the same
words, at the same row, column and header, in the same order.

Only a plain CSV file takes this path: every row before the header on one
line, every row below it as wide as the header (a blank line is a row of
blanks), lines ended by LF or CR LF. For anything else :func:`read_columns` returns None and
the caller reads rows, which handles every file the way it always has.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from bipin.io.formats import Format, sniff
from bipin.io.problems import ImportFailed, Problem, Problems
from bipin.io.sheets import Limits, too_many_rows
from bipin.io.tables import (
    EMPTY_CELL,
    HEADER_SCAN,
    Column,
    headless_problem,
    layout,
    no_rows_problem,
    parse_cell,
)

# The header is looked for in the file's first bytes; a title block longer than
# this is read by rows.
_HEAD_BYTES = 256 * 1024


@dataclass
class Coded:
    """One column: each distinct cell's parsed value (None: blank or refused) and each row's."""

    values: list[Any]
    codes: np.ndarray  # per kept row, an index into values

    def objects(self) -> np.ndarray:
        """Each row's value, as an object array."""
        distinct = np.empty(len(self.values), dtype=object)
        distinct[:] = self.values
        return distinct[self.codes]

    def names(self) -> tuple[tuple[str, ...], np.ndarray]:
        """The texts the rows hold, sorted, blank as "", and each row's index into them.

        Sorted by pyarrow in C++: an entrant column has a name per household.
        UTF-8 bytes sort as Python compares strings, code point by code point.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        texts = pa.array([v or "" for v in self.values], pa.string())
        distinct = pc.unique(texts.filter(pa.array(self.used)))
        distinct = distinct.take(pc.array_sort_indices(distinct))
        index = pc.index_in(texts, value_set=distinct).fill_null(0).to_numpy()
        return tuple(distinct.to_pylist()), index.astype(np.int64)[self.codes]

    def per_row(self) -> list[Any]:
        return self.objects().tolist()

    @cached_property
    def used(self) -> np.ndarray:
        """Which distinct values some kept row holds."""
        return np.bincount(self.codes, minlength=len(self.values)) > 0


@dataclass
class Columns:
    """A table read by columns: the data rows' numbers and each declared column present."""

    letters: dict[str, str]  # column key -> letter, as Row.columns
    numbers: np.ndarray  # the row number Excel shows, per data row
    coded: dict[str, Coded]  # column key -> its cells; a column not in the file is absent

    def __len__(self) -> int:
        return int(self.numbers.shape[0])


def text_head(data: bytes, filename: str) -> bytes:
    """The first lines of a long CSV file, enough to find its header; other files whole."""
    if len(data) <= _HEAD_BYTES or sniff(data, filename) is not Format.TEXT:
        return data
    return data[: data.rfind(b"\n", 0, _HEAD_BYTES) + 1] or data


def _decode(head: bytes) -> tuple[str, str] | None:
    for encoding in ("utf-8", "gb18030"):
        try:
            return head.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def _numbered(text: str, lines: dict[int, int]) -> Iterator[tuple[int, list[Any]]]:
    """The csv module's records with their numbers; ``lines`` learns each one's last line."""
    reader = csv.reader(io.StringIO(text))
    for number, cells in enumerate(reader, 1):
        lines[number] = reader.line_num
        yield number, cells


def _line_end(data: bytes | memoryview, start: int, count: int) -> int:
    """The offset just after the ``count``-th line break from ``start``."""
    at = start
    for _ in range(count):
        at = data.index(b"\n", at) + 1
    return at


def _arrow_columns(body: bytes, width: int):
    """The body's cells as pyarrow string columns; None when it is not a plain rectangle."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [f"c{i}" for i in range(width)]
    # Dictionary-encoded while parsing, on every core: a column of a million
    # rows becomes its few distinct texts and an integer per row.
    text = pa.dictionary(pa.int32(), pa.string())
    try:
        return pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={n: text for n in names}, strings_can_be_null=False,
                quoted_strings_can_be_null=False),
        ).unify_dictionaries()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def _encoded(column) -> tuple[list[str], np.ndarray]:
    """A dictionary column's distinct texts and each row's index into them."""
    if column.num_chunks == 0:
        return [], np.zeros(0, np.int32)
    encoded = column.combine_chunks()
    # No nulls (strings_can_be_null=False), so the indices are read in place.
    return encoded.dictionary.to_pylist(), encoded.indices.to_numpy()


def read_columns(data: bytes, filename: str, columns: list[Column], *, skip: set[str],
                 problems: list[Problem], allow_empty: bool = False,
                 limits: Limits | None = None) -> Columns | None:
    """The declared columns of a plain CSV file, or None to read it by rows.

    Problems are added to ``problems`` only when the file is read here, so a
    caller that falls back to the row reader never sees them twice.
    """
    if sniff(data, filename) is not Format.TEXT:
        return None
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None  # a line ended by CR alone: the row reader refuses it at its line
    limits = limits or Limits.from_env()
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    head = data[start:start + _HEAD_BYTES]
    cut = len(data) - start > _HEAD_BYTES
    if cut:
        head = head[: head.rfind(b"\n") + 1]
    decoded = _decode(head)
    if decoded is None:
        return None
    text, encoding = decoded
    lines: dict[int, int] = {}
    top = []
    try:
        for number, cells in _numbered(text, lines):
            if len(cells) > limits.columns:
                return None  # refused by rows, at its row
            if any(c.strip() for c in cells):
                top.append((number, cells))
                if len(top) > HEADER_SCAN:
                    break
    except csv.Error:
        return None  # the row reader names the line it cannot read
    if cut and len(top) <= HEADER_SCAN:
        return None
    where = dict(file=filename, sheet=None)
    found = Problems(limit=problems.limit if isinstance(problems, Problems) else sys.maxsize)
    try:
        shape = layout(columns, top, where, skip, found)
    except ImportFailed:
        return None  # the row reader says what is wrong, in its words
    header = shape.header
    width = len(header.texts)
    if lines[header.number] != header.number:
        return None  # a cell above the header spans lines
    try:
        offset = _line_end(data, start, header.number)
    except ValueError:
        return None  # nothing after the header
    body: Any = memoryview(data)[offset:]
    if encoding != "utf-8":
        try:
            body = bytes(body).decode(encoding).encode("utf-8")
        except UnicodeDecodeError:
            return None
    table = _arrow_columns(body, width)
    if table is None:
        return None
    # pyarrow counts records as the csv module does: a cell with a line break is one row,
    # and a blank line is a row of blank cells; so row numbers are the row reader's.
    rows = table.num_rows
    if header.number + rows > limits.rows:
        problems.extend(found)
        raise ImportFailed([too_many_rows(filename, None, limits)])
    cells = [_encoded(table.column(i)) for i in range(width)]
    del table
    longest = csv.field_size_limit()
    if any(len(t) > longest for texts, _ in cells for t in texts):
        return None  # the row reader refuses such a cell
    blank = np.ones(rows, bool)
    blank_texts = []
    for texts, codes in cells:
        empty = np.fromiter((not t.strip() for t in texts), bool, len(texts))
        blank_texts.append(empty)
        if len(texts):
            blank &= empty[codes]
    # Most long files have no blank row: then every row is kept as it is, uncopied.
    keep = np.nonzero(~blank)[0] if blank.any() else slice(None)
    numbers = (header.number + 1 + np.arange(rows, dtype=np.int64))[keep]
    # (positions among the kept rows, problems, which problem at a position), in the
    # order the row reader reports a row's problems: headless cells first, then columns.
    located: list[tuple[np.ndarray, list[Problem | None], Any]] = []
    kept_rows = int(numbers.shape[0])
    for i in sorted(shape.headless):
        filled = ~blank_texts[i][cells[i][1][keep]]
        if filled.any():
            first = int(np.argmax(filled))
            located.append((np.array([first]), [headless_problem(i, where, 0)], {first: 0}))
    coded: dict[str, Coded] = {}
    for col in columns:
        if col.key not in header.positions:
            continue
        texts, codes = cells[header.positions[col.key]]
        at = dict(where, column=shape.letters[col.key], header=shape.texts[col.key])
        values: list[Any] = []
        messages: list[Problem | None] = []
        for raw in texts:
            cell = raw.strip()
            if not cell:
                values.append(None)
                messages.append(Problem(*EMPTY_CELL, **at) if col.required else None)
                continue
            said: list[Problem] = []
            value, bad = parse_cell(col, cell, at, said)
            values.append(value)
            messages.append(said[0] if bad else None)
        kept = codes[keep]
        bad_texts = np.fromiter((m is not None for m in messages), bool, len(messages))
        if bad_texts.any():
            located.append((np.nonzero(bad_texts[kept])[0], messages, kept))
        coded[col.key] = Coded(values, kept)
    _add_located(found, located, numbers)
    if not kept_rows and not allow_empty:
        found.append(no_rows_problem(where, header))
    problems.extend(found)
    return Columns(shape.letters, numbers, coded)


def _add_located(found: Problems, located: list, numbers: np.ndarray) -> None:
    """Each bad cell's problem, row by row and in column order within a row, up to the cap."""
    if not located:
        return
    positions = np.concatenate([rows for rows, _, _ in located])
    orders = np.concatenate([np.full(rows.shape[0], k) for k, (rows, _, _) in enumerate(located)])
    picked = np.lexsort((orders, positions))
    room = max(found.limit - len(found), 0)
    for k in picked[:room]:
        _, messages, kept = located[orders[k]]
        position = positions[k]
        said = messages[kept[position]]
        found.append(Problem(said.message_zh, said.message_en, file=said.file, sheet=said.sheet,
                             row=int(numbers[position]), column=said.column, header=said.header))
    found.omitted += max(picked.shape[0] - room, 0)
