"""The exam part of the demo (示例数据): the sample bank, a finished on-stage
sitting with marked answers (so item analysis has something to show) and an
open practice sitting the demo candidates cand01… can take now.

Every answer here is simulated from a hash of the candidate and the item, so
the demo is the same each time it is built; nothing is a real person's result.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from bipin.accounts.origins import note_origin
from bipin.contests.demo import CITY_SLUG, password_hash
from bipin.exams import services
from bipin.exams.models import Candidate, Question, Sitting
from bipin.exams.papers import digest
from bipin.exams.sample_bank import SAMPLE_QUESTIONS
from bipin.io.question_bank import LETTERS, write_bank

RULE = "监测帮扶,,3\n产业帮扶,,2\n饮水安全,,3\n就业帮扶,,2"


def _chance(*parts) -> float:
    return int(digest(*parts)[:8], 16) / 0xFFFFFFFF


def _candidates(organizer, sitting: Sitting, entrants, users) -> list[Candidate]:
    return [
        services.add_candidate(organizer, sitting, users[f"cand{i:02d}"], entrant)
        for i, entrant in enumerate(entrants, start=1)
    ]


def _simulated_response(question: Question, right: bool) -> list[str]:
    if right:
        return list(question.answer[:1]) if question.qtype == "fill" else list(question.answer)
    if question.qtype == "true_false":
        return ["false"] if question.answer == ["true"] else ["true"]
    if question.qtype == "fill":
        return ["不清楚"]
    wrong = [c for c in LETTERS[: len(question.options)] if c not in question.answer]
    return wrong[:1] if question.qtype == "single" else [question.answer[0], wrong[0]]


def _sit(sitting: Sitting, candidates: list[Candidate], start) -> None:
    """Each candidate answers with an ability drawn from their id; one forgets to submit."""
    items = list(sitting.paper.items.select_related("question"))
    for n, candidate in enumerate(candidates):
        ability = 0.5 + 0.45 * _chance("ability", candidate.user.username)
        services.start(candidate, now=start)
        for item in items:
            q = item.question
            if q.qtype == "short":
                response = ["要点一;要点二。" if ability > 0.6 else "要点一。"]
            else:
                response = _simulated_response(
                    q, _chance(candidate.user.username, q.stem) < ability
                )
            services.save_answer(candidate, item.pk, response, now=start + timedelta(minutes=5))
        if n != 4:
            services.finish(candidate, now=start + timedelta(minutes=20))
    services.expire_overdue(sitting, now=sitting.closes_at + timedelta(minutes=1))


def _mark(sitting: Sitting, markers) -> None:
    for rank, marker in enumerate(markers):
        for answer in services.marking_queue(sitting, marker):
            share = 0.4 + 0.5 * _chance("mark", rank, answer.pk)
            services.record_mark(
                marker, answer, (answer.item.points * Decimal(share)).quantize(Decimal("1"))
            )


def load(contests, users) -> None:
    contest = contests.get(CITY_SLUG)
    if contest is None or contest.questions.exists():
        return
    organizer = users["organizer"]
    User = get_user_model()
    entrants = list(contest.entrants.order_by("order"))
    for i, entrant in enumerate(entrants, start=1):
        username = f"cand{i:02d}"
        if username not in users:
            users[username] = User.objects.create(
                username=username,
                password=password_hash(),
                first_name=f"{entrant.short_name or entrant.name}考生",
            )
            # As the candidate import would: the city made them, so it prints their QR codes.
            note_origin(organizer, contest, users[username])
    services.import_bank(organizer, contest, write_bank(SAMPLE_QUESTIONS), "示例题库.xlsx")
    item_id = (services.exam_leaf_ids(contest) or ["政策测试"])[0]
    paper = services.assemble_paper(
        organizer,
        contest,
        "同台展示政策测试卷(示例)",
        RULE,
        seed="demo",
        shuffle_questions=True,
        shuffle_options=True,
    )
    now = timezone.now().replace(second=0, microsecond=0)
    opened = now - timedelta(days=2)
    stage = services.create_sitting(
        organizer,
        contest,
        paper=paper,
        name="同台展示·政策测试(示例,已结束)",
        item_id=item_id,
        opens_at=opened,
        closes_at=opened + timedelta(hours=2),
        duration_minutes=30,
        double_marking=True,
        marking_gap=Decimal(2),
        multiple_rule="proportional",
    )
    _sit(stage, _candidates(organizer, stage, entrants, users), opened + timedelta(minutes=5))
    _mark(stage, [users["judge1"], users["judge2"], users["chief"]])

    practice_paper = services.create_fixed_paper(
        organizer,
        contest,
        "模拟练习卷(示例)",
        [
            q
            for t in ("single", "multiple", "true_false", "fill", "short")
            for q in contest.questions.filter(qtype=t).order_by("order")[:2]
        ],
        shuffle_questions=True,
        shuffle_options=True,
    )
    practice = services.create_sitting(
        organizer,
        contest,
        paper=practice_paper,
        name="政策测试模拟练习(示例,不计成绩)",
        item_id=item_id,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=60),
        duration_minutes=30,
        counts=False,
    )
    _candidates(organizer, practice, entrants, users)
