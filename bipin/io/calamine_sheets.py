""".xls and .ods sheets through python-calamine, measured before they are read.

calamine keeps a sheet as one rectangle from A1 to its last cell that holds
a value, so a 5 KB .xls with one value at IV65536 costs a gigabyte, and an
.ods row marked "repeated a million times" asks for billions of cells. So the
file is first walked cheaply without calamine (the .xls record stream through
olefile, the .ods content.xml as streamed XML) to find each sheet's last
value; a sheet whose rectangle passes :class:`~bipin.io.sheets.Limits` is
refused with the limit named, and only then is calamine given the file.
"""

from __future__ import annotations

import datetime
import io
import struct
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bipin.io.formats import Format, refuse_format
from bipin.io.problems import ImportFailed, Problem

# BIFF8 records that hold a cell's value: (row, column) are their first two
# 16-bit fields; MULRK ends with its last column. Blank cells (BLANK, MULBLANK)
# are left out as calamine leaves them out.
_CELL_RECORDS = {0x0006, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E}
_MULRK = 0x00BD
_BOF = 0x0809
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


@dataclass
class Extent:
    """The last row and column (0-based) that hold a value in one sheet."""

    rows: int = 0  # how many rows, counting from row 1
    columns: int = 0

    def take(self, last_row: int, last_column: int) -> None:
        self.rows = max(self.rows, last_row + 1)
        self.columns = max(self.columns, last_column + 1)


def xls_extents(data: bytes) -> list[Extent]:
    """Each worksheet's extent, from the BIFF records of the Workbook stream."""
    import olefile

    # olefile takes bytes shorter than a sector for a file name: always a file object.
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        name = "Workbook" if ole.exists("Workbook") else "Book"
        stream = ole.openstream(name).read()
    extents: list[Extent] = []
    at, size = 0, len(stream)
    while at + 4 <= size:
        kind, length = struct.unpack_from("<HH", stream, at)
        body = at + 4
        at = body + length
        if kind == _BOF and length >= 4:
            if struct.unpack_from("<H", stream, body + 2)[0] == 0x0010:  # a worksheet
                extents.append(Extent())
        elif extents and length >= 4 and (kind in _CELL_RECORDS or kind == _MULRK):
            row, column = struct.unpack_from("<HH", stream, body)
            if kind == _MULRK and length >= 6:
                column = struct.unpack_from("<H", stream, body + length - 2)[0]
            extents[-1].take(row, column)
    return extents


def ods_extents(data: bytes) -> list[Extent]:
    """Each table's extent, from content.xml with its repeated rows and columns counted."""
    extents: list[Extent] = []
    row = 0
    open_elements: list[ET.Element] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as content:
        for event, elem in ET.iterparse(content, events=("start", "end")):
            if event == "start":
                open_elements.append(elem)
                if elem.tag == _TABLE + "table":
                    extents.append(Extent())
                    row = 0
                continue
            open_elements.pop()
            if elem.tag != _TABLE + "table-row" or not extents:
                continue
            repeat_rows = int(elem.get(_TABLE + "number-rows-repeated", "1"))
            column = 0
            for cell in elem:
                repeat = int(cell.get(_TABLE + "number-columns-repeated", "1"))
                if cell.get(_OFFICE + "value-type") is not None or len(cell):
                    extents[-1].take(row + repeat_rows - 1, column + repeat - 1)
                column += repeat
            row += repeat_rows
            # Let go of the row, so a sheet of many rows is measured in little memory.
            elem.clear()
            if open_elements:
                open_elements[-1].remove(elem)
    return extents


def _measure(data: bytes, fmt: Format, filename: str) -> list[Extent]:
    try:
        return xls_extents(data) if fmt is Format.XLS else ods_extents(data)
    except (OSError, ValueError, KeyError, struct.error, ET.ParseError, zipfile.BadZipFile) as exc:
        raise refuse_format(filename, f"文件已损坏({exc.__class__.__name__})",
                            f"the file is broken ({exc.__class__.__name__})") from None


def check_extents(data: bytes, fmt: Format, filename: str, limits: Any) -> None:
    """Refuse a workbook any of whose sheets is wider, longer or larger than the limits."""
    for extent in _measure(data, fmt, filename):
        if extent.rows > limits.rows:
            raise ImportFailed([Problem(
                f"工作表超过 {limits.rows} 行,超出导入上限(BIPIN_IMPORT_MAX_ROWS);"
                "请删除多余的行或拆分文件",
                f"a sheet has more than {limits.rows} rows, above the import limit "
                "(BIPIN_IMPORT_MAX_ROWS); delete unused rows or split the file", file=filename)])
        if extent.columns > limits.columns:
            raise ImportFailed([Problem(
                f"工作表超过 {limits.columns} 列,超出导入上限(BIPIN_IMPORT_MAX_COLUMNS);请删除多余的列",
                f"a sheet has more than {limits.columns} columns, above the import limit "
                "(BIPIN_IMPORT_MAX_COLUMNS); delete unused columns", file=filename)])
        if extent.rows * extent.columns > limits.cells:
            raise ImportFailed([Problem(
                f"工作表从 A1 到最后一个有值的单元格共 {extent.rows * extent.columns:,} 个单元格,"
                f"超过上限 {limits.cells:,}(BIPIN_IMPORT_MAX_CELLS);请删除远处无关的单元格,"
                "或另存为 .xlsx",
                f"a sheet spans {extent.rows * extent.columns:,} cells from A1 to its last value, "
                f"above the limit of {limits.cells:,} (BIPIN_IMPORT_MAX_CELLS); delete far-off "
                "cells or save it as .xlsx", file=filename)])


def _value(cell: Any) -> Any:
    # As openpyxl gives them, so a file reads the same whatever it was saved as:
    # an empty cell is None, a whole number an int, a date a datetime.
    if cell == "" and isinstance(cell, str):
        return None
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, datetime.date) and not isinstance(cell, datetime.datetime):
        return datetime.datetime.combine(cell, datetime.time())
    return cell


def calamine_sheets(data: bytes, fmt: Format, filename: str, limits: Any) -> list[tuple[str, Any]]:
    """(name, rows) of each worksheet; rows() yields (row number, cells) from row 1."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

    check_extents(data, fmt, filename, limits)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    except PasswordError:
        raise refuse_format(filename, "文件设有密码;请在 Excel/WPS 中去掉密码后另存",
                            "it is password-protected; remove the password in Excel or WPS and "
                            "save it again") from None
    except (CalamineError, ValueError, OSError) as exc:
        raise refuse_format(filename, f"文件已损坏({exc.__class__.__name__})",
                            f"the file is broken ({exc.__class__.__name__})") from None

    def reader(name: str):
        def rows() -> Iterator[tuple[int, list[Any]]]:
            try:
                table = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except (CalamineError, ValueError) as exc:
                raise ImportFailed([Problem(
                    "无法读取该工作表,请在 Excel/WPS 中打开后另存为 .xlsx",
                    f"cannot read this sheet ({exc.__class__.__name__}); open it in Excel or "
                    "WPS and save it as .xlsx", file=filename, sheet=name)]) from None
            for number, cells in enumerate(table, start=1):
                yield number, [_value(c) for c in cells]
        return rows

    return [(name, reader(name)) for name in names]
