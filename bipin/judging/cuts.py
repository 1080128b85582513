"""晋级 (the cut) in the hall: close the current stage, show the core's standings,
open the next stage with exactly the entrants who advance.

The standings are :func:`bipin.scoring.stage_standings` over every app's
rows; nothing here ranks. The hall's side is what the core cannot know:
whether every sheet of the stage is in and locked, and what the organizer saw
when confirming.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from bipin.audit.chain import record
from bipin.contests.models import Contest
from bipin.judging.engine import contest_scheme
from bipin.judging.live import expected_judges
from bipin.judging.models import Cut, Draw, Panel, Presentation, Sheet, Stage
from bipin.judging.rounds import HallRound, current_round, declared_stages, stage_id
from bipin.judging.services import JudgingError, Problem, _refuse, bump, stage_of
from bipin.scoring import ObservationError, StageStandings, stage_standings
from bipin.scoring import Stage as SchemeStage


@dataclass(frozen=True)
class Closing:
    """What the organizer sees before cutting the current stage: the stage, the
    core's standings (None while a sheet is missing or open), and why not yet."""

    round: HallRound
    stage: SchemeStage
    next_stage: SchemeStage | None
    missing: int
    unlocked: int
    standings: StageStandings | None
    problems: tuple[Problem, ...]  # the engine's refusal of the marks
    version: int


def _sheet_counts(contest: Contest, current: HallRound) -> tuple[int, int]:
    """(sheets not filed yet, sheets filed but not locked) of the current stage:
    every seated judge owes one for every entrant of the stage they are not
    recused from, on every panel that has judges."""
    entrants = current.only(contest.entrants.all())
    missing = unlocked = 0
    for panel in Panel.objects.filter(contest=contest, seats__isnull=False).distinct():
        expected = expected_judges(panel, [e.pk for e in entrants])
        status = {(s.entrant_id, s.judge_id): s.status for s in Sheet.objects.filter(
            panel=panel, round=current.key, status__in=Sheet.ACTIVE).only("entrant_id", "judge_id", "status")}
        for entrant_id, judges in expected.items():
            for judge_id in judges:
                filed = status.get((entrant_id, judge_id))
                missing += filed is None
                unlocked += filed is not None and filed != Sheet.Status.LOCKED
    return missing, unlocked


def standings(contest: Contest, stage: str) -> StageStandings:
    """The core's ranking of ``stage`` and its cut, from every app's rows.

    The stage is ranked as the scheme declares (its own totals, or added to
    earlier stages'), its ties at the cut settled by the stage's own draw.
    """
    from bipin.results.engine import collect_all, draw_order, engine_entrants, located, normalise

    scheme = contest_scheme(contest)
    try:
        return stage_standings(scheme, engine_entrants(contest), normalise(contest, collect_all(contest)),
                               stage, draw_order=draw_order(contest))
    except ObservationError as exc:
        exc = located(exc)
        raise JudgingError([Problem("stage", exc.message_zh, exc.message_en)]) from None


def closing(contest: Contest) -> Closing | None:
    """The current stage as the cut page shows it; None when the scheme has no stages."""
    stages = declared_stages(contest)
    if not stages:
        return None
    current = current_round(contest)
    index = next((i for i, s in enumerate(stages) if s.id == stage_id(current.key, stages)), None)
    if index is None:
        raise JudgingError([Problem(
            "stage", f"当前轮次“{current.key}”已不在考评方案中", f"the current stage '{current.key}' is no "
            "longer in the scheme")], 409)
    missing, unlocked = _sheet_counts(contest, current)
    result, problems = None, ()
    if not missing and not unlocked:
        try:
            result = standings(contest, stages[index].id)
        except JudgingError as exc:
            problems = tuple(exc.problems)
    nxt = stages[index + 1] if index + 1 < len(stages) else None
    return Closing(current, stages[index], nxt, missing, unlocked, result, problems,
                   stage_of(contest).version)


@transaction.atomic
def apply_cut(actor, contest: Contest, *, stage: str, version: int | None) -> Cut:
    """晋级: close stage ``stage`` and open the next with exactly its advancing entrants.

    ``version`` is the live version the organizer's page showed: any sheet
    filed or changed since (and anything else the screens show) makes the
    organizer look at the standings again before they are cut.
    """
    live = Stage.objects.select_for_update().get(pk=stage_of(contest).pk)
    if Cut.objects.filter(contest=contest, stage=stage).exists():
        raise _refuse("stage", f"“{stage}”已完成晋级,不能再次晋级", f"stage '{stage}' has already been cut", 409)
    state = closing(contest)
    if state is None:
        raise _refuse("stage", "考评方案没有声明轮次(stages),无需晋级",
                      "the scheme declares no stages; there is nothing to cut", 409)
    if stage != state.stage.id:
        raise _refuse("stage", f"当前轮次是“{state.stage.id}”,不能对“{stage}”晋级",
                      f"the current stage is '{state.stage.id}', not '{stage}'", 409)
    if state.next_stage is None:
        raise _refuse("stage", f"“{stage}”是最后一轮,没有下一轮可以晋级",
                      f"'{stage}' is the last stage; nobody goes on from it", 409)
    # Every sheet owed being in also closes the race with a judge's late send:
    # the only sheet one could still file for this stage is a second one for
    # the same entrant, which the one-active-sheet constraint refuses.
    if state.missing or state.unlocked:
        raise _refuse("stage", f"本轮还有 {state.missing} 张评分表未提交、{state.unlocked} 张未锁定"
                      "(待核对或已退回),请全部锁定后再晋级",
                      f"{state.missing} sheets of this stage are not filed and {state.unlocked} not locked "
                      "(waiting for a check or reopened); lock them all before the cut", 409)
    if live.started_at is not None:
        raise _refuse("timer", "请先结束当前汇报", "stop the current presentation first", 409)
    if version != live.version:
        raise _refuse("version", "您查看名次之后评分有变化,请重新核对名次后再确认",
                      "marks changed after you looked at the standings; check them again and confirm", 409)
    if state.standings is None:
        raise JudgingError(list(state.problems))
    result = state.standings
    reached = {int(s.entrant.id) for s in result.standings}
    expected = {e.pk for e in state.round.only(contest.entrants.all())}
    if reached != expected:
        # The core re-derives earlier cuts from the rows; if it no longer agrees
        # with the hall's, the marks or the scheme changed under a cut stage.
        raise _refuse("stage", "按现有评分重算,本轮的参赛名单与已晋级名单不一致,请检查考评方案与评分",
                      "recomputed from the marks, this stage's entrants differ from those who advanced; "
                      "check the scheme and the marks", 409)
    advancing = [int(i) for i in result.advancing]
    cut = Cut.objects.create(contest=contest, stage=stage, next_stage=result.next_stage.id,
                             advancing=advancing, standings=_snapshot(result), created_by=actor)
    # The next stage starts with nobody on stage: whoever presented last has
    # not necessarily advanced.
    live.entrant = None
    live.save(update_fields=["entrant"])
    record("round.cut", contest=contest, actor=actor, target=stage,
           data={"next_stage": cut.next_stage, "advancing": advancing,
                 "eliminated": [int(i) for i in result.eliminated], "tie_notes": list(result.tie_notes)},
           saved=[cut])
    bump(contest)
    return cut


def next_stage_began(contest: Contest, cut: Cut, live: Stage | None = None) -> bool:
    """Whether the stage ``cut`` opened has begun: a sheet, a presentation or a
    draw of it exists, or someone is on stage (``live``, the hall's stage row)."""
    nxt = cut.next_stage
    live = live or stage_of(contest)
    return (live.entrant_id is not None
            or Sheet.objects.filter(panel__contest=contest, round=nxt).exists()
            or Presentation.objects.filter(panel__contest=contest, round=nxt).exists()
            or Draw.objects.filter(contest=contest, round=nxt).exists())


def undoable_cut(contest: Contest) -> Cut | None:
    """The cut the organizer may still take back (:func:`undo_cut`), if any."""
    last = Cut.objects.filter(contest=contest).order_by("-pk").first()
    return last if last is not None and not next_stage_began(contest, last) else None


# A reason is read by whoever audits the day; a page of text is not a reason.
REASON_LIMIT = 500


@transaction.atomic
def undo_cut(actor, contest: Contest, *, stage: str, reason: str) -> Cut:
    """撤销晋级: take back the cut of ``stage`` and judge that stage again.

    A cut confirmed by mistake (a mark found wrong after it, the wrong moment)
    is taken back with a reason, and only while it is the latest cut and the
    next stage has not begun: no sheet, presentation or draw of it exists.
    Then a sheet of the reopened stage can be sent back and corrected, and the
    stage cut again on the standings as they are then.
    """
    live = Stage.objects.select_for_update().get(pk=stage_of(contest).pk)
    last = Cut.objects.filter(contest=contest).order_by("-pk").first()
    if last is None or last.stage != stage:
        raise _refuse("stage", f"只能撤销最近一次晋级,“{stage}”不是", f"only the latest cut can be undone, "
                      f"and that is not '{stage}'", 409)
    reason = reason.strip()
    if not reason:
        raise _refuse("reason", "撤销晋级须填写原因", "a reason is required to undo a cut")
    if len(reason) > REASON_LIMIT:
        raise _refuse("reason", f"原因不能超过 {REASON_LIMIT} 个字", f"the reason is longer than {REASON_LIMIT} "
                      "characters")
    nxt = last.next_stage
    if next_stage_began(contest, last, live):
        raise _refuse("stage", f"“{nxt}”已经开始(已有评分表、上台记录、抽签或正在汇报),不能撤销晋级",
                      f"stage '{nxt}' has begun (a sheet, a presentation, a draw or someone on stage); "
                      "the cut can no longer be undone", 409)
    record("round.cut_undo", contest=contest, actor=actor, target=stage, reason=reason,
           data={"next_stage": nxt, "advancing": list(last.advancing)}, deleted=[last])
    last.delete()
    bump(contest)
    return last


def _snapshot(result: StageStandings) -> dict:
    """The standings as confirmed, with entrant pks, for the record and the page."""
    return {"stage": result.stage.id, "next_stage": result.next_stage.id if result.next_stage else None,
            "rows": [{**s.to_dict(), "entrant": int(s.entrant.id)} for s in result.standings],
            "tie_notes": list(result.tie_notes), "warnings": list(result.warnings)}
