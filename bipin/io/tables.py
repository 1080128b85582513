"""Read a CSV or XLSX sheet into checked rows.

A reader declares its columns once (accepted header spellings in Chinese and
English, whether required, how to parse a cell); :func:`read_table` finds the
header row, parses every cell and raises :class:`ImportFailed` with all the
problems at once, so an official fixes the file in one pass.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bipin.io.problems import ImportFailed, Problem

Parser = Callable[[Any], Any]


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

    @property
    def label(self) -> str:
        return self.label_zh or self.headers[0]


@dataclass(frozen=True)
class Row:
    values: dict[str, Any]
    number: int  # the row number Excel shows (header is row 1 when it is first)
    sheet: str | None
    columns: dict[str, str] = field(default_factory=dict)  # key -> column letter

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


def _read_raw(data: bytes, filename: str, sheet: str | None) -> tuple[str | None, list[list[Any]]]:
    suffix = Path(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ImportFailed([Problem("无法读取该 Excel 文件,请确认是 .xlsx 格式",
                                        f"cannot read this Excel file ({exc.__class__.__name__})",
                                        file=filename)]) from exc
        try:
            if sheet is not None and sheet in book.sheetnames:
                ws = book[sheet]
            else:
                ws = book.worksheets[0]
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            return ws.title, rows
        finally:
            book.close()
    if suffix in (".csv", ".txt"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFailed([Problem("文件编码无法识别,请另存为 UTF-8 的 CSV",
                                        "unknown text encoding; save the CSV as UTF-8", file=filename)])
        return None, [list(r) for r in csv.reader(io.StringIO(text))]
    raise ImportFailed([Problem(f"不支持的文件类型“{suffix or filename}”,请上传 .xlsx 或 .csv",
                                f"unsupported file type '{suffix or filename}'; use .xlsx or .csv",
                                file=filename)])


def read_table(
    source: bytes | str | Path,
    columns: Iterable[Column],
    *,
    filename: str | None = None,
    sheet: str | None = None,
    problems: list[Problem] | None = None,
) -> list[Row]:
    """Parse a CSV/XLSX table whose first non-empty row holds the headers.

    Problems in cells raise :class:`ImportFailed` at the end; a caller that
    checks rows against each other passes its own ``problems`` list instead,
    gets back only the rows whose cells parsed, and raises once with all.

    >>> cols = [Column("name", ("名称", "name")), Column("n", ("数量", "count"), parse=int)]
    >>> rows = read_table("名称,数量\\n甲,3\\n".encode(), cols, filename="a.csv")
    >>> rows[0]["name"], rows[0]["n"], rows[0].number
    ('甲', 3, 2)
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        filename = filename or path.name
        data = path.read_bytes()
    else:
        data = source
        filename = filename or "upload"
    columns = list(columns)
    sheet_name, raw = _read_raw(data, filename, sheet)

    header_index = next((i for i, r in enumerate(raw) if any(not _blank(c) for c in r)), None)
    if header_index is None:
        raise ImportFailed([Problem("文件是空的", "the file is empty", file=filename, sheet=sheet_name)])
    headers = [_normalise_header(c) for c in raw[header_index]]

    positions: dict[str, int] = {}
    collect = problems is not None
    problems = problems if problems is not None else []
    missing: list[Problem] = []
    for col in columns:
        accepted = {_normalise_header(h) for h in col.headers}
        found = [i for i, h in enumerate(headers) if h in accepted]
        if found:
            positions[col.key] = found[0]
        elif col.required:
            missing.append(Problem(
                f"缺少必填列“{col.label}”(可用表头:{'、'.join(col.headers)})",
                f"missing required column '{col.headers[-1]}' (accepted headers: {', '.join(col.headers)})",
                file=filename, sheet=sheet_name, row=header_index + 1))
    if missing:
        # Without a required column no row can be read; nothing else to say.
        raise ImportFailed(problems + missing)

    letters = {key: column_letter(i) for key, i in positions.items()}
    rows: list[Row] = []
    for offset, raw_row in enumerate(raw[header_index + 1:], start=header_index + 2):
        if all(_blank(c) for c in raw_row):
            continue
        values: dict[str, Any] = {}
        found_before = len(problems)
        for col in columns:
            if col.key not in positions:
                values[col.key] = None
                continue
            i = positions[col.key]
            cell = raw_row[i] if i < len(raw_row) else None
            if isinstance(cell, str):
                cell = cell.strip()
            where = dict(file=filename, sheet=sheet_name, row=offset, column=letters[col.key],
                         header=str(raw[header_index][i]).strip())
            if _blank(cell):
                if col.required:
                    problems.append(Problem("不能为空", "must not be empty", **where))
                values[col.key] = None
                continue
            if col.parse is None:
                values[col.key] = str(cell) if not isinstance(cell, str) else cell
                continue
            try:
                values[col.key] = col.parse(cell)
            except CellError as exc:
                problems.append(Problem(exc.message_zh, exc.message_en, **where))
            except (TypeError, ValueError) as exc:
                problems.append(Problem(f"取值“{cell}”无效", f"invalid value '{cell}' ({exc})", **where))
        if len(problems) == found_before:
            rows.append(Row(values, offset, sheet_name, letters))
    if problems and not collect:
        raise ImportFailed(problems)
    return rows


def parse_number(cell: Any) -> float:
    """A number from a cell; full-width digits and a trailing % are accepted.

    >>> parse_number("98.5%"), parse_number("1,200"), parse_number(3)
    (98.5, 1200.0, 3.0)
    """
    if isinstance(cell, bool):
        raise CellError(f"“{cell}”不是数字", f"'{cell}' is not a number")
    if isinstance(cell, (int, float)):
        return float(cell)
    text = str(cell).translate(_FULLWIDTH).replace(",", "").strip().rstrip("%")
    try:
        return float(text)
    except ValueError:
        raise CellError(f"“{cell}”不是数字", f"'{cell}' is not a number") from None


def parse_int(cell: Any) -> int:
    """A whole number from a cell.

    >>> parse_int("3"), parse_int(4.0)
    (3, 4)
    """
    value = parse_number(cell)
    if value != int(value):
        raise CellError(f"“{cell}”不是整数", f"'{cell}' is not a whole number")
    return int(value)


_FULLWIDTH = {0xFF10 + d: 0x30 + d for d in range(10)} | {0xFF0E: 0x2E, 0xFF05: 0x25, 0xFF0C: 0x2C}


