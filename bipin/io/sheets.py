"""Open a CSV, XLSX, XLS or ODS file and stream its rows, within limits.

The format is told from the file's bytes (:mod:`bipin.io.formats`), not its
name. An XLSX file is a zip archive: a 4.7 KB upload declaring a sheet of
A1:XFD1048576 once took a worker to 593 MB, and a zip bomb expands a few
kilobytes into gigabytes. So the archive's declared sizes are checked before
it is opened (Python's zipfile never inflates a member past its declared
size), the declared sheet dimension is ignored, rows are streamed, and at most
:attr:`Limits.rows` rows and :attr:`Limits.columns` columns are read. A file
beyond a limit is refused with a message saying which limit and how to
change it; nothing is silently cut off.

XLSX stays with openpyxl's read-only parser rather than calamine: calamine
builds the whole used range of a sheet in memory, so one cell at XFD1000000
in a 5 KB file makes it allocate half a terabyte and abort the process.
openpyxl cannot read .xls or .ods, so those go through calamine after
:mod:`bipin.io.calamine_sheets` has measured every sheet without it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from bipin.env import env_int
from bipin.io.formats import Format, sniff
from bipin.io.problems import ImportFailed, Problem

# Parts of a workbook smaller than this are never bombs, whatever their ratio.
_RATIO_FLOOR = 1024 * 1024
_MAX_ARCHIVE_MEMBERS = 2000


@dataclass(frozen=True)
class Limits:
    """How much of a file is read; each is an environment setting."""

    rows: int = 100_000  # rows of one sheet, blank rows included
    columns: int = 200
    unzipped_mb: int = 100  # a workbook's parts, uncompressed, together
    ratio: int = 200  # how much one part of a workbook may expand
    # An .xls/.ods sheet is held whole, from A1 to its last value (calamine).
    cells: int = 2_000_000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, local: bool = False) -> Limits:
        """The limits set by BIPIN_IMPORT_MAX_ROWS, _COLUMNS, _UNZIPPED_MB and _CELLS.

        ``local``: a file on the operator's own disk (``bipin compute``), not an
        upload; a campaign's file of millions of rows is read unless
        BIPIN_IMPORT_MAX_ROWS says otherwise.

        >>> Limits.from_env({"BIPIN_IMPORT_MAX_ROWS": "500"}).rows
        500
        >>> Limits.from_env({}).rows, Limits.from_env({}, local=True).rows
        (100000, 100000000)
        """
        return cls(
            rows=env_int("BIPIN_IMPORT_MAX_ROWS", LOCAL_ROWS if local else cls.rows, environ,
                         minimum=1),
            columns=env_int("BIPIN_IMPORT_MAX_COLUMNS", cls.columns, environ, minimum=1),
            unzipped_mb=env_int("BIPIN_IMPORT_MAX_UNZIPPED_MB", cls.unzipped_mb, environ, minimum=1),
            cells=env_int("BIPIN_IMPORT_MAX_CELLS", cls.cells, environ, minimum=1),
        )


# Rows a local file may have: 1,500,000 households × 20 items and some to spare.
LOCAL_ROWS = 100_000_000


class SheetError(Exception):
    """Reading a sheet stopped (beyond a limit, or broken); carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Sheet:
    """One sheet (a CSV file is one sheet without a name)."""

    name: str | None
    _rows: Any  # a callable giving a fresh iterator of raw rows

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number as Excel shows it, cells) for every row, blank ones included."""
        return self._rows()


def _refuse(filename: str, zh: str, en: str, sheet: str | None = None) -> ImportFailed:
    return ImportFailed([Problem(zh, en, file=filename, sheet=sheet)])


def check_archive(data: bytes, filename: str, limits: Limits) -> None:
    """Refuse a workbook whose parts would expand beyond the limits, before opening it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _refuse(filename, "无法读取该 Excel 文件,请确认是 .xlsx 格式",
                      f"cannot read this Excel file ({exc.__class__.__name__})") from exc
    if len(members) > _MAX_ARCHIVE_MEMBERS:
        raise _refuse(filename, f"该 Excel 文件包含 {len(members)} 个部件,不像正常的工作簿",
                      f"this Excel file has {len(members)} parts; it is not a usual workbook")
    total = sum(m.file_size for m in members)
    if total > limits.unzipped_mb * 1024 * 1024:
        raise _refuse(
            filename,
            f"该 Excel 文件解压后约 {total // (1024 * 1024)} MB,超过上限 {limits.unzipped_mb} MB"
            "(BIPIN_IMPORT_MAX_UNZIPPED_MB);请删除无关的工作表或拆分文件",
            f"this Excel file expands to about {total // (1024 * 1024)} MB, above the limit of "
            f"{limits.unzipped_mb} MB (BIPIN_IMPORT_MAX_UNZIPPED_MB); remove unrelated sheets "
            "or split the file")
    for m in members:
        if m.file_size > _RATIO_FLOOR and m.file_size > limits.ratio * max(m.compress_size, 1):
            raise _refuse(
                filename,
                f"该 Excel 文件的部件“{m.filename}”压缩比异常({m.file_size // max(m.compress_size, 1)}:1),"
                "拒绝读取",
                f"part '{m.filename}' of this Excel file expands "
                f"{m.file_size // max(m.compress_size, 1)}:1, which no real workbook does; refused")


def _xlsx_rows(book: Any, ws: Any, filename: str, limits: Limits):
    # openpyxl's own row iterator pads every row to the widest column asked
    # for and drops cells beyond it without a word; its sheet parser gives each
    # row's cells sparse, so a far-off cell is seen and refused, and rows that
    # are not in the file cost nothing. The sheet's declared dimension is not
    # read at all: it is the sender's to choose.
    from openpyxl.worksheet._reader import WorkSheetParser

    def rows() -> Iterator[tuple[int, list[Any]]]:
        with ws._get_source() as source:
            parser = WorkSheetParser(source, ws._shared_strings, data_only=True, epoch=book.epoch,
                                     date_formats=book._date_formats,
                                     timedelta_formats=book._timedelta_formats)
            parsed = parser.parse()
            while True:
                try:
                    number, cells = next(parsed)
                except StopIteration:
                    return
                except Exception as exc:  # a broken sheet part raises many kinds
                    raise SheetError(Problem(
                        "无法读取该工作表,请在 Excel 中打开后另存为 .xlsx",
                        f"cannot read this sheet ({exc.__class__.__name__}); open it in Excel "
                        "and save it as .xlsx again", file=filename, sheet=ws.title)) from None
                width = max((c["column"] for c in cells), default=0)
                row: list[Any] = [None] * min(width, limits.columns + 1)
                for c in cells:
                    if c["column"] <= limits.columns + 1:
                        row[c["column"] - 1] = c["value"]
                    elif not _blank(c["value"]):
                        row[-1] = c["value"]  # beyond the limit: refused below
                yield _bounded(number, row, filename, ws.title, limits)
    return rows


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def too_many_rows(filename: str, sheet: str | None, limits: Limits) -> Problem:
    return Problem(
        f"工作表超过 {limits.rows} 行(含空行),超出导入上限(BIPIN_IMPORT_MAX_ROWS);"
        "请删除多余的行或拆分文件",
        f"the sheet has more than {limits.rows} rows (blank rows included), above the import "
        "limit (BIPIN_IMPORT_MAX_ROWS); delete unused rows or split the file",
        file=filename, sheet=sheet)


def _bounded(number: int, cells: list[Any], filename: str, sheet: str | None,
             limits: Limits) -> tuple[int, list[Any]]:
    if number > limits.rows:
        raise SheetError(too_many_rows(filename, sheet, limits))
    if len(cells) > limits.columns:
        if any(not _blank(c) for c in cells[limits.columns:]):
            raise SheetError(Problem(
                f"超过 {limits.columns} 列,超出导入上限(BIPIN_IMPORT_MAX_COLUMNS);"
                "请删除多余的列",
                f"more than {limits.columns} columns, above the import limit "
                "(BIPIN_IMPORT_MAX_COLUMNS); delete unused columns",
                file=filename, sheet=sheet, row=number))
        cells = cells[: limits.columns]
    return number, cells


def decode_text(data: bytes, filename: str) -> str:
    r"""CSV text in UTF-8 (with or without a BOM) or GB18030, tried in that order.

    Strict UTF-8 first: GBK text is almost never valid UTF-8, while UTF-8 text
    often decodes as GB18030 into wrong characters. GB18030 is a superset of
    GBK and GB2312, so one try covers what Chinese Windows and WPS save. A file
    in neither is refused at the row of the first byte that the likelier of
    the two (the one that read further) could not read.

    >>> decode_text("名称\n甲".encode("gbk"), "a.csv"), decode_text(b"\xef\xbb\xbfa", "a.csv")
    ('名称\n甲', 'a')
    >>> try:
    ...     decode_text("甲\n乙".encode() + b"\xff", "a.csv")
    ... except ImportFailed as exc:
    ...     exc.problems[0].row
    2
    """
    errors = []
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            errors.append(exc)
    bad = max(errors, key=lambda e: e.start)
    row = data.count(b"\n", 0, bad.start) + 1
    raise ImportFailed([Problem(
        f"有无法识别的字节 0x{data[bad.start]:02X}:文件既不是 UTF-8 也不是 GBK/GB18030 编码;"
        "请在 Excel/WPS 中另存为“CSV UTF-8”",
        f"a byte (0x{data[bad.start]:02X}) that is neither UTF-8 nor GBK/GB18030 text; "
        "save the file as 'CSV UTF-8' in Excel or WPS",
        file=filename, row=row)])


def _csv_rows(text: str, filename: str, limits: Limits):
    def rows() -> Iterator[tuple[int, list[Any]]]:
        reader = csv.reader(io.StringIO(text))
        number = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise SheetError(Problem(
                    f"无法读取此行({exc}),请确认文件是 CSV 文本",
                    f"cannot read this line ({exc}); is the file CSV text?",
                    file=filename, row=number + 1)) from None
            number += 1
            yield _bounded(number, cells, filename, None, limits)
    return rows


@contextmanager
def open_sheets(data: bytes, filename: str, limits: Limits) -> Iterator[list[Sheet]]:
    """The sheets of a CSV/XLSX/XLS/ODS file, whatever its name, open while the block runs."""
    fmt = sniff(data, filename)
    if fmt is Format.XLSX:
        from openpyxl import load_workbook

        check_archive(data, filename, limits)
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise _refuse(filename, "无法读取该 Excel 文件,请确认是 .xlsx 格式",
                          f"cannot read this Excel file ({exc.__class__.__name__})") from exc
        try:
            yield [Sheet(ws.title, _xlsx_rows(book, ws, filename, limits))
                   for ws in book.worksheets]
        finally:
            book.close()
        return
    if fmt is Format.TEXT:
        yield [Sheet(None, _csv_rows(decode_text(data, filename), filename, limits))]
        return
    from bipin.io.calamine_sheets import calamine_sheets

    if fmt is Format.ODS:
        check_archive(data, filename, limits)
    yield [Sheet(name, _bounded_rows(rows, filename, name, limits))
           for name, rows in calamine_sheets(data, fmt, filename, limits)]


def sheet_names(data: bytes, filename: str, limits: Limits) -> list[str | None]:
    """The names of a file's sheets (one None for CSV text)."""
    with open_sheets(data, filename, limits) as sheets:
        return [s.name for s in sheets]


def _bounded_rows(rows: Any, filename: str, sheet: str, limits: Limits):
    def bounded() -> Iterator[tuple[int, list[Any]]]:
        for number, cells in rows():
            yield _bounded(number, cells, filename, sheet, limits)
    return bounded
