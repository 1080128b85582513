"""Exam scores reach the engine as one `exam` observation per entrant."""

from __future__ import annotations

from decimal import Decimal

from bipin.exams import services
from bipin.exams.observations import collect
from bipin.exams.tests.conftest import OPENS, build_exam
from bipin.scoring import Source
from bipin.testing.cast import make_user


def answer_all(exam, candidate, *, right: bool):
    """Answer every objective item right (or leave it blank) and every short answer."""
    services.start(candidate)
    for item in exam.paper.items.select_related("question"):
        q = item.question
        if q.qtype == "short":
            services.save_answer(candidate, item.pk, ["要点"])
        elif right:
            services.save_answer(
                candidate, item.pk, list(q.answer[:1] if q.qtype == "fill" else q.answer)
            )
    services.finish(candidate)


def mark_all(exam, points):
    judge = exam.cast.judge
    for answer in services.marking_queue(exam.sitting, judge):
        services.record_mark(judge, answer, points)


def test_finished_and_marked_entrants_give_exam_observations(cast):
    exam = build_exam(cast, closes_at=OPENS.replace(year=2099))
    with exam.at(1):
        answer_all(exam, exam.candidates["cand_a"], right=True)  # 16 objective points
        answer_all(exam, exam.candidates["cand_b"], right=False)
    mark_all(exam, Decimal(3))  # + 2 × 3 each
    with exam.at(2):
        observations = collect(cast.contest)
    values = {o.entrant: o.value for o in observations}
    # the paper has 28 points: 22 → 78.57 and 6 → 21.43 on the 0–100 scale
    assert values == {
        str(cast.entrants["南川县"].pk): 78.57,
        str(cast.entrants["北原县"].pk): 21.43,
    }
    assert {(o.source, o.item) for o in observations} == {(Source.EXAM, "policy_test")}
    exam.sitting.report_as = "raw"
    exam.sitting.save(update_fields=["report_as"])
    with exam.at(2):
        assert sorted(o.value for o in collect(cast.contest)) == [6.0, 22.0]


def test_a_practice_sitting_gives_no_observations(cast):
    exam = build_exam(cast, counts=False)
    with exam.at(500):
        assert collect(cast.contest) == []


def test_an_entrant_with_unmarked_answers_gives_no_observation_yet(cast):
    exam = build_exam(cast, closes_at=OPENS.replace(year=2099))
    with exam.at(1):
        answer_all(exam, exam.candidates["cand_a"], right=True)
        assert collect(cast.contest) == []


def test_several_candidates_per_entrant_follow_the_declared_rule(cast):
    exam = build_exam(cast, closes_at=OPENS.replace(year=2099))
    second = services.add_candidate(
        cast.organizer, exam.sitting, make_user("cand_a2"), cast.entrants["南川县"]
    )
    with exam.at(1):
        answer_all(exam, exam.candidates["cand_a"], right=True)  # 16 + 0 marked
        answer_all(exam, second, right=False)  # 0
    mark_all(exam, Decimal(0))
    unit = str(cast.entrants["南川县"].pk)
    for rule, expected in (("mean", 28.57), ("best", 57.14)):  # 8 and 16 of 28 points
        exam.sitting.aggregate = rule
        exam.sitting.save(update_fields=["aggregate"])
        with exam.at(2):
            [obs] = [o for o in collect(cast.contest) if o.entrant == unit]
        assert obs.value == expected, rule


def test_after_the_close_no_shows_count_zero(cast):
    exam = build_exam(cast)
    with exam.at(500):
        values = {o.entrant: o.value for o in collect(cast.contest)}
    assert values == {str(e.pk): 0.0 for e in cast.entrants.values()}
