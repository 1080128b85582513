"""The public 获奖名单: each group's winners, and every sample's score sheet.

A sheet is what the panel leaves of an explanation hold: every judge's mark
per criterion, and whether it counted (the highest and lowest are dropped in
a trimmed mean). Judges are 评委1…n, numbered as on the report cards, unless
the organizer chose to name them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bipin.certificates.awards import Award, awarded
from bipin.io.report_data import figure, is_staged
from bipin.results.models import Snapshot
from bipin.results.presenters import judge_labels, report_of


@dataclass(frozen=True)
class Mark:
    value: float
    counted: bool


@dataclass
class Panel:
    """One panel leaf of one sample: criteria down, judges across."""

    name: str
    judges: list[str]
    rows: list[tuple[str, list[Mark | None]]]  # criterion, each judge's mark (None: none given)
    points: str


@dataclass
class Sheet:
    holder: str
    sample: str
    rank: int | None
    total: str
    award: str
    panels: list[Panel] = field(default_factory=list)


@dataclass
class Group:
    name: str
    winners: list[Award]
    sheets: list[Sheet]


def published(snapshot: Snapshot, judges_named: bool, blind: bool) -> list[Group]:
    """The groups in the contest's order, each with its winners and (when the contest is
    not staged) every entrant's sheet, in rank order."""
    winners = awarded(snapshot)
    if is_staged(snapshot.evaluation):
        names = list(dict.fromkeys(a.group for a in winners))
        return [Group(g, [a for a in winners if a.group == g], []) for g in names]
    labels = judge_labels(snapshot, reveal=judges_named)
    out = []
    for g in report_of(snapshot).groups:
        rows = sorted(g.rows, key=lambda r: (r.rank is None, r.rank or 0))
        sheets = [Sheet(r.name, r.code if blind else "", r.rank, figure(r.total), r.award,
                        list(_panels(r.explanation, labels))) for r in rows]
        out.append(Group(g.name, [a for a in winners if a.group == g.name], sheets))
    return out


def _panels(node: Any, labels: dict[str, str]):
    """The panel leaves under ``node``, depth first, as sheets."""
    if not isinstance(node, dict):
        return
    if "criteria" in node and "judges_counted" in node:
        yield _panel(node, labels)
    for child in node.get("children", []):
        yield from _panels(child, labels)


def _panel(leaf: dict, labels: dict[str, str]) -> Panel:
    marks = [m for m in leaf.get("inputs", []) if "judge" in m and "criterion" in m]
    order = {ref: k for k, ref in enumerate(labels)}  # as numbered: 评委1, 评委2 …
    seats = sorted({(m["judge"], m.get("round") or "") for m in marks},
                   key=lambda seat: (order.get(seat[0], len(order)), seat[0], seat[1]))
    cells = {(m["criterion"], m["judge"], m.get("round") or ""): Mark(m["mark"], bool(m.get("counted")))
             for m in marks}
    rows = [(criterion, [cells.get((criterion, *seat)) for seat in seats])
            for criterion in leaf.get("criteria", {})]
    judges = [f"{labels.get(ref, ref)}({r})" if r else labels.get(ref, ref) for ref, r in seats]
    return Panel(str(leaf.get("name", "")), judges, rows, figure(leaf.get("points")))
