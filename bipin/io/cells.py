"""Cells that a spreadsheet shows as written: text stays text, numbers stay numbers.

Excel, WPS and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or
``@`` (also after leading spaces, and a cell that starts with a tab or a
carriage return) as a formula. A name, a comment or a category typed by anyone
ends up in the organizer's exports, so ``=HYPERLINK("http://…","点此")`` as an
entrant's name would be a live link on the organizer's screen (CSV / formula
injection). Every export writes its cells through this module.

- **XLSX** cells carry a type. Text cells are stored with the string type, so
  the workbook shows the text exactly as typed and evaluates nothing; the text
  itself is not changed (only the control characters XML cannot hold at all
  are replaced by U+FFFD).
- **CSV** has no types, so a text cell that a spreadsheet would read as a
  formula is written with a leading single quote, as OWASP recommends. The
  quote stays visible when the file is opened; that is the price of a format
  without types, and the reason the web pages export XLSX.

Numbers (``int``, ``float``, ``Decimal``) are never touched: a deduction of −3
is the number −3 in both formats, not the text "-3".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["append_row", "csv_cell", "csv_row", "looks_like_formula"]

_FORMULA_STARTS = ("=", "+", "-", "@")
_CONTROL_STARTS = ("\t", "\r")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula.

    >>> [looks_like_formula(t) for t in ("=1+1", " +1", "\\t1", "-3", "南川县", "A-1")]
    [True, True, True, True, False, False]
    """
    first = text[:1]
    if not first or first.isalnum():  # most cells: a name, a number; checked a million times
        return False
    return text.startswith(_CONTROL_STARTS) or text.lstrip().startswith(_FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """``value`` for :func:`csv.writer`: formula-like text gets a leading quote.

    >>> csv_cell("=1+1"), csv_cell("南川县"), csv_cell(-3)
    ("'=1+1", '南川县', -3)
    """
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def append_row(ws, values: Iterable[Any]) -> None:
    """Append ``values`` to the worksheet ``ws``, every ``str`` stored as text.

    openpyxl itself stores a ``str`` that starts with ``=`` as a formula.
    """
    # Imported here: the CSV and text writers need no openpyxl.
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    values = [ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v for v in values]
    ws.append(values)
    row = ws.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            ws.cell(row=row, column=column).data_type = "s"
