"""The observations the organizer imported from files (inspection, department,
supervision and objective data that no app collects yet).

Only current values reach the engine: a row superseded by a row of an active
batch (a correction, or a leaf that replaces) is left out, so its ref never
appears in an explanation.
"""

from __future__ import annotations

from bipin.contests.models import Contest
from bipin.results.models import ImportBatch, ImportedObservation
from bipin.scoring import Observation


def collect(contest: Contest) -> list[Observation]:
    rows = (ImportedObservation.objects
            .filter(batch__contest=contest, batch__status=ImportBatch.Status.ACTIVE)
            .exclude(superseded_by__new__batch__status=ImportBatch.Status.ACTIVE)
            .order_by("batch_id", "row_number"))
    return [Observation(entrant=str(r.entrant_id), source=r.source, item=r.item, value=r.value,
                        judge=r.judge or None, round=r.round or None, factor=r.factor,
                        category=r.category or None, severity=r.severity or None,
                        ref=f"import:{r.batch_id}:{r.row_number}")
            for r in rows]
