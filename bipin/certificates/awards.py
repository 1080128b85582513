"""Who won what in a released snapshot, as its report cards say it."""

from __future__ import annotations

from dataclasses import dataclass

from bipin.io.report_data import figure, is_staged
from bipin.results.models import Snapshot
from bipin.results.presenters import report_of, staged_report


@dataclass(frozen=True)
class Award:
    entrant_id: int
    name: str
    code: str  # the sample's blind code, if it had one
    group: str
    award: str
    total: str  # as printed on the report card


def awarded(snapshot: Snapshot) -> list[Award]:
    """Every entrant holding an award, in the contest's group order, then as ranked."""
    if is_staged(snapshot.evaluation):
        found = [Award(int(p.entrant_id), p.name, p.code, p.group, p.award, figure(p.ranked_total))
                 for _, rows in staged_report(snapshot).placings for p in rows if p.award]
    else:
        found = [Award(int(r.entrant_id), r.name, r.code, r.group, r.award, figure(r.total))
                 for g in report_of(snapshot).groups for r in sorted(g.rows, key=_by_rank)
                 if r.award]
    return found


def _by_rank(row) -> tuple:
    return row.rank is None, row.rank or 0
