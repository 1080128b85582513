"""Read an evaluation dict (``Evaluation.to_dict(explain=True)``) for reports.

Pages, the XLSX workbook and the PDF all show the same figures; they read them
through this one module so none of them depends on the dict's exact layout
and none of them computes anything: every number comes from the engine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bipin.io.rule_text import veto_effects as effects_of

__all__ = ["GroupReport", "Note", "Report", "Row", "StagePlacing", "StageReport", "StageRow",
           "StagedReport", "figure", "full_marks", "group_notes", "is_staged", "places", "read_report",
           "read_staged", "veto_effects"]


def places(value: float | None) -> int:
    """Decimal places of a published figure as the engine rounded it.

    The engine's floats are half-up rounded decimals; their shortest repr is
    that decimal, so reading it back needs no second rounding.

    >>> places(12.345), places(8.0), places(None)
    (3, 0, 0)
    """
    if value is None:
        return 0
    return max(0, -Decimal(repr(float(value))).normalize().as_tuple().exponent)


def figure(value: float | None, at_least: int = 2) -> str:
    """A figure as printed: at least two decimals, and every decimal the engine kept.

    A zero is printed without a sign: ``-0.0`` (a deduction of nothing, a
    difference of equal figures) would read as "-0.00".

    >>> figure(8.0), figure(12.345), figure(-0.5), figure(-0.0), figure(None)
    ('8.00', '12.345', '-0.50', '0.00', '—')
    """
    if value is None:
        return "—"
    exact = Decimal(repr(float(value)))
    if exact.is_zero():
        exact = exact.copy_abs()
    return str(exact.quantize(Decimal(1).scaleb(-max(at_least, places(value)))))


@dataclass(frozen=True)
class Note:
    """One kind of computation note and where it occurred ("group · entrant")."""

    message: str
    count: int
    places: list[str]  # empty for a note that names no group


def group_notes(warnings: Sequence[str]) -> list[Note]:
    """Notes of one kind together: a missing item for thirty units is one line, not thirty.

    A note reads "group · entrant · message" or "group · message"; the message
    is the kind, the rest says where. Kinds keep the order they first appear in.

    >>> [(n.message, n.places) for n in group_notes(["A · 甲 · 缺数据", "B · 乙 · 缺数据", "A · 无抽签"])]
    [('缺数据', ['A · 甲', 'B · 乙']), ('无抽签', ['A'])]
    """
    kinds: dict[str, list[str]] = {}
    for w in warnings:
        parts = w.split(" · ")
        where = 2 if len(parts) > 2 else min(1, len(parts) - 1)
        kinds.setdefault(" · ".join(parts[where:]), []).append(" · ".join(parts[:where]))
    return [Note(message, len(places), [p for p in places if p]) for message, places in kinds.items()]


def veto_effects(explanation: Any) -> list[str]:
    """The declared effects ("rank_last", "lowest_grade", …) of the vetoes an entrant triggered."""
    if not isinstance(explanation, Mapping):
        return []
    found = []
    if explanation.get("vetoed") and (explanation.get("rule") or {}).get("type") == "veto":
        found += [e for e in effects_of(explanation["rule"].get("effect")) if e not in found]
    for child in explanation.get("children", []):
        found += [e for e in veto_effects(child) if e not in found]
    return found


@dataclass(frozen=True)
class Row:
    entrant_id: str
    name: str
    code: str
    group: str
    total: float | None
    rank: int | None
    grade: str
    award: str
    vetoed: bool
    dimensions: dict[str, float | None]
    explanation: Any
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GroupReport:
    name: str
    rows: list[Row]
    dimensions: list[str]
    dimension_full: dict[str, float]  # full marks of each dimension, for the radar

    def mean(self, dimension: str) -> float | None:
        """The group mean of a dimension, half-up at the figures' own places (at least 2)."""
        values = [v for r in self.rows if (v := r.dimensions.get(dimension)) is not None]
        if not values:
            return None
        exact = sum(Decimal(repr(v)) for v in values) / len(values)
        step = Decimal(1).scaleb(-max(2, *(places(v) for v in values)))
        return float(exact.quantize(step, rounding=ROUND_HALF_UP))

    def best(self, dimension: str) -> float | None:
        values = [v for r in self.rows if (v := r.dimensions.get(dimension)) is not None]
        return max(values) if values else None

    def row(self, entrant_id: str) -> Row | None:
        return next((r for r in self.rows if r.entrant_id == entrant_id), None)


@dataclass(frozen=True)
class Report:
    groups: list[GroupReport]
    warnings: list[str]
    raw: Mapping[str, Any]

    @property
    def decimals(self) -> int:
        """The places to print every figure with: two, or more if the scheme kept more."""
        found = [places(v) for g in self.groups for r in g.rows
                 for v in (r.total, *r.dimensions.values())]
        return max([2, *found])

    def find(self, entrant_id: str) -> tuple[GroupReport, Row] | None:
        for g in self.groups:
            row = g.row(entrant_id)
            if row is not None:
                return g, row
        return None


def _first(d: Mapping[str, Any], *keys: str, default: Any = None) -> Any:
    for k in keys:
        if k in d and d[k] is not None:
            return d[k]
    return default


def _message(w: Any) -> str:
    if isinstance(w, str):
        return w
    if isinstance(w, Mapping):
        text = _first(w, "message_zh", "zh", "message", "text", default="")
        who = _first(w, "entrant_name", "entrant", default="")
        return f"{who}:{text}" if who and str(who) not in str(text) else str(text)
    return str(w)


def _number(v: Any) -> float | None:
    return None if v is None else float(v)


def _row(r: Mapping[str, Any], group: str, names: Mapping[str, Mapping[str, Any]]) -> Row:
    ent = r.get("entrant")
    if isinstance(ent, Mapping):
        eid = str(_first(ent, "id", default=""))
        info = {**names.get(eid, {}), **ent}
    else:
        eid = str(ent)
        info = dict(names.get(eid, {}))
    dims_raw = _first(r, "dimensions", default={})
    if isinstance(dims_raw, Sequence) and not isinstance(dims_raw, str):
        dims = {str(_first(d, "name", "id")): _number(_first(d, "value", "points", "score"))
                for d in dims_raw}
    else:
        dims = {str(k): _number(v.get("value") if isinstance(v, Mapping) else v)
                for k, v in dims_raw.items()}
    return Row(entrant_id=eid, name=str(_first(info, "name", default=None) or r.get("name") or eid),
               code=str(_first(info, "code", default="") or ""), group=group,
               total=_number(r.get("total")), rank=r.get("rank"),
               grade=str(r.get("grade") or ""), award=str(r.get("award") or ""),
               vetoed=bool(r.get("vetoed")), dimensions=dims,
               explanation=r.get("explanation"),
               warnings=[_message(w) for w in r.get("warnings") or []])


def full_marks(node: Mapping[str, Any]) -> float:
    """A node's full marks: its own points, else the sum of its children's."""
    own = float(node.get("max") or 0.0)
    if own > 0:
        return own
    return sum(full_marks(c) for c in node.get("children", []) if isinstance(c, Mapping))


def _dimension_full(rows: Sequence[Row]) -> dict[str, float]:
    for row in rows:
        if isinstance(row.explanation, Mapping) and row.explanation.get("children"):
            return {str(c.get("name")): full_marks(c) for c in row.explanation["children"]
                    if full_marks(c) > 0}
    return {}


def read_report(evaluation: Mapping[str, Any], entrants: Sequence[Mapping[str, Any]] = ()) -> Report:
    """The evaluation as groups of rows; ``entrants`` supplies names and codes by id."""
    names = {str(e["id"]): e for e in entrants}
    groups = []
    for g in evaluation.get("groups", []):
        gname = str(_first(g, "name", "group", default=""))
        rows = [_row(r, gname, names) for r in g.get("results", [])]
        # The scheme's order comes from the explanation's lists: a dict read back
        # from PostgreSQL's jsonb has its keys in jsonb's order, not the scheme's.
        dims: list[str] = []
        for row in rows:
            if isinstance(row.explanation, Mapping):
                dims.extend(str(c.get("name")) for c in row.explanation.get("children", [])
                            if str(c.get("name")) in row.dimensions and str(c.get("name")) not in dims)
        for row in rows:
            dims.extend(d for d in row.dimensions if d not in dims)
        full = _dimension_full(rows)
        for d in dims:
            full.setdefault(d, max((abs(r.dimensions.get(d) or 0.0) for r in rows), default=0.0) or 1.0)
        groups.append(GroupReport(gname, rows, dims, full))
    ids = {r.entrant_id: r.name for g in groups for r in g.rows}
    return Report(groups, [_named(_message(w), ids) for w in evaluation.get("warnings", [])],
                  evaluation)


def _named(warning: str, ids: Mapping[str, str]) -> str:
    """The engine says "group · entrant id · message"; show the entrant's name."""
    parts = warning.split(" · ")
    return " · ".join(ids.get(p, p) if i == 1 else p for i, p in enumerate(parts))


# A staged contest (预赛 → 半决赛 → 决赛): the snapshot keeps each stage's
# standings and cut, the final placings, and each stage's own evaluation
# (bipin.results.engine.staged_dict). Pages and files read it here, as above.

def is_staged(evaluation: Mapping[str, Any]) -> bool:
    """Whether a stored evaluation is a staged contest's."""
    return bool(evaluation.get("staged"))


@dataclass(frozen=True)
class StageRow:
    entrant_id: str
    name: str
    code: str
    group: str
    total: float  # this stage's own total
    parts: list[tuple[str, float]]  # (stage, its total) for each stage the ranking adds
    ranked_total: float
    rank: int
    advanced: bool | None  # None in the last stage
    flight: str = ""  # 桌次, in a stage judged in flights (its cut is per: flight)


@dataclass(frozen=True)
class StageReport:
    id: str
    ranked_on: list[str]
    next: Mapping[str, Any] | None  # the cut into the next stage: stage, advance, per, ties
    groups: list[tuple[str, list[StageRow]]]
    tie_notes: list[str]
    warnings: list[str]
    report: Report  # the stage's own evaluation, with every explanation

    def row(self, entrant_id: str) -> StageRow | None:
        return next((r for _, rows in self.groups for r in rows if r.entrant_id == entrant_id), None)

    @property
    def cut(self) -> str:
        """The cut in words, as the CLI's table says it.

        >>> StageReport("预赛", ["预赛"], {"stage": "决赛", "advance": 3, "per": "group"}, [], [], [],
        ...             Report([], [], {})).cut
        '每组前3名晋级“决赛”'
        """
        if self.next is None:
            return ""
        per = {"group": "每组", "flight": "每桌"}.get(str(self.next.get("per")), "全体")
        return f"{per}前{self.next['advance']}名晋级“{self.next['stage']}”"


@dataclass(frozen=True)
class StagePlacing:
    entrant_id: str
    name: str
    code: str
    group: str
    place: int
    decided_in: str
    ranked_total: float
    award: str


@dataclass(frozen=True)
class StagedReport:
    stages: list[StageReport]
    placings: list[tuple[str, list[StagePlacing]]]
    pending: list[str]
    warnings: list[str]

    def placing(self, entrant_id: str) -> StagePlacing | None:
        return next((p for _, rows in self.placings for p in rows if p.entrant_id == entrant_id), None)

    def path(self, entrant_id: str) -> list[tuple[StageReport, StageRow]]:
        """The stages an entrant took part in, with its standing in each."""
        return [(st, row) for st in self.stages if (row := st.row(entrant_id)) is not None]

    @property
    def has_awards(self) -> bool:
        return any(p.award for _, rows in self.placings for p in rows)

    @property
    def decimals(self) -> int:
        found = [places(v) for st in self.stages for _, rows in st.groups for r in rows
                 for v in (r.total, r.ranked_total)]
        return max([2, *found])


def _grouped(groups: Sequence[Mapping[str, Any]], make, order: Sequence[str]) -> list[tuple[str, list]]:
    rank = {g: i for i, g in enumerate(order)}
    ordered = sorted(groups, key=lambda g: (rank.get(g["group"], len(rank)), str(g["group"])))
    return [(str(g["group"]), [make(r, str(g["group"])) for r in g["results"]]) for g in ordered]


def read_staged(evaluation: Mapping[str, Any], entrants: Sequence[Mapping[str, Any]] = (),
                group_order: Sequence[str] = ()) -> StagedReport:
    """A staged evaluation as stages of rows and the final placings; ``entrants`` names them."""
    names = {str(e["id"]): e for e in entrants}
    ids = {eid: str(e.get("name") or eid) for eid, e in names.items()}

    def who(eid: str) -> tuple[str, str]:
        info = names.get(eid, {})
        return str(info.get("name") or eid), str(info.get("code") or "")

    def stage_row(r: Mapping[str, Any], group: str) -> StageRow:
        eid = str(r["entrant"])
        return StageRow(eid, *who(eid), group, float(r["total"]),
                        [(k, float(v)) for k, v in r["parts"].items()],
                        float(r["ranked_total"]), int(r["rank"]), r["advanced"], str(r.get("flight") or ""))

    def placing(p: Mapping[str, Any], group: str) -> StagePlacing:
        eid = str(p["entrant"])
        return StagePlacing(eid, *who(eid), group, int(p["place"]), str(p["decided_in"]),
                            float(p["ranked_total"]), str(p.get("award") or ""))

    stages = []
    for st in evaluation.get("stages", []):
        rows = _grouped(st["groups"], stage_row, group_order)
        for _, group_rows in rows:
            # jsonb keeps a dict's keys in its own order; the stage names the order to add in.
            for r in group_rows:
                r.parts.sort(key=lambda part: st["ranked_on"].index(part[0]))
        stages.append(StageReport(str(st["stage"]), list(st["ranked_on"]), st.get("next"), rows,
                                  [_tied_named(n, ids) for n in st.get("tie_notes", [])],
                                  [_named(_message(w), ids) for w in st.get("warnings", [])],
                                  read_report(st.get("evaluation", {}), entrants)))
    return StagedReport(stages, _grouped(evaluation.get("placings", []), placing, group_order),
                        list(evaluation.get("pending", [])),
                        [_named(_message(w), ids) for w in evaluation.get("warnings", [])])


def _tied_named(note: str, ids: Mapping[str, str]) -> str:
    """A tie note at a cut lists the tied (and who went on) by id; show their names.

    An id is replaced only where the core's notes list entrants: after "(", "、", ":"
    or ", " and before "、", ",", ")", "晋级" or " go on", so a figure is never touched.

    >>> _tied_named("“预赛”晋级线处排名总分同为7.00(5、6),按 tie_break 决定:5晋级 / "
    ...             "level on 7.00 at the cut in 预赛 (5、6): the tie-break chain decided, 5 go on",
    ...             {"5": "甲", "6": "乙", "7": "丙"})
    '“预赛”晋级线处排名总分同为7.00(甲、乙),按 tie_break 决定:甲晋级 / level on 7.00 at the cut in 预赛 (甲、乙): the tie-break chain decided, 甲 go on'
    """
    if not ids:
        return note
    names = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    listed = re.compile(rf"(?:(?<=[((、:])|(?<=, ))({names})(?=[、,,))]|晋级| go on)")
    return listed.sub(lambda m: ids[m.group(1)], note)
