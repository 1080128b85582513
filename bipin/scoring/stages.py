"""Staged contests: 预赛 → 半决赛 → 决赛, with cumulative rankings and cuts.

Each stage is scored by the ordinary engine on its own rows alone (the 轮次
column names the stage) over the entrants who reached it, so a later stage's
rows can never move an earlier stage's ranking. A stage is ranked on the
totals of the stages its ``ranked_on`` lists, added as integer units of the
published decimals: the ranked total is exactly the sum of the published stage
totals, and no data row is ever repeated to carry a total forward. The top
``advance`` of that ranking (per group, overall, or per flight) go on to the
next stage; everybody else keeps the place they earned in the stage they left.

A stage judged in flights (分桌评审: each table of judges scores only its own
samples) is cut ``per: flight``: each entrant carries its table in
``Entrant.flight``, the stage is ranked table by table on the table's raw
totals (totals of different tables come from different judges and are never
compared), and the top ``advance`` of every table of every group go on, with
the same ``ties`` rules as per group.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from bipin.scoring.coverage import filled_anywhere
from bipin.scoring.evaluate import Evaluation, evaluate
from bipin.scoring.grade import assign_awards
from bipin.scoring.model import Entrant, Observation, ObservationError, ObservationTable
from bipin.scoring.rank import competition_rank
from bipin.scoring.ranking_keys import group_keys
from bipin.scoring.rounding import from_units
from bipin.scoring.scheme import Scheme, Stage
from bipin.scoring.stage_results import Placing, StagedEvaluation, StageStanding, StageStandings

__all__ = [
    "Placing",
    "StageStanding",
    "StageStandings",
    "StagedEvaluation",
    "evaluate_stages",
    "stage_standings",
]


def _subset(table: ObservationTable, rows: np.ndarray) -> ObservationTable:
    """The rows of one stage; the name tuples stay whole, so codes keep their meaning."""

    def cut(col: np.ndarray | None) -> np.ndarray | None:
        return None if col is None else col[rows]

    return replace(
        table,
        entrant=table.entrant[rows],
        item=table.item[rows],
        judge=table.judge[rows],
        round=table.round[rows],
        value=table.value[rows],
        factor=table.factor[rows],
        source=table.source[rows],
        category=cut(table.category),
        severity=cut(table.severity),
        ref=cut(table.ref),
    )


@dataclass
class _Input:
    scheme: Scheme
    plain: Scheme  # the same scheme without stages, for the per-stage engine
    people: list[Entrant]
    table: ObservationTable
    code_entrant: list[str]  # entrant id per name code of the table
    stage_rows: dict[str, np.ndarray]


def _prepare(
    scheme: Scheme,
    entrants: Iterable[Entrant] | None,
    observations: Iterable[Observation] | ObservationTable,
) -> _Input:
    if not scheme.stages:
        raise ValueError("方案没有声明 stages / the scheme declares no stages")
    people = list(scheme.entrants if entrants is None else entrants)
    table = (
        observations
        if isinstance(observations, ObservationTable)
        else ObservationTable.from_observations(observations)
    )
    names = {e.id: e.id for e in people}
    for e in people:
        if e.code and e.code not in names:
            names[e.code] = e.id
    # Per code, not per row: a contest's rows outnumber its names a thousandfold.
    code_entrant = [names.get(n, "") for n in table.entrants]
    unknown = np.array([not e for e in code_entrant], bool)
    for row in np.nonzero(unknown[table.entrant])[0][:1]:
        name = table.entrants[table.entrant[row]]
        raise ObservationError(
            f"参评对象“{name}”不在名单中",
            f"unknown entrant {name!r}",
            table.ref_of(int(row)),
            "entrant",
        )
    ids = [s.id for s in scheme.stages]
    code_stage = np.array([ids.index(n) if n in ids else -1 for n in table.rounds], np.int64)
    row_stage = code_stage[table.round] if len(table) else np.zeros(0, np.int64)
    for row in np.nonzero(row_stage < 0)[0][:1]:
        name = table.rounds[table.round[row]]
        known = "、".join(ids)
        zh, en = (
            (
                f"未填写阶段(轮次),可用:{known}",
                f"no stage given in the round column (use {', '.join(ids)})",
            )
            if not name
            else (
                f"“{name}”不是方案声明的阶段(可用:{known})",
                f"{name!r} is not a stage the scheme declares (use {', '.join(ids)})",
            )
        )
        raise ObservationError(zh, en, table.ref_of(int(row)), "round")
    stage_rows = {s: np.nonzero(row_stage == k)[0] for k, s in enumerate(ids)}
    return _Input(scheme, replace(scheme, stages=()), people, table, code_entrant, stage_rows)


def _stage_keys(
    data: _Input,
    evaluation: Evaluation,
    position: Mapping[str, int],
    draw_order: Mapping[str, int] | None,
) -> np.ndarray:
    """One stage's ranking keys (total units, then each tie-break) at ``position`` of each entrant.

    Earlier stages hold more entrants than the one being ranked; only those in
    ``position`` are taken.
    """
    found_keys = []
    for g in evaluation.groups:
        state = g.results[0].explanation.state
        at = np.array([position.get(e.id, -1) for e in state.entrants], np.int64)
        found = at >= 0
        # The engine's own keys, so a stage ranks exactly as its evaluation does.
        found_keys.append((at[found], np.array(group_keys(data.plain, state, draw_order, []))[:, found]))
    # A countback adds one key per counted mark, and groups can count different
    # numbers: a group's keys that run out compare as -inf, as marks that run out.
    width = max((k.shape[0] for _, k in found_keys), default=1)
    keys = np.full((width, len(position)), -np.inf)
    for at, k in found_keys:
        keys[: k.shape[0], at] = k
    return keys


def _natural(name: str) -> list:
    """第2桌 before 第10桌: digits compare as numbers."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def _tables(stage: Stage, nxt: Stage, entrants: list[Entrant], group_codes: np.ndarray) -> np.ndarray:
    """A code per entrant for its table (flight) within its group, in table order.

    A flight's judges score only that flight's samples, so its raw totals
    compare within the flight alone: the cut and the stage's ranks are taken
    table by table, and an entrant without a table cannot be placed at all.
    """
    lost = [e.id for e in entrants if not e.flight]
    if lost:
        names = "、".join(lost[:5]) + ("等" if len(lost) > 5 else "")
        raise ObservationError(
            f"“{nxt.id}”按桌晋级(per: flight),但“{stage.id}”的参评对象{names}没有桌次(flight)",
            f"{nxt.id!r} advances per flight, but in {stage.id!r} "
            f"{', '.join(lost[:5])}{', …' if len(lost) > 5 else ''} "
            f"{'have' if len(lost) > 1 else 'has'} no flight",
            field="flight",
        )
    pairs = sorted(
        {(int(g), e.flight or "") for g, e in zip(group_codes, entrants, strict=True)},
        key=lambda p: (p[0], _natural(p[1])),
    )
    code = {p: k for k, p in enumerate(pairs)}
    return np.array(
        [code[(int(g), e.flight or "")] for g, e in zip(group_codes, entrants, strict=True)],
        np.int64,
    )


def _cut(
    stage: Stage,
    nxt: Stage,
    entrants: list[Entrant],
    scope: np.ndarray,
    keys: list[np.ndarray],
    totals: np.ndarray,
    decimals: int,
) -> tuple[np.ndarray, list[str], list[str]]:
    """Who advances into ``nxt`` (the top ``advance`` of each ``scope``: a group, a
    table of a group, or everybody), and notes (and warnings) on every tie at the cut."""
    assert nxt.advance is not None  # the parser requires it after the first stage
    # ties: all compares the ranked totals alone: everybody level with the last place
    # that fits goes on. Otherwise the scheme's tie-break chain decides.
    cut_keys = keys[:1] if nxt.ties == "all" else keys
    rank = competition_rank(scope, cut_keys)
    goes = rank <= nxt.advance
    notes: list[str] = []
    warnings: list[str] = []
    for s in np.unique(scope):
        member = scope == s
        first = entrants[int(np.argmax(member))]
        where = {"overall": "", "group": f"{first.group} · "}.get(
            nxt.per, f"{first.group} · {first.flight} · "
        )
        # advance >= 1, so the best of every scope goes on and has a line.
        line = totals[goes & member].min()
        level = member & (totals == line)
        if not (level & ~goes).any() and int((goes & member).sum()) <= nxt.advance:
            continue
        names = "、".join(e.id for e, hit in zip(entrants, level, strict=True) if hit)
        shown = f"{from_units(line, decimals):.{decimals}f}"
        took = int((goes & member).sum())
        if took > nxt.advance:
            why_zh = (
                "并列者全部晋级(ties: all)"
                if nxt.ties == "all"
                else "tie_break 未能区分,并列者全部晋级"
            )
            why_en = (
                "all tied go on (ties: all)"
                if nxt.ties == "all"
                else "the tie-break chain did not separate them: all tied go on"
            )
            note = (
                f"{where}“{stage.id}”晋级线{nxt.advance}人处并列({names},排名总分{shown}),"
                f"{why_zh},共{took}人晋级“{nxt.id}” / {where}tie at the cut of {nxt.advance} "
                f"in {stage.id} ({names}, ranked total {shown}): {why_en}; {took} go on to {nxt.id}"
            )
            notes.append(note)
            if nxt.ties != "all":
                warnings.append(note)
        else:
            won = "、".join(e.id for e, hit in zip(entrants, level & goes, strict=True) if hit)
            notes.append(
                f"{where}“{stage.id}”晋级线处排名总分同为{shown}({names}),按 tie_break 决定:{won}晋级 / "
                f"{where}level on {shown} at the cut in {stage.id} ({names}): the tie-break "
                f"chain decided, {won} go on"
            )
    return goes, notes, warnings


def _standings(
    data: _Input,
    k: int,
    evaluations: Mapping[str, Evaluation],
    draw_order: Mapping[str, int] | None,
) -> StageStandings:
    stage = data.scheme.stages[k]
    nxt = data.scheme.stages[k + 1] if k + 1 < len(data.scheme.stages) else None
    ev = evaluations[stage.id]
    decimals = data.scheme.decimals
    entrants = [r.entrant for g in ev.groups for r in g.results]
    group_codes = np.array([gi for gi, g in enumerate(ev.groups) for _ in g.results], np.int64)
    position = {e.id: i for i, e in enumerate(entrants)}
    per_stage = {
        s: _stage_keys(data, evaluations[s], position, draw_order) for s in stage.ranked_on
    }
    # Totals and tie-break figures add up over ranked_on; a lot number is drawn once.
    summed = np.sum([per_stage[s] for s in stage.ranked_on], axis=0)
    for j, t in enumerate(data.scheme.tie_break, 1):
        if t == "draw":
            summed[j] = per_stage[stage.id][j]
    keys = list(summed)
    totals = summed[0].astype(np.int64)
    # Tables compare only within themselves: a flighted stage ranks table by table.
    tables = group_codes
    if nxt is not None and nxt.per == "flight":
        tables = _tables(stage, nxt, entrants, group_codes)
    rank = competition_rank(tables, keys)
    overall = competition_rank(np.zeros(len(entrants), np.int64), keys)
    notes: list[str] = []
    warnings: list[str] = list(ev.warnings)
    goes = np.zeros(len(entrants), bool)
    if nxt is not None:
        scope = np.zeros(len(entrants), np.int64) if nxt.per == "overall" else tables
        goes, notes, cut_warnings = _cut(stage, nxt, entrants, scope, keys, totals, decimals)
        warnings += cut_warnings
    parts_of = {
        s: from_units(per_stage[s][0].astype(np.int64), decimals).tolist() for s in stage.ranked_on
    }
    ranked = from_units(totals, decimals).tolist()
    ranks, overalls = rank.tolist(), overall.tolist()
    flags = [None] * len(entrants) if nxt is None else goes.tolist()
    standings = [
        StageStanding(
            e,
            parts_of[stage.id][i],
            {s: parts_of[s][i] for s in stage.ranked_on},
            ranked[i],
            ranks[i],
            overalls[i],
            flags[i],
        )
        for i, e in enumerate(entrants)
    ]
    order = sorted(
        range(len(entrants)), key=lambda i: (group_codes[i], tables[i], rank[i], entrants[i].id)
    )
    standings = [standings[i] for i in order]
    if nxt is not None and nxt.per == "overall":
        order = sorted(
            range(len(entrants)), key=lambda i: (overall[i], group_codes[i], entrants[i].id)
        )
    advancing = tuple(entrants[i].id for i in order if goes[i])
    eliminated = tuple(entrants[i].id for i in order if nxt is not None and not goes[i])
    return StageStandings(
        stage,
        nxt,
        ev,
        standings,
        advancing,
        eliminated,
        tuple(notes),
        tuple(dict.fromkeys(warnings)),
    )


def _run(data: _Input, last: int, draw_order: Mapping[str, int] | None) -> list[StageStandings]:
    by_id = {e.id: e for e in data.people}
    taking_part = list(data.people)
    evaluations: dict[str, Evaluation] = {}
    out: list[StageStandings] = []
    for k, stage in enumerate(data.scheme.stages[: last + 1]):
        rows = data.stage_rows[stage.id]
        ids = {e.id for e in taking_part}
        allowed = np.array([e in ids for e in data.code_entrant], bool)
        outside = np.nonzero(~allowed[data.table.entrant[rows]])[0] if len(rows) else []
        if len(outside):
            row = int(rows[outside[0]])
            who = data.code_entrant[data.table.entrant[row]]
            raise ObservationError(
                f"参评对象“{who}”未进入“{stage.id}”,该阶段不能有其成绩",
                f"entrant {who!r} did not advance to {stage.id!r}: no row of that stage may name it",
                data.table.ref_of(row),
                "round",
            )
        if k < last and not len(rows):
            later = data.scheme.stages[last].id
            raise ObservationError(
                f"“{stage.id}”还没有成绩,无法确定进入“{later}”的名单",
                f"stage {stage.id!r} has no rows yet, so who reaches {later!r} is not known",
                field="round",
            )
        evaluations[stage.id] = evaluate(
            data.plain, taking_part, _subset(data.table, rows), draw_order=draw_order
        )
        out.append(_standings(data, k, evaluations, draw_order))
        taking_part = [by_id[i] for i in out[-1].advancing]
    return out


def stage_standings(
    scheme: Scheme,
    entrants: Iterable[Entrant] | None,
    observations: Iterable[Observation] | ObservationTable,
    stage: str,
    *,
    draw_order: Mapping[str, int] | None = None,
) -> StageStandings:
    """One stage's ranking and cut, from the rows of that stage and the stages before it.

    Rows of later stages are not read, so the hall may call this while a later
    stage is under way. ``entrants`` may be None for the scheme's own list;
    ``draw_order`` maps entrant ids to lot numbers for a ``draw`` tie-break.

    >>> from bipin.scoring import parse_scheme
    >>> s = parse_scheme({"contest": "示例", "stages": [{"id": "预赛"}, {"id": "决赛", "advance": 1}],
    ...     "dimensions": [{"name": "成绩", "indicators": [
    ...         {"name": "得分", "points": 10, "source": "data", "rule": "manual"}]}]})
    >>> people = [Entrant("甲", "甲", "组"), Entrant("乙", "乙", "组")]
    >>> rows = [Observation("甲", "data", "得分", 6, round="预赛"),
    ...         Observation("乙", "data", "得分", 8, round="预赛")]
    >>> st = stage_standings(s, people, rows, "预赛")
    >>> st.ranks, st.advancing, st.eliminated
    ({'乙': 1, '甲': 2}, ('乙',), ('甲',))
    """
    ids = [s.id for s in scheme.stages]
    if stage not in ids:
        raise ValueError(f"方案没有阶段“{stage}” / the scheme has no stage {stage!r}")
    data = _prepare(scheme, entrants, observations)
    return _run(data, ids.index(stage), draw_order)[-1]


def evaluate_stages(
    scheme: Scheme,
    entrants: Iterable[Entrant] | None,
    observations: Iterable[Observation] | ObservationTable,
    *,
    draw_order: Mapping[str, int] | None = None,
) -> StagedEvaluation:
    """Every stage held so far, and each entrant's final place and the stage that decided it.

    Finalists are placed by the last stage held, then those eliminated in the
    stage before by that stage's ranking, and so on back to the first stage.
    Awards, when declared, go by those places among entrants neither vetoed
    nor scored on a filled-in missing value in any stage they took part in.
    """
    data = _prepare(scheme, entrants, observations)
    held = max((k for k, s in enumerate(scheme.stages) if len(data.stage_rows[s.id])), default=0)
    stages = _run(data, held, draw_order)
    warnings = [w for st in stages for w in st.warnings]
    decided: dict[str, tuple[StageStandings, StageStanding]] = {}
    for st in stages:
        for s in st.standings:
            decided[s.entrant.id] = (st, s)
    groups = list(dict.fromkeys([*scheme.groups, *(e.group for e in data.people)]))
    placings: dict[str, list[Placing]] = {}
    places = {st.stage.id: _table_places(st) for st in stages}
    for g in groups:
        rows = sorted(
            (
                Placing(
                    s.entrant, places[st.stage.id].get(s.entrant.id, s.rank), st.stage.id, s.ranked_total
                )
                for st, s in decided.values()
                if s.entrant.group == g
            ),
            key=lambda p: (p.place, p.entrant.id),
        )
        if rows:
            placings[g] = _awards(scheme, stages, rows, warnings)
    pending = tuple(s.id for s in scheme.stages[held + 1 :])
    return StagedEvaluation(scheme.contest, stages, placings, pending, sorted(set(warnings)))


def _table_places(st: StageStandings) -> dict[str, int]:
    """Final places of those a flighted stage (``per: flight`` cut) placed.

    Totals of different tables were given by different judges and are never
    compared: whoever advanced is placed above whoever did not, and among
    each of the two, by the place at their own table (every table's third
    shares one place, as in a taste-off's published lists).
    """
    if st.next_stage is None or st.next_stage.per != "flight":
        return {}
    rows = st.standings
    went = np.array([bool(s.advanced) for s in rows])
    group = np.array([s.entrant.group for s in rows], object)
    codes = np.unique(group, return_inverse=True)[1].reshape(-1) * 2 + went
    table_rank = np.array([float(s.rank) for s in rows])
    rank = competition_rank(codes, [-table_rank])
    ahead = {g: int((went & (group == g)).sum()) for g in set(group.tolist())}
    return {
        s.entrant.id: int(r) + (0 if w else ahead[s.entrant.group])
        for s, r, w in zip(rows, rank.tolist(), went.tolist(), strict=True)
    }


def _awards(
    scheme: Scheme, stages: Sequence[StageStandings], rows: list[Placing], warnings: list[str]
) -> list[Placing]:
    if scheme.awards is None:
        return rows
    vetoed: set[str] = set()
    filled: set[str] = set()
    for st in stages:
        for g in st.evaluation.groups:
            state = g.results[0].explanation.state
            gaps = filled_anywhere(state)
            for i, e in enumerate(state.entrants):
                if state.vetoed[i]:
                    vetoed.add(e.id)
                elif gaps[i]:
                    filled.add(e.id)
    for p in rows:
        if p.entrant.id in filled - vetoed:
            warnings.append(
                f"{p.entrant.group} · {p.entrant.id} · 有缺失数据,不参与评奖 / "
                "has missing data: not eligible for an award"
            )
    eligible = np.array([p.entrant.id not in vetoed | filled for p in rows])
    places = np.array([-float(p.place) for p in rows])
    awards = assign_awards(scheme.awards, [places], eligible)
    return [replace(p, award=a) for p, a in zip(rows, awards, strict=True)]
