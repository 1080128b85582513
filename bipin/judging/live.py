"""What the big screen and the organizer's console show, computed from the DB.

Every screen polls; nothing is kept in a process's memory, so any number of
app workers answer alike. Panel results come from the engine via :mod:`engine`.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.urls import reverse
from django.utils import timezone

from bipin.contests.models import Contest
from bipin.judging.draws import stage_order
from bipin.judging.engine import live_results, scheme_for
from bipin.judging.flights import current_tables
from bipin.judging.models import Mark, Panel, Recusal, RevealMode, Seat, Sheet, Stage
from bipin.judging.refs import Naming, entry_ref, naming
from bipin.judging.rounds import current_round, round_name
from bipin.judging.timer import next_entrant, order_basis
from bipin.scoring.rank import competition_rank


def locked_marks(panel: Panel) -> dict[int, dict[int, dict[str, object]]]:
    """{entrant_id: {judge_id: {criterion: value}}} from the current stage's locked sheets.

    The live result is the stage's own: an earlier stage's marks, which a
    scheme may add into the stage's ranking, are the engine's to add.
    """
    out: dict[int, dict[int, dict[str, object]]] = defaultdict(lambda: defaultdict(dict))
    rows = Mark.objects.filter(sheet__panel=panel, sheet__status=Sheet.Status.LOCKED,
                               sheet__round=current_round(panel.contest_id).key).values_list(
        "sheet__entrant_id", "sheet__judge_id", "criterion", "value")
    for entrant_id, judge_id, criterion, value in rows:
        out[entrant_id][judge_id][criterion] = value
    return out


def expected_judges(panel: Panel, entrant_ids) -> dict[int, set[int]]:
    """Who owes a sheet for each entrant in the current stage: the seated judges not
    recused from it, and in a stage judged in flights only those of its table."""
    seated = set(Seat.objects.filter(panel=panel).values_list("user_id", flat=True))
    recused = defaultdict(set)
    for user_id, entrant_id in Recusal.objects.filter(contest_id=panel.contest_id).values_list(
            "user_id", "entrant_id"):
        recused[entrant_id].add(user_id)
    tables = current_tables(panel)

    def owe(entrant_id: int) -> set[int]:
        # A sample not at any table is owed by everyone, so it shows as missing until placed.
        table = tables.table_of_sample(entrant_id) if tables else None
        return seated & tables.judges[table.pk] if table else seated

    return {e: owe(e) - recused[e] for e in entrant_ids}


def timer_state(stage: Stage, names: Naming) -> dict:
    entrant = stage.entrant
    return {
        "entry": names.label(entrant) if entrant else None,
        # None: the panel has no presentation timer, and no screen shows a clock.
        "length": stage.timer_seconds if stage.panel and stage.panel.timer else None,
        "started_at": stage.started_at.isoformat() if stage.started_at else None,
        "paused_at": stage.paused_at.isoformat() if stage.paused_at else None,
        "paused_seconds": stage.paused_seconds,
        "server_now": timezone.now().isoformat(),
    }


def results(panel: Panel, entrants) -> dict[int, dict]:
    """Per entrant: sheets in, sheets expected, and the result once complete."""
    marks = locked_marks(panel)
    expected = expected_judges(panel, [e.pk for e in entrants])
    complete, counts = {}, {}
    for e in entrants:
        # Only seated, non-recused judges count; a sheet of anyone else stays on
        # record but off the result.
        sheets = {str(j): m for j, m in marks.get(e.pk, {}).items() if j in expected[e.pk]}
        counts[e.pk] = len(sheets)
        if expected[e.pk] and len(sheets) >= len(expected[e.pk]):
            complete[e.pk] = sheets
    computed = live_results(panel, scheme_for(panel), complete)
    out = {e.pk: {"submitted": counts[e.pk], "expected": len(expected[e.pk]), "result": computed.get(e.pk)}
           for e in entrants}
    return out


def board(contest: Contest, stage: Stage) -> dict:
    """The big screen's JSON: labels only (codes in 盲评), never names or ids."""
    names = naming(contest, stage)
    panel = stage.panel
    data = {"version": stage.version, "round": round_name(contest), "mode": stage.reveal_mode, "results_shown": stage.results_shown,
            "panel": panel.name if panel else None, "timer": timer_state(stage, names),
            "entries": []}
    if panel is None:
        return data
    entrants = names.ordered(stage_order(contest, names))
    res = results(panel, entrants)
    # 全部评完后统一公布: nothing shows until the organizer says so.
    show = stage.reveal_mode != RevealMode.AT_END or stage.results_shown
    done = [e for e in entrants if res[e.pk]["result"] is not None]
    ranks: dict[int, int] = {}
    if done:
        groups = np.array([e.group_id for e in done])
        totals = np.array([float(res[e.pk]["result"].total) for e in done])
        ranks = dict(zip([e.pk for e in done], competition_rank(groups, [totals]).tolist(), strict=True))
    for e in entrants:
        r = res[e.pk]
        entry = {"ref": entry_ref(e), "label": names.label(e), "group": e.group.name,
                 "submitted": r["submitted"], "expected": r["expected"],
                 "complete": r["result"] is not None, "total": None, "rank": None}
        if show and r["result"] is not None:
            entry["rank"] = ranks[e.pk]
            if stage.reveal_mode != RevealMode.RANKS_ONLY:
                entry["total"] = str(r["result"].total)
        data["entries"].append(entry)
    return data


def console(contest: Contest, stage: Stage) -> dict:
    """The organizer's view: which judge has filed which sheet (judges by name,
    entrants as :class:`Naming` allows: codes in 盲评 until the key is released)."""
    panel = stage.panel
    if panel is None:
        return {"version": stage.version, "judges": [], "entries": [], "drift": [], "analysis": None,
                "timer": None, "on_stage": None, "next": None}
    judges = list(Seat.objects.filter(panel=panel).select_related("user").order_by("user__username"))
    status = {(s.entrant_id, s.judge_id): s.status for s in
              Sheet.objects.filter(panel=panel, status__in=Sheet.ACTIVE, round=current_round(contest).key)
              .only("entrant_id", "judge_id", "status")}
    names = naming(contest, stage)
    entrants = names.ordered(stage_order(contest, names))
    res = results(panel, entrants)
    following = next_entrant(contest, panel, stage.entrant_id)
    expected = expected_judges(panel, [e.pk for e in entrants])
    recused = set(Recusal.objects.filter(contest=contest).values_list("entrant_id", "user_id"))

    def owed(entrant_id: int, user_id: int) -> str:
        # Not owed: recused, or (分桌) the sample is at another table than the judge.
        if user_id in expected[entrant_id]:
            return ""
        return "recused" if (entrant_id, user_id) in recused else "elsewhere"

    rows = []
    for e in entrants:
        result = res[e.pk]["result"]
        rows.append({
            "ref": entry_ref(e), "label": names.label(e), "code": e.code,
            "on_stage": stage.entrant_id == e.pk,
            "judges": [status.get((e.pk, s.user_id), owed(e.pk, s.user_id)) for s in judges],
            "total": str(result.total) if result else None,
        })
    # The judge analysis is its own app, built on this one: imported here, not at the top.
    from bipin.agreement.analysis import drifting_judges

    flags = drifting_judges(panel)
    return {"version": stage.version, "judges": [s.user.get_full_name() or s.user.get_username()
                                                 for s in judges], "entries": rows,
            "drift": [flags.get(s.user_id, False) for s in judges],
            "analysis": reverse("agreement:panel", args=[contest.slug, panel.pk]),
            "timer": timer_state(stage, names), "on_stage": names.name(stage.entrant) if stage.entrant else None,
            "next": {"label": names.name(following), "basis": order_basis(contest, names, following)} if following else None}
