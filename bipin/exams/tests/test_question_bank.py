"""The question bank file: reading, every named import error, export and the CLI."""

from __future__ import annotations

import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from bipin.exams.sample_bank import SAMPLE_QUESTIONS
from bipin.io import ImportFailed
from bipin.io.question_bank import (
    HEADERS,
    Difficulty,
    QuestionType,
    normalise_text,
    read_bank,
    summarise,
    write_bank,
)

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "exam" / "question_bank.xlsx"
GOOD = ["单选题", "一加一等于几?", "二", "三", "", "", "", "", "A", "算术", 2, "算术", "易"]


def xlsx(*rows, headers=HEADERS, sheet="题库") -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(headers)
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(**changes):
    names = [
        "type",
        "stem",
        "A",
        "B",
        "C",
        "D",
        "E",
        "F",
        "answer",
        "explanation",
        "points",
        "topic",
        "difficulty",
    ]
    values = dict(zip(names, GOOD, strict=True)) | changes
    return [values[n] for n in names]


def problems_of(data: bytes) -> list:
    with pytest.raises(ImportFailed) as info:
        read_bank(data, filename="bank.xlsx")
    return info.value.problems


class TestReadBank:
    def test_it_reads_every_question_type(self):
        questions = read_bank(
            xlsx(
                row(),
                row(type="多选题", C="四", answer="A、C"),
                row(type="判断题", A="", B="", answer="√"),
                row(type="填空题", A="", B="", answer="二|2|两"),
                row(type="简答题", A="", B="", answer="", points=6.5, difficulty="3"),
            ),
            filename="bank.xlsx",
        )
        assert [q.qtype for q in questions] == list(QuestionType)
        assert questions[1].answer == ("A", "C")
        assert questions[2].answer == ("true",)
        assert questions[3].answer == ("二", "2", "两")
        assert questions[4].points == Decimal("6.5") and questions[4].difficulty == Difficulty.HARD

    def test_an_answer_not_among_the_options_is_named_by_sheet_row_and_column(self):
        [p] = problems_of(xlsx(row(), row(answer="D")))
        assert (p.sheet, p.row, p.column) == ("题库", 3, "I")
        assert "不在已填写的选项中" in p.zh and "not among the options" in p.en

    def test_a_single_choice_question_with_two_answers_is_refused(self):
        [p] = problems_of(xlsx(row(answer="AB")))
        assert p.row == 2 and p.column == "I" and "只能有一个答案" in p.zh

    def test_a_missing_stem_is_refused(self):
        [p] = problems_of(xlsx(row(stem="")))
        assert p.column == "B" and "题干不能为空" in p.zh

    def test_an_unknown_type_is_refused(self):
        [p] = problems_of(xlsx(row(type="连线题")))
        assert p.column == "A" and "题型“连线题”无效" in p.zh

    @pytest.mark.parametrize("points", [0, -1, "两分", 101, 1.234])
    def test_bad_points_are_refused(self, points):
        [p] = problems_of(xlsx(row(points=points)))
        assert p.column == "K" and "分值" in p.zh

    def test_every_problem_of_the_file_is_reported_at_once_and_nothing_returned(self):
        problems = problems_of(
            xlsx(row(), row(stem=""), row(type="x"), row(answer="Z"), row(points=""))
        )
        assert [p.row for p in problems] == [3, 4, 5, 6]

    def test_an_unknown_difficulty_and_a_bad_true_false_answer_are_refused(self):
        problems = problems_of(
            xlsx(row(difficulty="超难"), row(type="判断题", A="", B="", answer="也许"))
        )
        assert [p.column for p in problems] == ["M", "I"]

    def test_multiple_choice_needs_two_answers_and_options_without_gaps(self):
        problems = problems_of(xlsx(row(type="多选题", answer="A"), row(B="", C="四")))
        assert "至少应有两个" in problems[0].zh and "选项B为空" in problems[1].zh

    def test_a_missing_required_column_is_reported(self):
        [p] = problems_of(xlsx(["甲", "乙"], headers=["题型", "题干"]))
        assert "答案" in p.zh and "分值" in p.zh

    def test_csv_files_are_read_too(self):
        data = "题型,题干,答案,分值\n判断题,地球是圆的。,对,1\n".encode()
        [q] = read_bank(data, filename="bank.csv")
        assert q.answer == ("true",) and q.difficulty == Difficulty.MEDIUM


    def test_a_topic_longer_than_the_bank_stores_is_refused_at_its_cell(self):
        with pytest.raises(ImportFailed) as info:
            read_bank(xlsx(row(topic="知" * 101)), filename="bank.xlsx", max_lengths={"topic": 100})
        assert [p.zh for p in info.value.problems] == [
            "bank.xlsx 工作表“题库” 第2行 L列(知识点):内容过长:101个字符,最多100个"
        ]

    def test_a_bank_with_headers_only_is_refused(self):
        assert [p.message_zh for p in problems_of(xlsx())] == ["只有表头,没有数据行"]

    def test_a_title_above_the_headers_is_skipped(self):
        book = Workbook()
        book.active.append(["2026年政策测试题库(示例)"])
        book.active.append(HEADERS)
        book.active.append(row())
        out = io.BytesIO()
        book.save(out)
        (q,) = read_bank(out.getvalue(), filename="bank.xlsx")
        assert q.stem == "一加一等于几?"


class TestExport:
    def test_an_exported_bank_reads_back_unchanged(self):
        assert read_bank(write_bank(SAMPLE_QUESTIONS), filename="x.xlsx") == SAMPLE_QUESTIONS

    def test_the_example_bank_is_the_sample_bank_with_every_type(self):
        questions = read_bank(EXAMPLE)
        assert questions == SAMPLE_QUESTIONS and len(questions) >= 20
        assert set(summarise(questions).by_type) == {t.label_zh for t in QuestionType}


def test_answers_are_normalised_for_full_width_characters_and_spaces():
    assert normalise_text("Ｄ 级") == normalise_text("d级")


class TestCheckCommand:
    def run(self, *args):
        return subprocess.run(
            [sys.executable, "-m", "bipin", "exam", "check", *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    def test_a_good_bank_prints_counts_and_exits_0(self):
        result = self.run(str(EXAMPLE))
        assert result.returncode == 0, result.stderr
        assert (
            "共 24 题" in result.stdout
            and "单选题 7" in result.stdout
            and "监测帮扶" in result.stdout
        )

    def test_a_bad_bank_prints_every_error_and_exits_2(self, tmp_path):
        bad = tmp_path / "bad.xlsx"
        bad.write_bytes(xlsx(row(stem=""), row(answer="AB")))
        result = self.run(str(bad))
        assert result.returncode == 2
        assert "第2行" in result.stderr and "第3行" in result.stderr and "2 处错误" in result.stderr

    def test_a_missing_file_or_a_folder_is_named_and_exits_2(self, tmp_path):
        for path, zh, en in ((tmp_path / "无.xlsx", "找不到文件", "no such file"),
                             (tmp_path, "这是文件夹,不是文件", "it is a folder, not a file")):
            result = self.run(str(path))
            assert result.returncode == 2
            assert f"{path}:{zh}" in result.stderr and f"{path}: {en}" in result.stderr

    def test_the_command_does_not_set_up_django(self):
        code = (
            "import sys; from bipin.cli import main; main(['exam','check',sys.argv[1]]); "
            "assert 'django' not in sys.modules, 'django imported'"
        )
        result = subprocess.run(
            [sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
