"""Item analysis of a finished sitting: the score matrix from the database,
the statistics from :mod:`bipin.scoring.items`, and the XLSX export."""

from __future__ import annotations

import io
from dataclasses import dataclass

from bipin.exams.models import Answer, Candidate, PaperItem, Sitting
from bipin.io.cells import append_row
from bipin.io.question_bank import LETTERS, QuestionType
from bipin.scoring.items import PaperStats, analyse, distractors


@dataclass
class ItemRow:
    number: int
    item: PaperItem
    stats: object
    options: dict[str, float] | None  # share choosing each option (choice items)
    correct: tuple[str, ...] = ()  # the keys of ``options`` that are right


@dataclass
class SittingAnalysis:
    stats: PaperStats
    rows: list[ItemRow]
    pending: int  # finished candidates still waiting for marking, left out


def sitting_analysis(sitting: Sitting) -> SittingAnalysis:
    """Candidates whose every answer is final (absent ones excluded) form the matrix."""
    items = list(sitting.paper.items.select_related("question"))
    finished = list(
        sitting.candidates.filter(finished_at__isnull=False).exclude(finish=Candidate.Finish.ABSENT)
    )
    complete = [c for c in finished if c.score is not None]
    answers = {
        (a.candidate_id, a.item_id): a
        for a in Answer.objects.filter(candidate__in=complete).only(
            "candidate_id", "item_id", "points", "response"
        )
    }
    matrix = [
        [float(answers[(c.pk, i.pk)].points) if (c.pk, i.pk) in answers else 0.0 for i in items]
        for c in complete
    ]
    if not items or not complete:
        return SittingAnalysis(PaperStats(0), [], len(finished) - len(complete))
    stats = analyse(matrix, [float(i.points) for i in items])
    rows = []
    for number, (item, item_stats) in enumerate(zip(items, stats.items, strict=False), start=1):
        q = item.question
        options, correct = None, ()
        if QuestionType(q.qtype).is_choice or q.qtype == QuestionType.TRUE_FALSE:
            letters = LETTERS[: len(q.options)] if q.options else ""
            responses = [
                answers[(c.pk, item.pk)].response if (c.pk, item.pk) in answers else []
                for c in complete
            ]
            if q.qtype == QuestionType.TRUE_FALSE:
                shares = distractors(
                    [
                        ["A"] if r == ["true"] else ["B"] if r == ["false"] else []
                        for r in responses
                    ],
                    "AB",
                )
                options = {"对": shares["A"], "错": shares["B"], "": shares[""]}
                correct = ("对",) if q.answer == ["true"] else ("错",)
            else:
                options = distractors(responses, letters)
                correct = tuple(q.answer)
        rows.append(ItemRow(number, item, item_stats, options, correct))
    return SittingAnalysis(stats, rows, len(finished) - len(complete))


def _fmt(value) -> float | None:
    return None if value is None else round(value, 4)


def _scores_sheet(ws, sitting: Sitting) -> None:
    """One row per candidate: unit, status, score and the points of every item."""
    items = list(sitting.paper.items.order_by("order"))
    append_row(ws, ["单位", "考生", "状态", "得分", *[f"第{i.order}题" for i in items]])
    candidates = sitting.candidates.select_related("entrant", "user").prefetch_related("answers")
    for c in candidates:
        points = {a.item_id: a.points for a in c.answers.all()}
        status = (
            c.get_finish_display() if c.is_finished else ("答题中" if c.started_at else "未开始")
        )
        append_row(
            ws,
            [
                c.entrant.name,
                c.user.get_full_name() or c.user.get_username(),
                status,
                None if c.score is None else float(c.score),
                *[None if points.get(i.pk) is None else float(points[i.pk]) for i in items],
            ]
        )


def analysis_xlsx(sitting: Sitting, result: SittingAnalysis) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = "题目分析"
    append_row(
        ws,
        [
            "题号",
            "题型",
            "知识点",
            "难度",
            "题干",
            "分值",
            "难度系数(得分率)",
            "点二列相关",
            "高低分组区分度(27%)",
            "标记",
            "选项选择比例",
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in result.rows:
        q, s = row.item.question, row.stats
        shares = (
            ""
            if row.options is None
            else ";".join(
                f"{k or '未答'}{'(正确)' if k in row.correct else ''} {v:.0%}"
                for k, v in row.options.items()
            )
        )
        append_row(
            ws,
            [
                row.number,
                q.get_qtype_display(),
                q.topic,
                q.get_difficulty_display(),
                q.stem,
                float(row.item.points),
                _fmt(s.difficulty),
                _fmt(s.point_biserial),
                _fmt(s.upper_lower),
                "、".join(f.label_zh for f in s.flags),
                shares,
            ]
        )
    summary = book.create_sheet("试卷")
    for label, value in [
        ("场次", sitting.name),
        ("试卷", sitting.paper.name),
        ("纳入分析人数", result.stats.candidates),
        ("待评阅(未纳入)", result.pending),
        ("平均分", _fmt(result.stats.mean)),
        ("标准差", _fmt(result.stats.sd)),
        ("Cronbach α", _fmt(result.stats.alpha)),
        ("KR-20", _fmt(result.stats.kr20)),
    ]:
        append_row(summary, [label, value])
    _scores_sheet(book.create_sheet("考生成绩"), sitting)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
