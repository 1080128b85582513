"""The question bank spreadsheet (题库模板), read and written without Django.

The common template has one question per row::

    题型 | 题干 | 选项A … 选项F | 答案 | 解析 | 分值 | 知识点 | 难度

Answers are option letters for choice questions ("B", "ACD" or "A、C、D"),
对/错 for true/false, accepted answers separated by "|" for fill-in-the-blank
and a reference answer (optional) for short answers, which people mark. The
whole file is checked first; :func:`read_bank` raises
:class:`~bipin.io.problems.ImportFailed` with every problem, each naming its
sheet, row and column, so nothing is imported from a half-right file.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any

from bipin.io.cells import append_row
from bipin.io.formats import read_file
from bipin.io.problems import ImportFailed, Problem, Problems
from bipin.io.tables import CellError, Column, Row, read_table

__all__ = [
    "BankSummary",
    "Difficulty",
    "Question",
    "QuestionType",
    "normalise_text",
    "read_bank",
    "summarise",
    "write_bank",
    "LETTERS",
]

LETTERS = "ABCDEF"
MAX_POINTS = Decimal("100")


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    FILL = "fill"
    SHORT = "short"

    @property
    def label_zh(self) -> str:
        return _TYPE_LABELS[self]

    @property
    def is_choice(self) -> bool:
        return self in (QuestionType.SINGLE, QuestionType.MULTIPLE)


_TYPE_LABELS = {
    QuestionType.SINGLE: "单选题",
    QuestionType.MULTIPLE: "多选题",
    QuestionType.TRUE_FALSE: "判断题",
    QuestionType.FILL: "填空题",
    QuestionType.SHORT: "简答题",
}
_TYPE_NAMES = {
    **{name: t for t, label in _TYPE_LABELS.items() for name in (label, label[:-1], t.value)},
    "single choice": QuestionType.SINGLE,
    "multiple choice": QuestionType.MULTIPLE,
    "true/false": QuestionType.TRUE_FALSE,
    "truefalse": QuestionType.TRUE_FALSE,
    "fill in the blank": QuestionType.FILL,
    "blank": QuestionType.FILL,
    "short answer": QuestionType.SHORT,
    "问答题": QuestionType.SHORT,
}


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"

    @property
    def label_zh(self) -> str:
        return {"easy": "易", "medium": "中", "hard": "难"}[self.value]


_DIFFICULTY_NAMES = {
    "易": Difficulty.EASY,
    "容易": Difficulty.EASY,
    "简单": Difficulty.EASY,
    "1": Difficulty.EASY,
    "中": Difficulty.MEDIUM,
    "中等": Difficulty.MEDIUM,
    "适中": Difficulty.MEDIUM,
    "2": Difficulty.MEDIUM,
    "难": Difficulty.HARD,
    "困难": Difficulty.HARD,
    "较难": Difficulty.HARD,
    "3": Difficulty.HARD,
    **{d.value: d for d in Difficulty},
}
_TRUE = {"对", "正确", "是", "√", "✓", "t", "true", "y", "yes"}
_FALSE = {"错", "错误", "否", "×", "✗", "x", "f", "false", "n", "no"}


def normalise_text(text: Any) -> str:
    """The form two answers are compared in: NFKC (full-width → half-width),
    no spaces at all, case folded.

    >>> normalise_text(" ＡＢＣ　１２３ ") == normalise_text("abc123")
    True
    >>> normalise_text("乡村 振兴")
    '乡村振兴'
    """
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


@dataclass(frozen=True)
class Question:
    """One question of the bank; ``answer`` holds letters, "true"/"false",
    accepted texts or the reference answer, by type."""

    qtype: QuestionType
    stem: str
    options: tuple[str, ...] = ()
    answer: tuple[str, ...] = ()
    explanation: str = ""
    points: Decimal = Decimal("1")
    topic: str = ""
    difficulty: Difficulty = Difficulty.MEDIUM

    def answer_text(self) -> str:
        """The answer as the template writes it.

        >>> Question(QuestionType.TRUE_FALSE, "?", answer=("true",)).answer_text()
        '对'
        >>> Question(QuestionType.FILL, "?", answer=("三", "3")).answer_text()
        '三|3'
        """
        if self.qtype == QuestionType.TRUE_FALSE:
            return "对" if self.answer == ("true",) else "错"
        if self.qtype.is_choice:
            return "".join(self.answer)
        return "|".join(self.answer)


def _parse_type(cell: Any) -> QuestionType:
    key = normalise_text(cell).replace("_", "")
    for name, qtype in _TYPE_NAMES.items():
        if normalise_text(name).replace("_", "") == key:
            return qtype
    raise CellError(
        f"题型“{cell}”无效,可用:单选题、多选题、判断题、填空题、简答题",
        f"unknown question type '{cell}'; use single, multiple, true_false, fill or short",
    )


def _parse_points(cell: Any) -> Decimal:
    try:
        value = Decimal(normalise_text(cell)) if not isinstance(cell, float) else Decimal(str(cell))
    except InvalidOperation:
        raise CellError(f"分值“{cell}”不是数字", f"points '{cell}' is not a number") from None
    if not value.is_finite() or value <= 0 or value > MAX_POINTS:
        raise CellError(
            f"分值“{cell}”应大于0且不超过{MAX_POINTS}",
            f"points '{cell}' must be above 0 and at most {MAX_POINTS}",
        )
    if value != value.quantize(Decimal("0.01")):
        raise CellError(f"分值“{cell}”最多两位小数", f"points '{cell}' has more than two decimals")
    return value.quantize(Decimal("0.01")).normalize()


def _parse_difficulty(cell: Any) -> Difficulty:
    key = normalise_text(cell)
    if isinstance(cell, float) and cell.is_integer():
        key = str(int(cell))
    if key in _DIFFICULTY_NAMES:
        return _DIFFICULTY_NAMES[key]
    raise CellError(
        f"难度“{cell}”无效,可用:易、中、难(或1、2、3)",
        f"unknown difficulty '{cell}'; use easy, medium, hard (or 1, 2, 3)",
    )


def _text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


COLUMNS = [
    Column("qtype", ("题型", "type"), required=False, parse=_text),
    Column("stem", ("题干", "stem", "question"), required=False, parse=_text),
    *[
        Column(f"option_{x}", (f"选项{x}", f"option {x}", f"{x}"), required=False, parse=_text)
        for x in LETTERS
    ],
    Column("answer", ("答案", "正确答案", "参考答案", "answer"), required=False, parse=_text),
    Column("explanation", ("解析", "答案解析", "explanation"), required=False, parse=_text),
    Column("points", ("分值", "分数", "points"), required=False),
    Column("topic", ("知识点", "topic"), required=False, parse=_text),
    Column("difficulty", ("难度", "difficulty"), required=False),
]
# Typed cells are parsed here rather than by read_table, so that a bad type or
# an empty cell is reported together with every other problem of the file.
PARSERS = {"qtype": _parse_type, "points": _parse_points, "difficulty": _parse_difficulty}
REQUIRED = {
    "qtype": ("题型", "type"),
    "stem": ("题干", "stem"),
    "answer": ("答案", "answer"),
    "points": ("分值", "points"),
}
HEADERS = ["题型", "题干", *[f"选项{x}" for x in LETTERS], "答案", "解析", "分值", "知识点", "难度"]


def _choice_answer(
    row: Row, qtype: QuestionType, options: tuple[str, ...], problem
) -> tuple[str, ...] | None:
    raw = normalise_text(row["answer"]).upper()
    letters = [c for c in re.split(r"[,、;/|]|(?<=[A-Z])(?=[A-Z])", raw) if c]
    if not letters or any(len(c) != 1 or c not in LETTERS for c in letters):
        problem(
            "answer",
            f"答案“{row['answer']}”应为选项字母,如 B 或 ACD",
            f"answer '{row['answer']}' must be option letters such as B or ACD",
        )
        return None
    missing = [c for c in letters if LETTERS.index(c) >= len(options)]
    if missing:
        problem(
            "answer",
            f"答案“{''.join(missing)}”不在已填写的选项中(共{len(options)}个选项)",
            f"answer '{''.join(missing)}' is not among the options (there are {len(options)})",
        )
        return None
    if len(set(letters)) != len(letters):
        problem("answer", "答案中有重复的字母", "the answer repeats a letter")
        return None
    if qtype == QuestionType.SINGLE and len(letters) != 1:
        problem(
            "answer",
            f"单选题只能有一个答案,填写了“{row['answer']}”",
            f"a single-choice question has exactly one answer, not '{row['answer']}'",
        )
        return None
    if qtype == QuestionType.MULTIPLE and len(letters) < 2:
        problem(
            "answer",
            "多选题至少应有两个正确答案",
            "a multiple-choice question needs at least two answers",
        )
        return None
    return tuple(sorted(letters))


def _question(row: Row, problems: list[Problem], filename: str) -> Question | None:
    before = len(problems)

    def problem(key: str, zh: str, en: str) -> None:
        problems.append(row.problem(key, zh, en, filename))

    values = dict(row.values)
    for key, parse in PARSERS.items():
        if values.get(key) not in (None, ""):
            try:
                values[key] = parse(values[key])
            except CellError as exc:
                values[key] = None
                problem(key, exc.message_zh, exc.message_en)
                continue
        elif key in REQUIRED:
            problem(key, f"{REQUIRED[key][0]}不能为空", f"{REQUIRED[key][1]} must not be empty")
    for key in ("stem", "answer"):
        if not values.get(key) and not (
            key == "answer" and values.get("qtype") == QuestionType.SHORT
        ):
            problem(key, f"{REQUIRED[key][0]}不能为空", f"{REQUIRED[key][1]} must not be empty")
    row = Row(values, row.number, row.sheet, row.columns)
    qtype = values.get("qtype")
    if qtype is None:
        return None
    filled = [(x, row.get(f"option_{x}")) for x in LETTERS]
    last = max((i for i, (_, v) in enumerate(filled) if v), default=-1)
    options = tuple(v or "" for _, v in filled[: last + 1])
    answer: tuple[str, ...] | None = ()
    if qtype.is_choice:
        if len(options) < 2:
            problem(
                "option_A", "选择题至少需要两个选项", "a choice question needs at least two options"
            )
        gaps = [x for x, v in filled[: last + 1] if not v]
        if gaps:
            problem(
                f"option_{gaps[0]}",
                f"选项{gaps[0]}为空,但后面还有选项",
                f"option {gaps[0]} is empty but later options are filled",
            )
        if row.get("answer"):
            answer = _choice_answer(row, qtype, options, problem)
    else:
        if options:
            problem(
                "option_A",
                f"{qtype.label_zh}不应填写选项",
                f"a {qtype.value} question takes no options",
            )
        text = row.get("answer") or ""
        if qtype == QuestionType.TRUE_FALSE and text:
            key = normalise_text(text)
            answer = ("true",) if key in _TRUE else ("false",) if key in _FALSE else None
            if answer is None:
                problem(
                    "answer",
                    f"判断题答案“{text}”应为“对”或“错”",
                    f"a true/false answer must be 对 or 错 (true or false), not '{text}'",
                )
        elif qtype == QuestionType.FILL and text:
            answer = tuple(a.strip() for a in text.replace("｜", "|").split("|") if a.strip())
            if not answer:
                problem(
                    "answer",
                    "填空题至少需要一个可接受的答案",
                    "a fill-in question needs an accepted answer",
                )
        elif text:
            answer = (text,)
    if len(problems) > before or answer is None:
        return None
    return Question(
        qtype=qtype,
        stem=row["stem"],
        options=options,
        answer=answer,
        explanation=row.get("explanation") or "",
        points=row["points"],
        topic=row.get("topic") or "",
        difficulty=row.get("difficulty") or Difficulty.MEDIUM,
    )


def read_bank(
    source: bytes | str | Path,
    *,
    filename: str | None = None,
    sheet: str | None = None,
    max_lengths: Mapping[str, int] | None = None,
) -> list[Question]:
    """Every question of a bank file, or :class:`ImportFailed` with every problem.

    ``max_lengths`` limits text columns to what the stored fields hold.

    >>> data = "题型,题干,选项A,选项B,答案,分值\\n单选题,一加一等于几?,二,三,A,2\\n".encode()
    >>> [q] = read_bank(data, filename="bank.csv")
    >>> q.qtype.label_zh, q.options, q.answer, q.points
    ('单选题', ('二', '三'), ('A',), Decimal('2'))
    """
    if isinstance(source, (str, Path)):
        filename = filename or Path(source).name
        source = read_file(source)
    filename = filename or "upload"
    lengths = max_lengths or {}
    columns = [replace(c, max_length=lengths[c.key]) if c.key in lengths else c for c in COLUMNS]
    problems = Problems()
    rows = read_table(source, columns, filename=filename, sheet=sheet, problems=problems)
    if rows:
        found = rows[0].columns
        missing = [zh for key, (zh, en) in REQUIRED.items() if key not in found]
        if missing:
            problems.append(
                Problem(
                    f"缺少必填列:{'、'.join(missing)}",
                    "missing required columns: "
                    + ", ".join(REQUIRED[k][1] for k in REQUIRED if k not in found),
                    file=filename,
                    sheet=rows[0].sheet,
                )
            )
            raise ImportFailed(problems)
    questions = [_question(row, problems, filename) for row in rows]
    if problems:
        raise ImportFailed(problems)
    return [q for q in questions if q is not None]


@dataclass(frozen=True)
class BankSummary:
    count: int
    total_points: Decimal
    by_type: dict[str, int]
    by_topic: dict[str, int]
    by_difficulty: dict[str, int]

    def lines(self) -> list[str]:
        """The summary as printed by ``bipin exam check``."""
        out = [
            f"共 {self.count} 题,总分 {self.total_points} / {self.count} questions, "
            f"{self.total_points} points"
        ]
        out.append("题型 / type: " + ",".join(f"{k} {v}" for k, v in self.by_type.items()))
        out.append("知识点 / topic: " + ",".join(f"{k} {v}" for k, v in self.by_topic.items()))
        out.append(
            "难度 / difficulty: " + ",".join(f"{k} {v}" for k, v in self.by_difficulty.items())
        )
        return out


def summarise(questions: list[Question]) -> BankSummary:
    """Counts by type, topic and difficulty.

    >>> s = summarise([Question(QuestionType.FILL, "?", answer=("x",), topic="甲")])
    >>> s.count, s.by_type, s.by_topic
    (1, {'填空题': 1}, {'甲': 1})
    """
    by_type = Counter(q.qtype.label_zh for q in questions)
    return BankSummary(
        count=len(questions),
        total_points=sum((q.points for q in questions), Decimal(0)),
        by_type={t.label_zh: by_type[t.label_zh] for t in QuestionType if by_type[t.label_zh]},
        by_topic=dict(Counter(q.topic or "(未分类)" for q in questions)),
        by_difficulty=dict(Counter(q.difficulty.label_zh for q in questions)),
    )


def write_bank(questions: list[Question], *, sheet: str = "题库") -> bytes:
    """The questions as a template workbook that :func:`read_bank` reads back."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = sheet
    append_row(ws, HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for q in questions:
        options = list(q.options) + [""] * (len(LETTERS) - len(q.options))
        append_row(
            ws,
            [
                q.qtype.label_zh,
                q.stem,
                *options,
                q.answer_text(),
                q.explanation,
                float(q.points) if q.points != int(q.points) else int(q.points),
                q.topic,
                q.difficulty.label_zh,
            ]
        )
    ws.column_dimensions["B"].width = 48
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
