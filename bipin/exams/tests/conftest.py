"""An exam on top of the cast: the sample bank, a 10-question paper and a
sitting open from 09:00 to 11:00 with 30 minutes each, one candidate per
entrant (cand_a 南川县, cand_b 北原县, cand_c 教育局)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from bipin.exams import services
from bipin.exams.models import Candidate, Paper, Question, Sitting
from bipin.testing.cast import make_user

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "exam" / "question_bank.xlsx"
OPENS = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@dataclass
class Exam:
    cast: object
    paper: Paper
    sitting: Sitting
    candidates: dict[str, Candidate]
    questions: list[Question]

    def at(self, minutes: float):
        """Travel to ``minutes`` after the sitting opens, with the clock stopped."""
        return time_machine.travel(OPENS + timedelta(minutes=minutes), tick=False)


def pick_questions(contest) -> list[Question]:
    """Two of each type: single, multiple, true/false, fill and short (10 in all)."""
    chosen = []
    for qtype in ("single", "multiple", "true_false", "fill", "short"):
        chosen += list(contest.questions.filter(qtype=qtype).order_by("order")[:2])
    return chosen


def build_exam(cast, **sitting_options) -> Exam:
    organizer = cast.organizer
    services.import_bank(organizer, cast.contest, EXAMPLE.read_bytes(), EXAMPLE.name)
    questions = pick_questions(cast.contest)
    paper = services.create_fixed_paper(organizer, cast.contest, "测试卷", questions)
    options = (
        dict(
            paper=paper,
            name="第一场",
            opens_at=OPENS,
            closes_at=OPENS + timedelta(hours=2),
            duration_minutes=30,
            item_id="policy_test",
        )
        | sitting_options
    )
    sitting = services.create_sitting(organizer, cast.contest, **options)
    candidates = {}
    for key, unit in (("cand_a", "南川县"), ("cand_b", "北原县"), ("cand_c", "教育局")):
        candidates[key] = services.add_candidate(
            organizer, sitting, make_user(key, contest=cast.contest), cast.entrants[unit]
        )
    return Exam(cast, paper, sitting, candidates, questions)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Test users need no slow password hashing (the cast makes over ten)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def exam(cast) -> Exam:
    return build_exam(cast)
