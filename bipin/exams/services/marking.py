"""Marking short answers: the blind queue, progress and the marks themselves."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Count

from bipin.audit.chain import record
from bipin.exams import grading
from bipin.exams.models import Answer, Mark, Sitting
from bipin.exams.services.errors import ExamError
from bipin.exams.services.sittings import total_of
from bipin.io.question_bank import QuestionType


def marking_queue(sitting: Sitting, marker):
    """Short answers this marker may mark now, oldest first (candidates stay anonymous)."""
    answers = (
        Answer.objects.filter(
            candidate__sitting=sitting,
            candidate__finished_at__isnull=False,
            item__question__qtype=QuestionType.SHORT,
            points__isnull=True,
        )
        .exclude(marks__marker=marker)
        .select_related("item__question")
        .prefetch_related("marks")
        .order_by("item__order", "pk")
    )
    return list(answers)


def marking_progress(sitting: Sitting) -> dict[str, int]:
    """Short answers of submitted papers: final, still open, and open awaiting a third marker."""
    short = Answer.objects.filter(
        candidate__sitting=sitting,
        candidate__finished_at__isnull=False,
        item__question__qtype=QuestionType.SHORT,
    ).annotate(n=Count("marks"))
    open_ = short.filter(points__isnull=True)
    return {
        "final": short.filter(points__isnull=False).count(),
        "open": open_.count(),
        "third": open_.filter(n__gte=2).count(),
    }


@transaction.atomic
def record_mark(marker, answer: Answer, points) -> Mark:
    """One marker's points for a short answer; the final points follow the sitting's rule."""
    answer = (
        Answer.objects.select_for_update()
        .select_related("candidate__sitting__contest", "item__question")
        .get(pk=answer.pk)
    )
    sitting = answer.candidate.sitting
    try:
        points = Decimal(str(points))
    except ArithmeticError:
        raise ExamError("分数无效", "invalid points") from None
    if not points.is_finite():  # NaN cannot even be compared
        raise ExamError("分数无效", "invalid points")
    if not (Decimal(0) <= points <= answer.item.points) or points != points.quantize(
        Decimal("0.01")
    ):
        raise ExamError(
            f"分数应在0到{answer.item.points}之间", f"points must be 0 to {answer.item.points}"
        )
    if answer.item.question.qtype != QuestionType.SHORT or not answer.candidate.is_finished:
        raise ExamError(
            "只能评阅已交卷的简答题", "only short answers of submitted papers are marked"
        )
    if answer.points is not None:
        raise ExamError("该答案已评定,不能再评分", "this answer is already marked", "marked")
    if answer.marks.filter(marker=marker).exists():
        raise ExamError("您已评过该答案", "you have already marked this answer", "marked")
    mark = Mark.objects.create(answer=answer, marker=marker, points=points)
    marks = [m.points for m in answer.marks.order_by("created_at", "pk")]
    final = grading.marked_points(marks, double=sitting.double_marking, gap=sitting.marking_gap)
    saved = [mark]
    if final is not None:
        answer.points = final
        answer.save(update_fields=["points"])
        candidate = answer.candidate
        candidate.score = total_of(candidate.answers.all())
        candidate.save(update_fields=["score"])
        saved += [answer, candidate]
    record(
        "exam.mark",
        contest=sitting.contest,
        actor=marker,
        target=f"answer:{answer.pk}",
        data={"points": points, "round": len(marks), "final": final},
        saved=saved,
    )
    return mark
