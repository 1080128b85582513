"""Problems found in an input file, said in Chinese and in English.

Officials fix files in Excel, so a problem names exactly where to look: the
file, the sheet, the row number Excel shows and the column letter and header.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in a file."""

    message_zh: str
    message_en: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # a column letter, "C"
    header: str | None = None  # the header above it, "组别"

    def where_zh(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"{self.column}列" + (f"({self.header})" if self.header else ""))
        return " ".join(parts)

    def where_en(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}" + (f" ({self.header})" if self.header else ""))
        return ", ".join(parts)

    @property
    def zh(self) -> str:
        where = self.where_zh()
        return f"{where}:{self.message_zh}" if where else self.message_zh

    @property
    def en(self) -> str:
        where = self.where_en()
        return f"{where}: {self.message_en}" if where else self.message_en

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"


@dataclass
class ImportFailed(Exception):
    """Raised with every problem of a file; nothing of the file may be written."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
