"""Read a CSV, XLSX, XLS or ODS sheet into checked rows.

A reader declares its columns once (accepted header spellings in Chinese and
English, whether required, how to parse a cell, the longest text its field
holds); :func:`read_table` finds the sheet and the header row, parses every
cell and raises :class:`ImportFailed` with all the problems at once, so an
official fixes the file in one pass.

Officials' sheets start with a title ("2026年度XX考核数据表") and blank rows,
keep commentary columns (备注) and often several sheets. So the header row is
the row among the first ones that holds the most known headers; a workbook's
sheet is the one whose header matches and that has data (or the one the
person chose); 备注/说明/序号 columns are kept but not read, a column with no
header and no values is fine, and any other column is refused with the
accepted spellings, because a misspelt header (得分 for 分值) would otherwise
read as a column of blanks and score zeros in silence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bipin.io.formats import read_file
from bipin.io.problems import ImportFailed, Problem, Problems, shown
from bipin.io.sheets import Limits, Sheet, SheetError, open_sheets

Parser = Callable[[Any], Any]

# Headers of commentary columns people keep beside the data; never read.
COMMENTARY = ("备注", "说明", "序号", "note", "notes", "remark", "remarks", "comment", "comments",
              "no.", "#")
# How many non-blank rows at the top of a sheet may hold a title before the header.
HEADER_SCAN = 20


class CellError(ValueError):
    """Raised by a cell parser; carries the message in both languages."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass(frozen=True)
class Column:
    key: str
    headers: tuple[str, ...]
    required: bool = True
    parse: Parser | None = None
    label_zh: str = ""
    max_length: int | None = None  # the longest text the stored field holds

    @property
    def label(self) -> str:
        return self.label_zh or self.headers[0]


@dataclass(frozen=True)
class Row:
    values: dict[str, Any]
    number: int  # the row number Excel shows (header is row 1 when it is first)
    sheet: str | None
    columns: dict[str, str] = field(default_factory=dict)  # key -> column letter
    failed: frozenset[str] = frozenset()  # keys whose cell had a problem (value None)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def problem(self, key: str, message_zh: str, message_en: str, file: str | None = None) -> Problem:
        """A problem located at this row's cell for ``key`` (for checks across rows)."""
        letter = self.columns.get(key)
        return Problem(message_zh, message_en, file=file, sheet=self.sheet, row=self.number,
                       column=letter, header=None)


def column_letter(index: int) -> str:
    """Excel's letter for a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _normalise_header(text: Any) -> str:
    return "".join(str(text or "").split()).lower().replace("(", "(").replace(")", ")")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class _Header:
    """Where a sheet's header row is and what its columns are."""

    index: int  # position among the rows read so far
    number: int  # the row number Excel shows
    texts: list[Any]  # the header cells as written
    positions: dict[str, int]  # column key -> cell index
    score: int  # how many declared columns it names


def _match(columns: list[Column], cells: list[Any]) -> dict[str, int]:
    headers = [_normalise_header(c) for c in cells]
    positions: dict[str, int] = {}
    for col in columns:
        accepted = {_normalise_header(h) for h in col.headers}
        found = [i for i, h in enumerate(headers) if h in accepted]
        if found:
            positions[col.key] = found[0]
    return positions


def _find_header(columns: list[Column], top: list[tuple[int, list[Any]]]) -> _Header | None:
    """The row among the first non-blank ones that names the most declared columns."""
    best: _Header | None = None
    for index, (number, cells) in enumerate(top):
        positions = _match(columns, cells)
        if positions and (best is None or len(positions) > best.score):
            best = _Header(index, number, cells, positions, len(positions))
    return best


def _top(rows: Iterator[tuple[int, list[Any]]]) -> list[tuple[int, list[Any]]]:
    """The first :data:`HEADER_SCAN` non-blank rows and the first one after them."""
    top = []
    for number, cells in rows:
        if any(not _blank(c) for c in cells):
            top.append((number, cells))
            if len(top) > HEADER_SCAN:
                break
    return top


@dataclass
class _Candidate:
    sheet: Sheet
    header: _Header | None
    complete: bool  # every required column found
    has_data: bool


def _survey(sheet: Sheet, columns: list[Column]) -> _Candidate:
    top = _top(sheet.rows())
    header = _find_header(columns, top)
    required = {c.key for c in columns if c.required}
    complete = header is not None and required <= set(header.positions)
    return _Candidate(sheet, header, complete, header is not None and header.index + 1 < len(top))


def _choose_sheet(sheets: list[Sheet], columns: list[Column], wanted: str | None,
                  filename: str) -> Sheet:
    if wanted and any(s.name is not None for s in sheets):
        for s in sheets:
            if s.name == wanted:
                return s
        names = "、".join(str(s.name) for s in sheets)
        raise ImportFailed([Problem(f"没有名为“{shown(wanted)}”的工作表(现有:{names})",
                                    f"no sheet named '{shown(wanted)}' (sheets: {', '.join(str(s.name) for s in sheets)})",
                                    file=filename)], sheets=tuple(str(s.name) for s in sheets))
    if len(sheets) == 1:
        return sheets[0]
    surveyed = [_survey(s, columns) for s in sheets]
    with_data = [c for c in surveyed if c.complete and c.has_data]
    if len(with_data) > 1:
        names = tuple(str(c.sheet.name) for c in with_data)
        raise ImportFailed([Problem(
            f"工作簿中有 {len(names)} 个工作表含有数据表头:{'、'.join(names)};请选择要导入的工作表",
            f"{len(names)} sheets of this workbook hold a table with these headers: "
            f"{', '.join(names)}; choose the sheet to import",
            file=filename)], sheets=names)
    ranked = with_data or [c for c in surveyed if c.complete] or sorted(
        (c for c in surveyed if c.header), key=lambda c: -c.header.score) or surveyed
    return ranked[0].sheet


def _header_problems(columns: list[Column], header: _Header, where: dict,
                     ignore: set[str]) -> tuple[list[Problem], set[int]]:
    """Unknown, repeated and missing columns; and the cells to check for headless values."""
    problems: list[Problem] = []
    used = set(header.positions.values())
    accepted = "、".join("/".join(c.headers) for c in columns)
    accepted_en = "; ".join(" / ".join(c.headers) for c in columns)
    headless: set[int] = set()
    for i, text in enumerate(header.texts):
        key = _normalise_header(text)
        at = dict(where, row=header.number, column=column_letter(i))
        if not key:
            headless.add(i)
            continue
        owner = next((c for c in columns if key in {_normalise_header(h) for h in c.headers}), None)
        if owner is not None and i not in used:
            first = column_letter(header.positions[owner.key])
            problems.append(Problem(
                f"列“{shown(text)}”重复(已在{first}列),无法确定读哪一列",
                f"column '{shown(text)}' appears twice (also column {first}); cannot tell which to read",
                **at))
        elif owner is None and key not in ignore:
            problems.append(Problem(
                f"无法识别的列“{shown(text)}”。可用的列:{accepted};备注、说明、序号列可保留(不读取)",
                f"unrecognised column '{shown(text)}'. Accepted columns: {accepted_en}; "
                "note, remark and No. columns may stay (they are not read)", **at))
    for col in columns:
        if col.required and col.key not in header.positions:
            problems.append(Problem(
                f"缺少必填列“{col.label}”(可用表头:{'、'.join(col.headers)})",
                f"missing required column '{col.headers[-1]}' (accepted headers: {', '.join(col.headers)})",
                **dict(where, row=header.number)))
    return problems, headless


def parse_cell(col: Column, cell: Any, where: dict, problems: list[Problem]) -> tuple[Any, bool]:
    """The parsed value of one cell and whether it had a problem."""
    if col.parse is None:
        value = cell if isinstance(cell, str) else str(cell)
    else:
        try:
            value = col.parse(cell)
        except CellError as exc:
            problems.append(Problem(exc.message_zh, exc.message_en, **where))
            return None, True
        except (TypeError, ValueError) as exc:
            problems.append(Problem(f"取值“{shown(cell)}”无效", f"invalid value '{shown(cell)}' ({exc})",
                                    **where))
            return None, True
    if col.max_length is not None and isinstance(value, str) and len(value) > col.max_length:
        problems.append(Problem(f"内容过长:{len(value)}个字符,最多{col.max_length}个",
                                f"too long: {len(value)} characters, at most {col.max_length}",
                                **where))
        return None, True
    return value, False


def unread_headers(ignore: Iterable[str] = ()) -> set[str]:
    """The headers of columns kept but never read (备注 and the like), normalised."""
    return {_normalise_header(h) for h in (*COMMENTARY, *ignore)}


def read_table(
    source: bytes | str | Path,
    columns: Iterable[Column],
    *,
    filename: str | None = None,
    sheet: str | None = None,
    problems: list[Problem] | None = None,
    ignore: Iterable[str] = (),
    allow_empty: bool = False,
    limits: Limits | None = None,
) -> list[Row]:
    """Parse a CSV/XLSX/XLS/ODS table: title rows, then a header row, then data rows.

    Problems in cells raise :class:`ImportFailed` at the end. A caller that
    checks rows against each other passes its own ``problems`` list instead
    and gets back every row; a cell that had a problem is None and its key is
    in ``row.failed``, so the cross-row checks still see the rest of the row.
    A problem with the file itself (unreadable, too large, several sheets to
    choose from) raises at once. ``ignore`` names more headers to leave
    unread; ``allow_empty`` accepts a header with no rows under it.

    >>> cols = [Column("name", ("名称", "name")), Column("n", ("数量", "count"), parse=int)]
    >>> rows = read_table("示例表\\n\\n名称,数量\\n甲,3\\n".encode(), cols, filename="a.csv")
    >>> rows[0]["name"], rows[0]["n"], rows[0].number
    ('甲', 3, 4)
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        filename = filename or path.name
        data = read_file(path)
    else:
        data = source
        filename = filename or "upload"
    columns = list(columns)
    collect = problems is not None
    found = problems if problems is not None else Problems()
    skip = unread_headers(ignore)
    limits = limits or Limits.from_env()
    with open_sheets(data, filename, limits) as sheets:
        try:
            chosen = _choose_sheet(sheets, columns, sheet, filename)
            rows = _read_sheet(chosen, columns, filename, found, skip, allow_empty)
        except SheetError as exc:
            raise ImportFailed([exc.problem]) from None
    if found and not collect:
        raise ImportFailed(found)
    return rows


@dataclass
class Layout:
    """A sheet's header row, found among its first rows, and what it says of each column."""

    header: _Header
    letters: dict[str, str]  # column key -> letter
    texts: dict[str, str]  # column key -> the header as written
    headless: set[int]  # cells with no header, where a value is a problem


def layout(columns: list[Column], top: list[tuple[int, list[Any]]], where: dict, skip: set[str],
           problems: list[Problem]) -> Layout:
    """The header among ``top`` with its problems added; ImportFailed when none is recognised."""
    if not top:
        raise ImportFailed([Problem("文件是空的", "the file is empty", **where)])
    header = _find_header(columns, top)
    if header is None:
        # Nothing recognised: name what is missing at the first row, and stop.
        header = _Header(0, top[0][0], top[0][1], {}, 0)
        header_problems, _ = _header_problems(columns, header, where, skip)
        raise ImportFailed(Problems([*problems, *header_problems]))
    header_problems, headless = _header_problems(columns, header, where, skip)
    problems.extend(header_problems)
    return Layout(header, {key: column_letter(i) for key, i in header.positions.items()},
                  {key: str(header.texts[i]).strip() for key, i in header.positions.items()},
                  headless)


def headless_problem(index: int, where: dict, number: int) -> Problem:
    letter = column_letter(index)
    return Problem(f"{letter}列有数据但没有表头;请填写表头或删除该列",
                   f"column {letter} has values but no header; name it or delete it",
                   **where, row=number, column=letter)


EMPTY_CELL = ("不能为空", "must not be empty")


def no_rows_problem(where: dict, header: _Header) -> Problem:
    return Problem("只有表头,没有数据行", "the file has a header but no data rows",
                   **where, row=header.number)


def _read_sheet(sheet: Sheet, columns: list[Column], filename: str, problems: list[Problem],
                skip: set[str], allow_empty: bool) -> list[Row]:
    where = dict(file=filename, sheet=sheet.name)
    raw = sheet.rows()
    top = _top(raw)
    found = layout(columns, top, where, skip, problems)
    header, letters, texts, headless = found.header, found.letters, found.texts, found.headless
    reported_headless: set[int] = set()
    rows: list[Row] = []

    def data_rows() -> Iterator[tuple[int, list[Any]]]:
        yield from top[header.index + 1:]
        yield from raw

    for number, cells in data_rows():
        if all(_blank(c) for c in cells):
            continue
        # A cell beyond the header's last column has no header either: an unquoted
        # "1,200" is two cells, and its 200 must not vanish unseen.
        beyond = range(len(header.texts), len(cells))
        for i in sorted((headless | set(beyond)) - reported_headless):
            if i < len(cells) and not _blank(cells[i]):
                reported_headless.add(i)
                problems.append(headless_problem(i, where, number))
        values: dict[str, Any] = {}
        failed: set[str] = set()
        for col in columns:
            if col.key not in header.positions:
                values[col.key] = None
                continue
            i = header.positions[col.key]
            cell = cells[i] if i < len(cells) else None
            if isinstance(cell, str):
                cell = cell.strip()
            at = dict(where, row=number, column=letters[col.key], header=texts[col.key])
            if _blank(cell):
                if col.required:
                    problems.append(Problem(*EMPTY_CELL, **at))
                    failed.add(col.key)
                values[col.key] = None
                continue
            values[col.key], bad = parse_cell(col, cell, at, problems)
            if bad:
                failed.add(col.key)
        rows.append(Row(values, number, sheet.name, letters, frozenset(failed)))
    if not rows and not allow_empty:
        problems.append(no_rows_problem(where, header))
    return rows


def table_kind(source: bytes, filename: str, kinds: dict[str, Iterable[Column]],
               sheet: str | None = None) -> str:
    """Which of ``kinds`` the file's header names most columns of (ties: the first).

    >>> kinds = {"a": [Column("x", ("甲",))], "b": [Column("y", ("乙",)), Column("z", ("丙",))]}
    >>> table_kind("乙,丙\\n1,2\\n".encode(), "t.csv", kinds)
    'b'
    """
    best, best_score = next(iter(kinds)), 0
    with open_sheets(source, filename, Limits.from_env()) as sheets:
        chosen = [s for s in sheets if s.name == sheet] or sheets
        try:
            tops = [_top(s.rows()) for s in chosen]
        except SheetError as exc:
            raise ImportFailed([exc.problem]) from None
    for kind, columns in kinds.items():
        columns = list(columns)
        score = max((h.score for h in (_find_header(columns, t) for t in tops) if h), default=0)
        if score > best_score:
            best, best_score = kind, score
    return best


def number_text(cell: Any) -> str:
    """A cell's number as plain text: full-width digits, thousands separators and
    a trailing % as officials type them. For a reader that keeps every digit
    (a Decimal) where :func:`parse_number` gives a float.

    Only commas that group thousands are dropped: "1,0" (a decimal comma, or a
    slip) stays as typed and is then refused, never read as 10.

    >>> number_text(" 98.5% "), number_text("１,２００.5"), number_text("1,0"), number_text(3)
    ('98.5', '1200.5', '1,0', '3')
    """
    if isinstance(cell, bool):
        raise CellError(f"“{cell}”不是数字", f"'{cell}' is not a number")
    if isinstance(cell, (int, float)):
        return str(cell)
    text = str(cell).translate(_FULLWIDTH).strip().rstrip("%")
    return text.replace(",", "") if _GROUPED.fullmatch(text) else text


# Digits a float64 (the scoring engine's numbers) keeps exactly, whatever the figure.
SIGNIFICANT_DIGITS = 15


def parse_decimal(cell: Any, *, decimals: int, largest: int) -> Decimal:
    """A number from a cell with every digit as typed (a float keeps 15 to 17).

    Refused, never rounded: more than ``decimals`` places, ``largest`` or more
    in size, more significant digits than the scoring engine's floating point
    keeps exactly (15), anything not finite. "-0" is 0; a whole number read
    from a spreadsheet's float (1200.0) is 1200.

    >>> parse_decimal("1234567890.12345", decimals=6, largest=10**14)
    Decimal('1234567890.12345')
    >>> parse_decimal(" 98.5% ", decimals=4, largest=10**9), parse_decimal(1200.0, decimals=0, largest=10**9)
    (Decimal('98.5'), Decimal('1200'))
    """
    if isinstance(cell, Decimal):
        value = cell
    else:
        text = repr(cell) if isinstance(cell, float) else number_text(cell)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise CellError(f"“{shown(cell)}”不是数字", f"'{shown(cell)}' is not a number") from None
    if not value.is_finite():
        raise CellError("须为有限的数字", "must be a finite number")
    if value.copy_abs() >= largest:  # abs() would round in the context: 1e999999999 overflows
        raise CellError(f"数值过大(绝对值须小于 {largest:,})", f"too large (at most {largest:,} in size)")
    if not value:
        value = Decimal(0)  # "-0" and 0E+5 are 0
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    if value.as_tuple().exponent < -decimals:
        raise CellError(
            f"{value} 的小数超过 {decimals} 位,请先按考核细则取舍",
            f"{value} has more than {decimals} decimal places; round it as the rules say first",
        )
    if len(value.normalize().as_tuple().digits) > SIGNIFICANT_DIGITS:
        # Stored exactly but scored as a float, 12345678901.123456 would count as …123455.
        raise CellError(
            f"{value} 超过 {SIGNIFICANT_DIGITS} 位有效数字,计分时无法精确保留,请先按考核细则取舍",
            f"{value} has more than {SIGNIFICANT_DIGITS} significant digits, more than scoring "
            "keeps exactly; round it as the rules say first",
        )
    return value


def parse_number(cell: Any) -> float:
    """A number from a cell; full-width digits and a trailing % are accepted.

    >>> parse_number("98.5%"), parse_number("1,200"), parse_number(3)
    (98.5, 1200.0, 3.0)
    """
    try:
        return float(number_text(cell))
    except ValueError:
        raise CellError(f"“{shown(cell)}”不是数字", f"'{shown(cell)}' is not a number") from None


def parse_int(cell: Any) -> int:
    """A whole number from a cell.

    >>> parse_int("3"), parse_int(4.0)
    (3, 4)
    """
    value = parse_number(cell)
    # float() reads "nan" and "inf", which int() cannot take.
    if not math.isfinite(value) or value != int(value):
        raise CellError(f"“{shown(cell)}”不是整数", f"'{shown(cell)}' is not a whole number")
    return int(value)


_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?")
_FULLWIDTH = {0xFF10 + d: 0x30 + d for d in range(10)} | {0xFF0E: 0x2E, 0xFF05: 0x25, 0xFF0C: 0x2C}
