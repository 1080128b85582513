"""Judges' marks for the engine: one Observation per mark of every locked sheet.

Only locked sheets count (a clerk-typed sheet waiting for its second check, a
reopened one and a superseded one do not), and only sheets of judges seated on
the panel and not recused from the entrant. ``item`` is the criterion id, as
the scheme's panel criteria name it; ``ref`` points back at the sheet.
``round`` is the scheme stage the sheet was filed in (none without ``stages:``).
"""

from __future__ import annotations

from bipin.contests.models import Contest
from bipin.judging import adjust
from bipin.judging.draws import lot_numbers
from bipin.judging.flights import entrant_flights
from bipin.judging.models import Mark, Recusal, Seat, Sheet
from bipin.judging.rounds import declared_stages, stage_id
from bipin.scoring import Observation, Source


def collect(contest: Contest) -> list[Observation]:
    seated = set(Seat.objects.filter(panel__contest=contest).values_list("panel_id", "user_id"))
    recused = set(Recusal.objects.filter(contest=contest).values_list("user_id", "entrant_id"))
    rows = (Mark.objects.filter(sheet__panel__contest=contest, sheet__status=Sheet.Status.LOCKED)
            .order_by("sheet_id", "criterion")
            .values_list("sheet_id", "sheet__panel_id", "sheet__entrant_id", "sheet__judge_id",
                         "sheet__round", "criterion", "value"))
    stages = declared_stages(contest) if rows else ()
    return [Observation(entrant=str(entrant_id), source=Source.PANEL, item=criterion, value=float(value),
                        judge=f"judge:{judge_id}", round=stage_id(key, stages), ref=f"sheet:{sheet_id}")
            for sheet_id, panel_id, entrant_id, judge_id, key, criterion, value in rows
            if (panel_id, judge_id) in seated and (judge_id, entrant_id) not in recused]


def flights(contest: Contest) -> dict[str, str]:
    """Each sample's table (桌次) in the stage judged in flights, for a ``per: flight`` cut."""
    return entrant_flights(contest)


def draw_order(contest: Contest) -> dict[str, int]:
    """Lot numbers from the revealed draws, for the scheme's ``draw`` tie-break."""
    return lot_numbers(contest)


def late_adjustments(contest: Contest) -> list[str]:
    """Panels whose severity adjustment was declared after marking began: raw counts."""
    return adjust.late_adjustments(contest)
