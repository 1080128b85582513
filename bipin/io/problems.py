"""Problems found in an input file, said in Chinese and in English.

Officials fix files in Excel, so a problem names exactly where to look: the
file, the sheet, the row number Excel shows and the column letter and header.

A broken file can have a problem on every one of its rows; a list of 100 000
of them helps nobody and once made a 56 MB error page. :class:`Problems`
keeps the first :data:`MAX_PROBLEMS` and counts the rest, and every message
is clipped, so what a page or the session holds stays small.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

MAX_PROBLEMS = 200
# Long enough for a list of accepted headers; a pasted cell of a megabyte is cut.
MAX_MESSAGE = 1000
MAX_SHOWN = 40


def shown(value: Any, limit: int = MAX_SHOWN) -> str:
    """A cell's text as a message quotes it: one line, at most ``limit`` characters.

    >>> shown("九十"), shown("x" * 50)[-3:], shown("a\\nb")
    ('九十', 'xx…', 'a b')
    """
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clip(text: str | None, limit: int) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def _clip_path(text: str | None, limit: int) -> str | None:
    """A long path keeps its end: the file's own name is what a person looks for.

    >>> _clip_path("/tmp/" + "x" * 90 + "/data.xlsx", 20)
    '…xxxxxxxxx/data.xlsx'
    """
    if text is None or len(text) <= limit:
        return text
    return "…" + text[len(text) - limit + 1 :]


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

    def __post_init__(self) -> None:
        object.__setattr__(self, "message_zh", _clip(self.message_zh, MAX_MESSAGE))
        object.__setattr__(self, "message_en", _clip(self.message_en, MAX_MESSAGE))
        object.__setattr__(self, "header", _clip(self.header, MAX_SHOWN))
        object.__setattr__(self, "file", _clip_path(self.file, 2 * MAX_SHOWN))
        object.__setattr__(self, "sheet", _clip(self.sheet, MAX_SHOWN))

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


class Problems(list):
    """The problems of one file: the first ``limit`` kept, the rest only counted.

    >>> p = Problems(limit=2)
    >>> p.extend(Problem(f"第{i}个", f"number {i}") for i in range(5))
    >>> len(p), p.omitted, p.total
    (2, 3, 5)
    """

    def __init__(self, items: Iterable[Problem] = (), limit: int = MAX_PROBLEMS) -> None:
        super().__init__()
        self.limit = limit
        self.omitted = 0
        self.extend(items)

    def append(self, problem: Problem) -> None:
        if len(self) < self.limit:
            super().append(problem)
        else:
            self.omitted += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)
        self.omitted += getattr(problems, "omitted", 0)

    def __iadd__(self, problems: Iterable[Problem]) -> Problems:  # type: ignore[override]
        self.extend(problems)
        return self

    def take(self, failed: ImportFailed) -> None:
        """Add the problems of a read that failed, and the count it left off."""
        self.extend(failed.problems)
        self.omitted += failed.omitted

    @property
    def total(self) -> int:
        return len(self) + self.omitted


def more_problems(omitted: int) -> dict[str, str]:
    """The closing line of a capped list of problems."""
    return {"zh": f"……另有 {omitted} 个问题未列出;请先改正以上问题后重新上传",
            "en": f"… and {omitted} more problems not listed; fix those above and upload again"}


@dataclass
class ImportFailed(Exception):
    """Raised with every problem of a file; nothing of the file may be written.

    ``sheets`` lists the workbook's sheets a person may choose from when more
    than one holds the data; ``omitted`` counts problems beyond the cap.
    """

    problems: list[Problem] = field(default_factory=list)
    sheets: tuple[str, ...] = ()
    omitted: int = 0

    def __post_init__(self) -> None:
        capped = Problems(self.problems)
        self.problems = list(capped)
        self.omitted += capped.omitted
        super().__init__(self.__str__())

    def messages(self) -> list[dict[str, str]]:
        """Every problem in both languages, as pages and the session keep them."""
        out = [{"zh": p.zh, "en": p.en} for p in self.problems]
        if self.omitted:
            out.append(more_problems(self.omitted))
        return out

    def __str__(self) -> str:
        return "\n".join(f"{m['zh']} / {m['en']}" for m in self.messages())
