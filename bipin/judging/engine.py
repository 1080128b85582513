"""The one door from the event day to the scoring engine.

Every live panel result is computed by the engine's panel aggregation (the
core of :func:`bipin.scoring.score_panel`, for many entrants at once) with the
scheme's own panel rule. When the contest's scheme in force has the
panel, that rule governs; a panel set up by hand (no scheme yet) is scored
with a one-item scheme built from the panel's settings, so the arithmetic is
still the engine's and nothing is re-implemented here.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np

from bipin.contests.models import Contest
from bipin.scoring import ObservationTable, Scheme, Source, parse_scheme, round_half_up
from bipin.scoring.model import SOURCES
from bipin.scoring.panels import panel_marks


@dataclass(frozen=True)
class LiveResult:
    total: Decimal
    judges_counted: int
    dropped: tuple[str, ...]


@functools.lru_cache(maxsize=32)
def _scheme_from_file(sha256: str, content: bytes, filename: str) -> Scheme:
    # Keyed by the file's hash: a scheme version never changes, so the cache
    # cannot serve stale rules and each worker parses a file once.
    from bipin.io.schemes import load_scheme

    return load_scheme(content, filename=filename)


def scheme_of(version) -> Scheme:
    """A valid scheme version, parsed once per worker."""
    return _scheme_from_file(version.sha256, bytes(version.content), version.filename)


def contest_scheme(contest: Contest) -> Scheme | None:
    from bipin.contests.services import current_scheme

    version = current_scheme(contest)
    if version is None:
        return None
    return scheme_of(version)


@functools.lru_cache(maxsize=64)
def _hand_scheme(item: str, criteria: tuple, trim: int, trim_min: int, decimals: int) -> Scheme:
    return parse_scheme({
        "contest": "panel", "panels": {item: {
            "on": "sheet", "aggregate": "trimmed", "trim": trim, "trim_min_judges": trim_min,
            "rounding": {"decimals": decimals, "stage": "entrant"},
            "criteria": [{"id": c, "name": c, "max": float(m)} for c, m in criteria]}},
        "dimensions": [{"name": "panel", "indicators": [
            {"name": f"{item}-item", "points": 100, "source": "panel", "panel": item, "rule": "scaled"}]}],
    })


def scheme_for(panel) -> Scheme:
    scheme = contest_scheme(panel.contest)
    if scheme is not None and panel.item in scheme.panels:
        return scheme
    criteria = tuple((c["id"], c["max"]) for c in panel.criteria)
    return _hand_scheme(panel.item, criteria, panel.trim, panel.trim_min, panel.decimals)


def live_results(panel, scheme: Scheme,
                 sheets: Mapping[int, Mapping[str, Mapping[str, Decimal]]]) -> dict[int, LiveResult]:
    """Results of the entrants in ``{entrant_id: {judge: {criterion: mark}}}``.

    The engine's :func:`score_panel` for many entrants at once: it is built on
    ``panel_marks``, which is vectorised over entrants, so the big screen asks
    once for the whole panel instead of once per entrant.
    """
    table = _table(sheets)
    if not len(table):
        return {}
    # The big screen shows raw marks: an adjusted figure would move with every
    # sheet of every entrant; the ranking settles it (docs/judges.md).
    spec = replace(scheme.panel(panel.item), adjust="none")
    pm = panel_marks(spec, table, np.arange(len(table)), table.entrant, len(table.entrants))
    decimals = panel.decimals if spec.decimals is None else spec.decimals
    out = {}
    for i, label in enumerate(table.entrants):
        if np.isnan(pm.totals[i]):
            continue
        dropped = pm.rows[:, i][(pm.rows[:, i] >= 0) & ~pm.used[:, i]]
        out[int(label)] = LiveResult(round_half_up(float(pm.totals[i]), decimals), int(pm.judges_counted[i]),
                                     tuple(sorted({table.judges[table.judge[r]] for r in dropped.tolist()})))
    return out


def _table(sheets: Mapping[int, Mapping[str, Mapping[str, Decimal]]]) -> ObservationTable:
    """Panel marks as the engine's columns, built straight from the query rows
    (what ``ObservationTable.from_observations`` makes, without a Python object
    per mark: the big screen rebuilds this on every change)."""
    rows = [(str(e), j, c, float(v)) for e, by_judge in sheets.items()
            for j, marks in by_judge.items() for c, v in marks.items()]
    columns = []
    for k in range(3):
        labels = tuple(sorted({r[k] for r in rows}))
        index = {name: i for i, name in enumerate(labels)}
        columns.append((labels, np.fromiter((index[r[k]] for r in rows), np.int64, len(rows))))
    (entrants, e), (judges, j), (items, c) = columns
    n = len(rows)
    return ObservationTable(
        entrants, items, judges, ("",), e, c, j, np.zeros(n, np.int64),
        np.fromiter((r[3] for r in rows), float, n), np.ones(n),
        np.full(n, SOURCES.index(Source.PANEL), np.int8))
