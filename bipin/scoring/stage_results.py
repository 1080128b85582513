"""What a staged contest's evaluation returns: stage standings, placings, explanations.

Built by :mod:`bipin.scoring.stages`; plain frozen records, so the hall, the
CLI and the reports read the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bipin.scoring.evaluate import Evaluation
from bipin.scoring.model import Entrant
from bipin.scoring.scheme import Stage

__all__ = ["Placing", "StageStanding", "StageStandings", "StagedEvaluation"]


@dataclass(frozen=True)
class StageStanding:
    """One entrant in one stage: its own total, the totals it is ranked on, its place."""

    entrant: Entrant
    total: float  # this stage's own total
    parts: dict[str, float]  # stage id -> that stage's total, for each stage in ranked_on
    ranked_total: float  # the sum of ``parts``, exactly
    rank: int  # within the entrant's group
    overall_rank: int  # across every group
    advanced: bool | None  # None in the last stage: nobody goes on from it

    def to_dict(self) -> dict[str, Any]:
        return {
            "entrant": self.entrant.id,
            "total": self.total,
            "parts": dict(self.parts),
            "ranked_total": self.ranked_total,
            "rank": self.rank,
            "overall_rank": self.overall_rank,
            "advanced": self.advanced,
            # Only a flighted stage's entrants have a table; other outputs stay as they were.
            **({"flight": self.entrant.flight} if self.entrant.flight else {}),
        }


@dataclass(frozen=True)
class StageStandings:
    """A stage's ranking and its cut, as the hall and ``bipin compute`` show it.

    ``standings`` are in group order, then rank; ``advancing`` lists the ids
    who go on to ``next_stage`` in the order of the cut's ranking;
    ``eliminated`` those whose placing this stage decides (empty in the last
    stage, whose entrants are all placed by it). ``tie_notes`` say how every
    tie at the cut was settled.
    """

    stage: Stage
    next_stage: Stage | None
    evaluation: Evaluation  # this stage's rows only, over the entrants who reached it
    standings: list[StageStanding]
    advancing: tuple[str, ...]
    eliminated: tuple[str, ...]
    tie_notes: tuple[str, ...]
    warnings: tuple[str, ...]

    def standing(self, entrant_id: str) -> StageStanding:
        for s in self.standings:
            if s.entrant.id == entrant_id:
                return s
        raise KeyError(entrant_id)

    @property
    def ranks(self) -> dict[str, int]:
        """Rank within the group, per entrant id."""
        return {s.entrant.id: s.rank for s in self.standings}

    def to_dict(self) -> dict[str, Any]:
        groups: dict[str, list] = {}
        for s in self.standings:
            groups.setdefault(s.entrant.group, []).append(s.to_dict())
        nxt = self.next_stage
        return {
            "stage": self.stage.id,
            "ranked_on": list(self.stage.ranked_on),
            "next": None
            if nxt is None
            else {"stage": nxt.id, "advance": nxt.advance, "per": nxt.per, "ties": nxt.ties},
            "groups": [{"group": g, "results": rows} for g, rows in groups.items()],
            "advancing": list(self.advancing),
            "eliminated": list(self.eliminated),
            "tie_notes": list(self.tie_notes),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Placing:
    """An entrant's final place: the rank in the last stage it took part in."""

    entrant: Entrant
    place: int
    decided_in: str  # the stage whose ranking gave the place
    ranked_total: float
    award: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "entrant": self.entrant.id,
            "place": self.place,
            "decided_in": self.decided_in,
            "ranked_total": self.ranked_total,
            "award": self.award,
        }


@dataclass(frozen=True)
class StagedEvaluation:
    """Every stage held so far, and the final placings they give.

    A stage is held once it has a row; the stages after the last held one are
    listed in ``pending`` and place nobody.
    """

    contest: str
    stages: list[StageStandings]
    placings: dict[str, list[Placing]]  # group -> placings, best first
    pending: tuple[str, ...]
    warnings: list[str]

    def stage(self, stage_id: str) -> StageStandings:
        for s in self.stages:
            if s.stage.id == stage_id:
                return s
        raise KeyError(stage_id)

    def placing(self, entrant_id: str) -> Placing:
        for rows in self.placings.values():
            for p in rows:
                if p.entrant.id == entrant_id:
                    return p
        raise KeyError(entrant_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "contest": self.contest,
            "stages": [s.to_dict() for s in self.stages],
            "pending": list(self.pending),
            "placings": [
                {"group": g, "results": [p.to_dict() for p in rows]}
                for g, rows in self.placings.items()
            ],
            "warnings": list(self.warnings),
        }

    def explain(self, entrant_id: str) -> dict[str, Any]:
        """The entrant's place, where it was decided, and each stage's tree and ranked sum."""
        placing = self.placing(entrant_id)
        stages = []
        for st in self.stages:
            try:
                s = st.standing(entrant_id)
            except KeyError:
                break
            stages.append(
                {
                    **s.to_dict(),
                    "stage": st.stage.id,
                    "ranked_on": [{"stage": k, "total": v} for k, v in s.parts.items()],
                    "explanation": st.evaluation.result(entrant_id).explanation.to_dict(),
                }
            )
        return {
            "entrant": entrant_id,
            "name": placing.entrant.name,
            "group": placing.entrant.group,
            "place": placing.place,
            "decided_in": placing.decided_in,
            "award": placing.award,
            "stages": stages,
        }

    def lines(self, entrant_id: str) -> list[str]:
        """:meth:`explain` as indented text, for ``bipin compute --explain``."""
        placing = self.placing(entrant_id)
        out = [
            f"{placing.entrant.id} {placing.entrant.name}: 第{placing.place}名,"
            f"名次在“{placing.decided_in}”决定 / place {placing.place}, decided in "
            f"{placing.decided_in}"
        ]
        for st in self.stages:
            try:
                s = st.standing(entrant_id)
            except KeyError:
                break
            added = " + ".join(f"{k} {v:.{_decimals(st)}f}" for k, v in s.parts.items())
            status = {True: "晋级 / advanced", False: "淘汰 / eliminated", None: ""}[s.advanced]
            out.append(
                f"【{st.stage.id}】本阶段 {s.total:.{_decimals(st)}f};排名依据 {added} = "
                f"{s.ranked_total:.{_decimals(st)}f};组内第{s.rank}名 {status}".rstrip()
            )
            tree = st.evaluation.result(entrant_id).explanation.lines()
            out += ["  " + line for line in tree]
        return out


def _decimals(st: StageStandings) -> int:
    return st.evaluation.groups[0].results[0].explanation.state.decimals
