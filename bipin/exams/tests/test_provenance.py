"""A card's exam value says which sitting it came from; its page only for the organizer."""

from __future__ import annotations

from bipin.contests.provenance import Provenance
from bipin.exams.observations import provenance


def test_a_sitting_ref_names_the_sitting_its_paper_and_when_it_closed(exam):
    cast, sitting = exam.cast, exam.sitting
    ref = f"exam-sitting:{sitting.pk}"
    found = provenance(
        cast.contest, [ref, "exam-sitting:999999", "import:1:2", "exam-sitting:x"], cast.organizer
    )
    facts = (("场次", "第一场"), ("试卷", "测试卷"), ("截止时间", "2026-06-01 19:00"))
    assert found == {
        ref: Provenance(
            ref, "政策测试:第一场", facts, f"/c/test-contest/exam/sittings/{sitting.pk}/manage/"
        )
    }


def test_an_entrant_viewer_reads_the_facts_without_the_organizers_page(exam):
    cast, sitting = exam.cast, exam.sitting
    ref = f"exam-sitting:{sitting.pk}"
    shown = provenance(cast.contest, [ref], cast.entrant)[ref]
    assert shown.url == "" and shown.title == "政策测试:第一场"


def test_a_sitting_of_another_contest_is_not_answered_for(exam):
    cast = exam.cast
    assert (
        provenance(cast.other_contest, [f"exam-sitting:{exam.sitting.pk}"], cast.other_organizer)
        == {}
    )
