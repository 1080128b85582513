"""The presentation timer. The server's clock is the truth: the stage row keeps
when the talk started and how long it was paused, and every screen computes the
display from that (polled), so a reloaded page or a second worker agrees.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from bipin.audit.chain import record
from bipin.contests.models import Contest, Entrant
from bipin.judging.draws import draw_id, drawn_positions, stage_order
from bipin.judging.models import Panel, Presentation, Sheet, Stage
from bipin.judging.refs import Naming
from bipin.judging.rounds import current_round
from bipin.judging.services import _refuse, bump, stage_of


def elapsed_seconds(stage: Stage, now=None) -> float:
    if stage.started_at is None:
        return 0.0
    now = now or timezone.now()
    until = stage.paused_at or now
    return max(0.0, (until - stage.started_at).total_seconds() - stage.paused_seconds)


def next_entrant(contest: Contest, panel: Panel, on_stage: int | None = None) -> Entrant | None:
    """The first entrant in the stage order who is not on stage (``on_stage``, an
    entrant's pk) and has neither presented nor been scored yet in the current
    stage (an entrant scored from paper, or in the demo, is not called up again)."""
    key = current_round(contest).key
    done = set(Presentation.objects.filter(panel=panel, round=key).values_list("entrant_id", flat=True))
    done |= set(Sheet.objects.filter(panel=panel, status__in=Sheet.ACTIVE, round=key)
                .values_list("entrant_id", flat=True))
    done.add(on_stage)
    return next((e for e in stage_order(contest) if e.pk not in done), None)


def order_basis(contest: Contest, names: Naming, following: Entrant | None = None) -> str:
    """What the next call follows, as the console says it: "draw" when a revealed
    draw of the current stage placed ``following`` (the next presenter; without
    one, any entrant), else "code" (盲评 hides names) or "list" (registration order).

    Per entrant, because draws are per group: with one group's draw revealed and
    the next group's still waiting, that group is called in list order."""
    placed = drawn_positions(contest, current_round(contest).key)
    if (draw_id(following) in placed) if following is not None else bool(placed):
        return "draw"
    return "code" if names.hidden else "list"


def _locked_stage(contest: Contest) -> Stage:
    stage_of(contest)
    return Stage.objects.select_for_update(of=("self",)).select_related("panel", "entrant").get(contest=contest)


@transaction.atomic
def call_entrant(actor, contest: Contest, entrant: Entrant | None = None, length: int | None = None) -> Stage:
    """Put an entrant on stage (by default the next in the drawn order); timer ready."""
    stage = _locked_stage(contest)
    if stage.panel is None:
        raise _refuse("panel", "尚未设置评委组", "no panel is set up")
    if stage.started_at is not None:
        raise _refuse("timer", "请先结束当前汇报", "stop the current presentation first", 409)
    entrant = entrant or next_entrant(contest, stage.panel, stage.entrant_id)
    if entrant is None:
        raise _refuse("entrant", "所有参评对象都已汇报", "everyone has presented", 409)
    if not current_round(contest).takes_part(entrant.pk):
        raise _refuse("entrant", "该参评对象未晋级本轮", "this entrant did not advance to this stage", 409)
    stage.entrant = entrant
    # A length typed on the console is for this call only; the panel's is the rule.
    stage.timer_seconds = length or stage.panel.timer or stage.timer_seconds
    stage.save(update_fields=["entrant", "timer_seconds"])
    record("timer.call", contest=contest, actor=actor, target=entrant.name,
           data={"length": stage.timer_seconds})
    bump(contest)
    return stage


@transaction.atomic
def timer_action(actor, contest: Contest, action: str) -> Stage:
    """start / pause / resume / stop; stop records the presentation and overtime."""
    stage = _locked_stage(contest)
    now = timezone.now()
    fields: list[str]
    if action == "start" and stage.panel is not None and stage.panel.timer is None:
        raise _refuse("action", "本评委组不计时(方案中未设 timer)", "this panel has no timer (the scheme sets none)", 409)
    if action == "start" and stage.entrant_id and stage.started_at is None:
        stage.started_at, stage.paused_at, stage.paused_seconds = now, None, 0.0
        fields = ["started_at", "paused_at", "paused_seconds"]
    elif action == "pause" and stage.started_at and stage.paused_at is None:
        stage.paused_at = now
        fields = ["paused_at"]
    elif action == "resume" and stage.paused_at is not None:
        stage.paused_seconds += (now - stage.paused_at).total_seconds()
        stage.paused_at = None
        fields = ["paused_seconds", "paused_at"]
    elif action == "stop" and stage.started_at is not None:
        used = round(elapsed_seconds(stage, now))
        Presentation.objects.create(panel=stage.panel, entrant=stage.entrant,
                                    round=current_round(contest).key, started_at=stage.started_at,
                                    ended_at=now, allowed_seconds=stage.timer_seconds, used_seconds=used,
                                    overtime_seconds=max(0, used - stage.timer_seconds))
        stage.started_at = stage.paused_at = None
        stage.paused_seconds = 0.0
        fields = ["started_at", "paused_at", "paused_seconds"]
    else:
        raise _refuse("action", "计时器当前不能执行此操作", f"the timer cannot {action} now", 409)
    stage.save(update_fields=fields)
    record(f"timer.{action}", contest=contest, actor=actor,
           target=stage.entrant.name if stage.entrant else "")
    bump(contest)
    return stage
