"""Exam scores as observations for the engine: one per entrant and sitting.

An entrant's value is its candidates' scores combined by the sitting's rule
(mean or best); an entrant with an attempt still running or a short answer
still unmarked gives no observation yet, so a half-marked test never counts.
"""

from __future__ import annotations

from collections import defaultdict

from bipin.exams import grading
from bipin.exams.models import Sitting
from bipin.exams.services import expire_overdue
from bipin.scoring.model import Observation, Source


def collect(contest) -> list[Observation]:
    out: list[Observation] = []
    for sitting in Sitting.objects.filter(contest=contest).order_by("pk"):
        expire_overdue(sitting)
        by_entrant = defaultdict(list)
        for candidate in sitting.candidates.all():
            by_entrant[candidate.entrant_id].append(candidate.score)
        for entrant_id, scores in sorted(by_entrant.items()):
            if any(s is None for s in scores):
                continue
            value = grading.aggregate(scores, sitting.aggregate)
            out.append(Observation(entrant=str(entrant_id), source=Source.EXAM, item=sitting.item_id,
                                   value=float(value), ref=f"exam-sitting:{sitting.pk}"))
    return out
