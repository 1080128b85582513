"""Exam scores as observations for the engine: one per entrant and sitting.

An entrant's value is its candidates' scores combined by the sitting's rule
(mean or best), reported as a percentage of the paper's full marks (the
dabipin scheme's exam leaf is ``scaled(max=100)``) or as raw points, as the
sitting declares. An entrant with an attempt still running or a short answer
still unmarked gives no observation yet, so a half-marked test never counts;
practice sittings (``counts`` off) give none at all.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from bipin.exams import grading
from bipin.exams.models import Sitting
from bipin.exams.services import expire_overdue
from bipin.scoring import Observation, Source


def collect(contest) -> list[Observation]:
    out: list[Observation] = []
    sittings = (
        Sitting.objects.filter(contest=contest, counts=True)
        .annotate(full=Sum("paper__items__points"))
        .order_by("pk")
    )
    for sitting in sittings:
        expire_overdue(sitting)
        by_entrant = defaultdict(list)
        for candidate in sitting.candidates.all():
            by_entrant[candidate.entrant_id].append(candidate.score)
        for entrant_id, scores in sorted(by_entrant.items()):
            if any(s is None for s in scores):
                continue
            value = grading.aggregate(scores, sitting.aggregate)
            if sitting.report_as == Sitting.Report.PERCENT:
                value = grading.percent(value, Decimal(sitting.full))
            out.append(
                Observation(
                    entrant=str(entrant_id),
                    source=Source.EXAM,
                    item=sitting.item_id,
                    value=float(value),
                    ref=f"exam-sitting:{sitting.pk}",
                )
            )
    return out
