"""The ranking as pages: the organizer's ranking and the public notice (公示) of a
campaign of 100,000 households, searched by name, code or group, 100 rows a page.

A snapshot keeps every entrant's explanation tree: at 100,000 households its
stored JSON is about 500 MB and reading it takes some 20 seconds. The table needs
a few figures per entrant, so a snapshot is read once into light lines (its
figures, the effects of its vetoes, why it is unranked; no trees) and kept in
this process. A request then filters, sorts and slices those lines and words
only the rows it shows. A saved snapshot never changes, so a kept listing is
never stale; it is keyed by the snapshot's id, input hash and time all the same.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator

from bipin.contests.params import whole_number
from bipin.io.report_data import group_notes, is_staged, read_report, veto_effects
from bipin.io.rule_text import Said, coverage_words, veto_effect
from bipin.results.models import Snapshot
from bipin.results.presenters import JUDGE_IN_TEXT, judge_labels, panel_judges, relabel, said
from bipin.scoring.collector import collector_paused

__all__ = ["HEAVY", "PAGE_SIZE", "Line", "Listing", "light_snapshot", "listing_of", "page_numbers",
           "page_of", "ranking_context", "ranking_page"]

PAGE_SIZE = 100
# A snapshot's stored JSON; a page that shows only its number and label defers both.
HEAVY = ("evaluation", "inputs")
# Listings kept per process, about 65 MB each at 100,000 entrants: the released
# snapshot (the notice), the newest and one the organizer looks back at.
KEPT = 3


@dataclass(frozen=True, slots=True)
class Line:
    """One entrant's row of the ranking table, as the engine's figures give it."""

    entrant_id: str
    name: str
    code: str
    total: float | None
    rank: int | None
    grade: str
    award: str
    vetoed: bool
    dims: tuple[float | None, ...]  # in the group's dimension order
    veto: tuple[str, ...]  # the declared effects of the vetoes it triggered
    coverage: Mapping[str, Any] | None  # kept only when it leaves the entrant unranked


@dataclass(frozen=True)
class GroupLines:
    name: str
    dimensions: tuple[str, ...]
    has_awards: bool
    lines: tuple[Line, ...]  # in rank order, unranked last, ties by name
    folded: tuple[str, ...]  # each line's name and code, case-folded, for the search


@dataclass(frozen=True)
class Listing:
    staged: bool  # a staged contest's pages show its stages instead (small contests)
    groups: tuple[GroupLines, ...]  # in the evaluation's order; the contest's order is per request
    warnings: tuple[str, ...]
    judges: list[str]  # the panels' judges, read only when a warning names one


def light_snapshot(pk: int) -> Snapshot:
    """A snapshot without its stored JSON, which :func:`listing_of` reads only once."""
    return Snapshot.objects.defer(*HEAVY).get(pk=pk)


def _entrants(snapshot: Snapshot) -> Sequence[Mapping[str, Any]]:
    """The names and codes the snapshot was computed with."""
    # Its observations come too (the inputs are stored compressed, as one value);
    # _read lets them go with the rest when the listing is made.
    return snapshot.inputs.get("entrants", [])


def _by_rank(row) -> tuple:
    return row.rank is None, row.rank or 0, row.name


def _read(snapshot: Snapshot) -> Listing:
    unread = [name for name in HEAVY if name in snapshot.get_deferred_fields()]
    try:
        return _lines(snapshot)
    finally:
        # Read for the listing alone: its hundreds of megabytes go as soon as it is made,
        # not when the request ends (a staged contest's page reads it again: those are small).
        for name in unread:
            snapshot.__dict__.pop(name, None)


def _lines(snapshot: Snapshot) -> Listing:
    evaluation = snapshot.evaluation
    if is_staged(evaluation):
        return Listing(True, (), (), [])
    report = read_report(evaluation, _entrants(snapshot))
    groups = []
    for g in report.groups:
        lines = []
        for r in sorted(g.rows, key=_by_rank):
            coverage = r.explanation.get("coverage") if isinstance(r.explanation, Mapping) else None
            lines.append(Line(r.entrant_id, r.name, r.code, r.total, r.rank, r.grade, r.award, r.vetoed,
                              tuple(r.dimensions.get(d) for d in g.dimensions),
                              tuple(veto_effects(r.explanation)) if r.vetoed else (),
                              coverage if coverage_words(coverage) else None))
        groups.append(GroupLines(g.name, tuple(g.dimensions), any(line.award for line in lines),
                                 tuple(lines), tuple(f"{line.name}\0{line.code}".casefold() for line in lines)))
    # Naming judges needs the observations (millions of rows in a large campaign).
    judges = panel_judges(snapshot) if any(JUDGE_IN_TEXT.search(w) for w in report.warnings) else []
    return Listing(False, tuple(groups), tuple(report.warnings), judges)


_kept: OrderedDict[tuple, Listing] = OrderedDict()
_keeping = threading.Lock()  # held only to look up or store
_reading = threading.Lock()  # held while a snapshot is read


def _kept_listing(key: tuple, listing: Listing | None = None) -> Listing | None:
    with _keeping:
        if listing is not None:
            _kept[key] = listing
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
        return found


def listing_of(snapshot: Snapshot) -> Listing:
    """The snapshot's lines, read once per process; an unsaved trial's every time."""
    if snapshot.pk is None:
        return _read(snapshot)
    key = (snapshot.pk, snapshot.input_hash, snapshot.computed_at)
    found = _kept_listing(key)
    if found is not None:
        return found
    # One reading at a time: two requests for a new large snapshot would each hold
    # its whole JSON in memory (gigabytes) and the second would only repeat the first.
    # Reading it makes millions of small objects: without the cycle collector walking
    # them again and again it takes half the time (bipin.scoring.collector).
    with _reading:
        found = _kept_listing(key)  # read by the request this one waited for
        if found is None:
            with collector_paused():
                found = _kept_listing(key, _read(snapshot))
    return found


def _sort_key(sort: str, dimensions: Sequence[str]):
    """The key of ``sort`` ("name", "-total", "d2", ...; anything else is the rank);
    its first item says the figure is missing, so missing figures go last either way."""
    field_ = sort.lstrip("-")
    if field_ == "name":
        return lambda r: (False, r.name)
    if field_ == "total":
        return lambda r: (r.total is None, r.total or 0.0)
    column = whole_number(field_[1:], maximum=len(dimensions) - 1) if field_.startswith("d") else None
    if column is not None:
        return lambda r: (r.dims[column] is None, r.dims[column] or 0.0)
    return _by_rank


def _sorted(lines: Sequence[Line], sort: str, dimensions: Sequence[str]) -> Sequence[Line]:
    key = _sort_key(sort, dimensions)
    if key is _by_rank and not sort.startswith("-"):
        return lines  # kept in this order
    rows = sorted(lines, key=key)
    if sort.startswith("-"):
        rows = [r for r in rows if not key(r)[0]][::-1] + [r for r in rows if key(r)[0]]
    return rows


class _Rows(Sequence):
    """Each group's rows after the last group's, as one sequence of (group, line) that
    a page slices without copying 100,000 rows into one list."""

    def __init__(self, parts: Sequence[tuple[GroupLines, Sequence[Line]]]):
        self.parts = parts
        self.total = sum(len(rows) for _, rows in parts)

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if isinstance(index, int):
            if not 0 <= index < self.total:
                raise IndexError(index)
            return self[index:index + 1][0]
        start, stop, _ = index.indices(self.total)
        out, offset = [], 0
        for g, rows in self.parts:
            if offset < stop and start < offset + len(rows):
                out.extend((g, line) for line in rows[max(0, start - offset):stop - offset])
            offset += len(rows)
        return out


def _matching(g: GroupLines, q: str) -> Sequence[Line]:
    """The group's lines whose name or code contains ``q``; all of them if its name does."""
    if not q or q in g.name.casefold():
        return g.lines
    return [line for line, folded in zip(g.lines, g.folded, strict=True) if q in folded]


def _ordered(listing: Listing, contest) -> list[GroupLines]:
    """Groups in the contest's own order; a group renamed since the snapshot goes last."""
    order = {name: i for i, name in enumerate(contest.groups.values_list("name", flat=True))}
    return sorted(listing.groups, key=lambda g: (order.get(g.name, len(order)), g.name))


def _item(line: Line) -> dict[str, Any]:
    """A row as the table shows it, worded in the page's language."""
    unranked = coverage_words(line.coverage)
    return {"row": line, "dims": line.dims,
            "veto": "、".join(said(veto_effect(e)) for e in line.veto),
            "unranked": said(unranked) if unranked else ""}


def _section(g: GroupLines, rows: Sequence[Line], continued: bool = False) -> dict[str, Any]:
    return {"name": g.name, "dimensions": list(g.dimensions), "has_awards": g.has_awards,
            "rows": [_item(line) for line in rows], "continued": continued}


def _notes(snapshot: Snapshot, listing: Listing, reveal_judges: bool) -> dict[str, Any]:
    """Warnings and notes; judges in them named only for organizers."""
    warnings = list(listing.warnings)
    if listing.judges:
        warnings = relabel(warnings, judge_labels(snapshot, reveal_judges, listing.judges))
    return {"warnings": warnings, "notes": group_notes(warnings)}


def ranking_context(snapshot: Snapshot, sort: str, reveal_judges: bool = False) -> dict[str, Any]:
    """Every row per group, sorted by ``sort``; for a trial (试算), which is never large."""
    listing = listing_of(snapshot)
    groups = [_section(g, _sorted(g.lines, sort, g.dimensions)) for g in _ordered(listing, snapshot.contest)]
    return {"groups": groups, "sort": sort, **_notes(snapshot, listing, reveal_judges)}


NO_MATCH = Said("没有找到与“{q}”匹配的参评对象。", "Nothing matches “{q}”: no entrant's name, code or group.")
NO_CODE = Said("没有编号为“{q}”的参评对象,请核对编号后重新输入。",
               "There is no entrant with the code “{q}”. Check the code and try again.")


def _message(text: Said, q: str) -> Said:
    return Said(text.zh.format(q=q), text.en.format(q=q))


def page_of(items, query: Mapping[str, str], size: int = PAGE_SIZE):
    """The page ``?page=`` asks for; a number out of range or not a number gives the nearest."""
    return Paginator(items, size).get_page(whole_number(query.get("page", ""), minimum=1) or 1)


def page_numbers(page) -> list[int | None]:
    """Page numbers to link: the first, the last and two on each side; None for a gap."""
    return [n if isinstance(n, int) else None
            for n in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)]


def _lookup(groups: Sequence[GroupLines], code: str) -> dict[str, Any]:
    """The row of the entrant with this code (exactly, else ignoring case), or a message."""
    wanted, folded = code.strip(), code.strip().casefold()
    found = loose = None
    for g in groups:
        for line in g.lines:
            if line.code and line.code == wanted:
                found = g, line
                break
            if loose is None and line.code and line.code.casefold() == folded:
                loose = g, line
        if found:
            break
    found = found or loose
    if found is None:
        return {"groups": [], "missing": _message(NO_CODE, wanted)}
    return {"groups": [_section(found[0], [found[1]])], "missing": None}


def ranking_page(snapshot: Snapshot, query: Mapping[str, str], reveal_judges: bool = False,
                 public: bool = False) -> dict[str, Any]:
    """One page of the ranking: ``query`` is the request's GET (``sort``, ``q``, ``page``).
    Rows run group after group in the contest's order, each group sorted by ``sort``;
    a page may end one group and begin the next. The ``public`` notice keeps the
    official order and looks up one entrant by its ``code``. ``shown`` lists the
    entrant ids on the page."""
    listing = listing_of(snapshot)
    groups = _ordered(listing, snapshot.contest)
    sort = "" if public else query.get("sort", "")
    q = query.get("q", "").strip()
    context: dict[str, Any] = {"sort": sort, "q": q, "code": "", "found": None, "no_match": None,
                               "missing_code": None, "page": None, "pages": [],
                               # The notice shows no computation notes.
                               **({} if public else _notes(snapshot, listing, reveal_judges))}
    code = query.get("code", "").strip() if public else ""
    if code:
        found = _lookup(groups, code)
        shown = [item["row"] for g in found["groups"] for item in g["rows"]]
        return {**context, "code": code, "groups": found["groups"], "missing_code": found["missing"],
                "shown": {line.entrant_id for line in shown}}
    needle = q.replace("\0", "").casefold()
    rows = _Rows([(g, _sorted(_matching(g, needle), sort, g.dimensions)) for g in groups])
    page = page_of(rows, query, PAGE_SIZE)
    sections: list[dict[str, Any]] = []
    previous = rows[page.start_index() - 2][0] if page.start_index() > 1 else None
    for g, line in page.object_list:
        if not sections or sections[-1]["name"] != g.name:
            sections.append(_section(g, [], continued=not sections and g is previous))
        sections[-1]["rows"].append(_item(line))
    return {**context, "groups": sections, "page": page, "pages": page_numbers(page), "found": len(rows),
            "no_match": _message(NO_MATCH, q) if q and not rows else None,
            "shown": {line.entrant_id for _, line in page.object_list}}
