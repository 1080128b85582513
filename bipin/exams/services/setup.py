"""Correcting the exam's set-up in the browser: papers, sittings and bank questions.

A change that would alter a score already earned is refused: a question on a
paper stays, a paper a sitting uses stays, a sitting with answers stays, and
once answers exist a sitting keeps the settings its grading depends on.
"""

from __future__ import annotations

import csv
import io

from django.db import transaction

from bipin.audit.chain import record
from bipin.contests.dependents import Refused, delete_checked
from bipin.contests.uploads import stored_length
from bipin.exams.models import Answer, Paper, Question, Sitting
from bipin.exams.services.errors import ExamError
from bipin.io.question_bank import HEADERS, read_bank

# What a finished candidate's score was computed with (bipin.exams.grading, the collector).
GRADED_BY = ("paper", "item_id", "counts", "report_as", "aggregate", "multiple_rule",
             "double_marking", "marking_gap")


def _delete(actor, obj, action: str, what_zh: str, what_en: str, target: str,
            part_of: tuple[str, ...] = ()) -> None:
    try:
        delete_checked(actor, obj, action, what_zh, what_en, target=target, part_of=part_of)
    except Refused as exc:
        raise ExamError(exc.zh, exc.en) from None


@transaction.atomic
def delete_question(actor, question: Question) -> None:
    """Delete a bank question no paper holds."""
    _delete(actor, question, "exam.question_delete", "这道题", "this question", question.stem[:60])


# What grades a response; a question candidates have answered keeps them.
GRADING = ("qtype", "options", "answer", "points")


@transaction.atomic
def update_question(actor, question: Question, cells: list[str]) -> Question:
    """Change a bank question from ``cells``, in the bank template's columns (HEADERS).

    The cells are read as a one-row bank file, so a question is checked exactly
    as the import checks it; :class:`ImportFailed` lists what is wrong.
    """
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADERS, cells])
    [new] = read_bank(buffer.getvalue().encode("utf-8"), filename="题目.csv",
                      max_lengths={"topic": stored_length(Question, "topic")})
    values = {"qtype": new.qtype.value, "stem": new.stem, "options": list(new.options),
              "answer": list(new.answer), "explanation": new.explanation, "points": new.points,
              "topic": new.topic, "difficulty": new.difficulty.value}
    changed = {k: v for k, v in values.items() if getattr(question, k) != v}
    if (any(k in GRADING for k in changed)
            and Answer.objects.filter(item__question=question).exists()):
        raise ExamError("已有考生作答这道题,不能再改题型、选项、答案或分值",
                        "candidates have answered this question; its type, options, answer and "
                        "points can no longer change")
    if changed:
        old = {k: getattr(question, k) for k in changed}
        for k, v in changed.items():
            setattr(question, k, v)
        question.save(update_fields=list(changed))
        record("exam.question_update", contest=question.contest, actor=actor,
               target=question.stem[:60], data={"old": old, "new": changed}, saved=[question])
    return question


@transaction.atomic
def update_paper(actor, paper: Paper, *, name: str, shuffle_questions: bool,
                 shuffle_options: bool) -> Paper:
    """Rename a paper; its order settings change only while nobody has answered it."""
    changed = {"shuffle_questions": shuffle_questions, "shuffle_options": shuffle_options}
    if (any(getattr(paper, k) != v for k, v in changed.items())
            and Answer.objects.filter(candidate__sitting__paper=paper).exists()):
        raise ExamError("已有考生作答这份试卷,不能再改题目和选项的顺序设置",
                        "candidates have answered this paper; its order settings can no longer change")
    old = {"name": paper.name, **{k: getattr(paper, k) for k in changed}}
    paper.name = name.strip()
    for k, v in changed.items():
        setattr(paper, k, v)
    paper.save(update_fields=["name", *changed])
    record("exam.paper_update", contest=paper.contest, actor=actor, target=paper.name,
           data={"old": old, "new": {"name": paper.name, **changed}}, saved=[paper])
    return paper


@transaction.atomic
def delete_paper(actor, paper: Paper) -> None:
    """Delete a paper no sitting uses; its items go with it."""
    _delete(actor, paper, "exam.paper_delete", f"试卷“{paper.name}”", f"paper '{paper.name}'",
            paper.name, ("exams.PaperItem",))


@transaction.atomic
def update_sitting(actor, sitting: Sitting, **values) -> Sitting:
    """Change a sitting; once answers exist, what grading depends on stays as it was."""
    changed = {k: v for k, v in values.items() if getattr(sitting, k) != v}
    graded = [k for k in changed if k in GRADED_BY]
    if graded and Answer.objects.filter(candidate__sitting=sitting).exists():
        names = "、".join(str(Sitting._meta.get_field(k).verbose_name) for k in graded)
        raise ExamError(f"本场已有考生作答,不能再改:{names}",
                        f"candidates have answered; these can no longer change: {', '.join(graded)}")
    if not changed:
        return sitting
    old = {k: getattr(sitting, k) for k in changed}
    for k, v in changed.items():
        setattr(sitting, k, v)
    sitting.save(update_fields=list(changed))
    record("exam.sitting_update", contest=sitting.contest, actor=actor, target=sitting.name,
           data={"old": {k: getattr(v, "pk", v) for k, v in old.items()},
                 "new": {k: getattr(v, "pk", v) for k, v in changed.items()}}, saved=[sitting])
    return sitting


@transaction.atomic
def delete_sitting(actor, sitting: Sitting) -> None:
    """Delete a sitting nobody has started; its candidate list goes with it."""
    started = sitting.candidates.filter(started_at__isnull=False).count()
    if started:
        raise ExamError(f"不能删除场次“{sitting.name}”:已有 {started} 名考生开始答题",
                        f"cannot delete sitting '{sitting.name}': {started} candidates have started")
    contest, name, gone = sitting.contest, sitting.name, (Sitting, sitting.pk)
    sitting.delete()
    record("exam.sitting_delete", contest=contest, actor=actor, target=name, deleted=[gone])
