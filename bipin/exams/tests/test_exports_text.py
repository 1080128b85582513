"""The exam workbooks (bank export, item analysis) store typed text as text.

A question, a unit or a candidate whose text starts like a formula must show
in the organizer's spreadsheet exactly as typed, never run.
"""

from __future__ import annotations

import dataclasses
import io

from openpyxl import load_workbook

from bipin.exams import services
from bipin.exams.sample_bank import SAMPLE_QUESTIONS
from bipin.exams.tests.test_organizer_pages import url
from bipin.io.question_bank import read_bank, write_bank

LINK = '=HYPERLINK("http://evil.example/","点此")'


def formulas(book) -> list[tuple[str, str, object]]:
    return [(ws.title, c.coordinate, c.value) for ws in book.worksheets
            for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_a_bank_with_formula_like_text_exports_as_text_and_reads_back_unchanged():
    first = dataclasses.replace(SAMPLE_QUESTIONS[0], stem=LINK, topic="+1",
                                explanation="@SUM(A1)")
    data = write_bank([first, *SAMPLE_QUESTIONS[1:]])
    book = load_workbook(io.BytesIO(data))
    assert formulas(book) == []
    assert [(c.value, c.data_type) for c in book.active[2] if c.value == LINK] == [(LINK, "s")]
    assert read_bank(data, filename="bank.xlsx")[0] == first


def test_the_item_analysis_workbook_shows_names_and_stems_as_typed(client_as, exam):
    exam.cast.entrants["南川县"].__class__.objects.filter(name="南川县").update(name=LINK)
    candidate = exam.candidates["cand_a"]
    candidate.user.first_name = "@SUM(A1)"
    candidate.user.save(update_fields=["first_name"])
    item = exam.paper.items.get(order=1)
    item.question.__class__.objects.filter(pk=item.question_id).update(stem="-1+2 是多少?")
    with exam.at(1):
        services.start(candidate)
        services.finish(candidate)
    response = client_as("organizer").get(url("analysis_export", exam))
    book = load_workbook(io.BytesIO(response.content))
    assert formulas(book) == []
    analysis, scores = book["题目分析"], book["考生成绩"]
    assert (analysis["E2"].value, analysis["E2"].data_type) == ("-1+2 是多少?", "s")
    row = next(r for r in scores.iter_rows(min_row=2) if r[0].value == LINK)
    assert [(c.value, c.data_type) for c in row[:2]] == [(LINK, "s"), ("@SUM(A1)", "s")]
