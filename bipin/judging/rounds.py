"""Rounds in the hall: which stage of the scheme's ``stages:`` is being judged,
and who takes part in it.

The hall's current stage is the ``next_stage`` of the contest's last
:class:`~bipin.judging.models.Cut`, or the first stage while nothing was cut.
Sheets, presentations and draws carry the stage they belong to in ``round``,
where "" is the first stage: a contest without stages only ever has that
one, and sheets filed before a scheme declared stages belong to its first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bipin.contests.models import Contest, Entrant
from bipin.db import rows
from bipin.judging.engine import contest_scheme
from bipin.judging.models import Cut
from bipin.scoring import Stage as SchemeStage

FIRST = ""


@dataclass(frozen=True)
class HallRound:
    """The stage being judged: ``key`` as Sheet.round stores it, and its entrants
    (None: every entrant of the contest, as in the first stage)."""

    key: str
    entrant_ids: frozenset[int] | None = None

    def takes_part(self, entrant_id: int) -> bool:
        return self.entrant_ids is None or entrant_id in self.entrant_ids

    def only(self, entrants: Iterable[Entrant]) -> list[Entrant]:
        return [e for e in entrants if self.takes_part(e.pk)]


def current_round(contest: Contest | int) -> HallRound:
    """One indexed query: every sheet a judge sends asks it."""
    contest_id = getattr(contest, "pk", contest)
    cuts = rows.load(Cut, {"contest": contest_id}, columns=("next_stage", "advancing"), order_by="-pk",
                     limit=1)
    if not cuts:
        return HallRound(FIRST)
    return HallRound(cuts[0].next_stage, frozenset(cuts[0].advancing))



def later_stages(contest: Contest) -> dict[int, list[str]]:
    """The stages after the first that each entrant advanced to, in order, as the
    scheme names them: for values measured once per entrant (a sample's 糖度) that
    count in every stage the entrant is judged in."""
    reached: dict[int, list[str]] = {}
    for next_stage, advancing in (Cut.objects.filter(contest=contest).order_by("pk")
                                  .values_list("next_stage", "advancing")):
        for entrant_id in advancing:
            reached.setdefault(entrant_id, []).append(next_stage)
    return reached


def declared_stages(contest: Contest) -> tuple[SchemeStage, ...]:
    """The stages of the scheme in force; () without a scheme or without ``stages:``."""
    scheme = contest_scheme(contest)
    return scheme.stages if scheme is not None else ()


def stage_id(key: str, stages: tuple[SchemeStage, ...]) -> str | None:
    """The engine's 轮次 for a row stored with ``key``: the stage id, or None
    when the scheme has no stages (the row then has no 轮次, as before)."""
    if not stages:
        return key or None
    return key or stages[0].id


def round_name(contest: Contest) -> str:
    """The stage being judged as the hall names it (the scheme's stage id), for the
    judges' phones, the big screen and the console; "" without ``stages:``."""
    stages = declared_stages(contest)
    return stage_id(current_round(contest).key, stages) if stages else ""
