"""The question bank and papers: import, export, fixed and rule-assembled papers."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from bipin.audit.chain import record
from bipin.contests.models import Contest
from bipin.contests.uploads import stored_length
from bipin.exams.models import Paper, PaperItem, Question
from bipin.exams.papers import AssemblyError, parse_rule, pick
from bipin.exams.services.errors import ExamError
from bipin.io.question_bank import read_bank, write_bank


@transaction.atomic
def import_bank(
    actor, contest: Contest, data: bytes, filename: str, *, sheet: str | None = None
) -> int:
    """Add every question of the file to the contest's bank, or none (ImportFailed)."""
    questions = read_bank(
        data, filename=filename, sheet=sheet, max_lengths={"topic": stored_length(Question, "topic")}
    )
    base = contest.questions.aggregate(m=Max("order"))["m"] or 0
    created = Question.objects.bulk_create(
        [
            Question(
                contest=contest,
                qtype=q.qtype.value,
                stem=q.stem,
                options=list(q.options),
                answer=list(q.answer),
                explanation=q.explanation,
                points=q.points,
                topic=q.topic,
                difficulty=q.difficulty.value,
                order=base + i,
            )
            for i, q in enumerate(questions, start=1)
        ]
    )
    record(
        "exam.bank_import",
        contest=contest,
        actor=actor,
        target=filename,
        data={"count": len(questions), "sha256": hashlib.sha256(data).hexdigest()},
        saved=created,
    )
    return len(questions)


def export_bank(contest: Contest) -> bytes:
    return write_bank([q.as_bank() for q in contest.questions.all()])


def exam_leaf_ids(contest: Contest) -> list[str]:
    """Ids of the exam leaves of the contest's scheme in force ([] without one)."""
    from bipin.contests.services import current_scheme
    from bipin.io import ImportFailed
    from bipin.io.schemes import load_scheme

    version = current_scheme(contest)
    if version is None:
        return []
    try:
        scheme = load_scheme(bytes(version.content), filename=version.filename)
    except ImportFailed:
        return []
    return [leaf.id for leaf in scheme.leaves(source="exam")]


def _paper(
    actor,
    contest: Contest,
    name: str,
    questions: Sequence[Question],
    *,
    shuffle_questions: bool,
    shuffle_options: bool,
    rule: list | None = None,
    seed: str = "",
) -> Paper:
    if not questions:
        raise ExamError("试卷至少需要一道题", "a paper needs at least one question")
    paper = Paper.objects.create(
        contest=contest,
        name=name,
        shuffle_questions=shuffle_questions,
        shuffle_options=shuffle_options,
        rule=rule or [],
        seed=seed,
    )
    items = PaperItem.objects.bulk_create(
        [
            PaperItem(paper=paper, question=q, order=i, points=q.points)
            for i, q in enumerate(questions, start=1)
        ]
    )
    record(
        "exam.paper_create",
        contest=contest,
        actor=actor,
        target=name,
        data={
            "questions": [q.pk for q in questions],
            "rule": rule or [],
            "seed": seed,
            "total": str(sum((q.points for q in questions), Decimal(0))),
        },
        saved=[paper, *items],
    )
    return paper


@transaction.atomic
def create_fixed_paper(
    actor,
    contest: Contest,
    name: str,
    questions: Sequence[Question],
    *,
    shuffle_questions: bool = False,
    shuffle_options: bool = False,
) -> Paper:
    return _paper(
        actor,
        contest,
        name,
        list(questions),
        shuffle_questions=shuffle_questions,
        shuffle_options=shuffle_options,
    )


@transaction.atomic
def assemble_paper(
    actor,
    contest: Contest,
    name: str,
    rule_text: str,
    *,
    total_points=None,
    seed: str | None = None,
    shuffle_questions: bool = True,
    shuffle_options: bool = True,
) -> Paper:
    """A paper picked once by rule from the bank; everyone in a sitting gets it."""
    seed = seed or secrets.token_hex(8)
    try:
        rule = parse_rule(rule_text)
        questions = pick(list(contest.questions.all()), rule, seed)
    except AssemblyError as exc:
        raise ExamError(exc.message_zh, exc.message_en) from None
    total = sum((q.points for q in questions), Decimal(0))
    if total_points is not None and total != Decimal(total_points):
        raise ExamError(
            f"按规则抽出的题目共{total}分,与要求的{total_points}分不符",
            f"the rule gives {total} points, not the required {total_points}",
        )
    return _paper(
        actor,
        contest,
        name,
        questions,
        shuffle_questions=shuffle_questions,
        shuffle_options=shuffle_options,
        seed=seed,
        rule=[{"topic": p.topic, "difficulty": p.difficulty, "count": p.count} for p in rule],
    )
