"""Domain functions of the lot drawing (抽签); the algorithm is bipin.scoring.draw.

commit_draw publishes a commitment; reveal_draw takes the delegates' inputs,
computes the order and makes seed and inputs public, once. A redraw is a new
draw with a reason, and the replaced one stays on record.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bipin.audit.chain import record
from bipin.contests.models import Contest, Entrant, Group
from bipin.judging.models import Draw
from bipin.judging.refs import Naming, blind_key, naming
from bipin.judging.rounds import current_round
from bipin.judging.services import _refuse, bump, check_length
from bipin.scoring import draw as algorithm


def draw_id(entrant: Entrant) -> str:
    """The id an entrant has in a published draw record: its code, else E<pk>."""
    return entrant.code or f"E{entrant.pk}"


@transaction.atomic
def commit_draw(actor, contest: Contest, group: Group | None = None, *, seed: str | None = None,
                replaces: Draw | None = None, reason: str = "") -> Draw:
    """A draw of the current stage's entrants (of ``group``, or all): after a cut,
    only those who advanced are drawn, and each stage has its own draw."""
    current = current_round(contest)
    entrants = current.only(contest.entrants.filter(group=group) if group else contest.entrants.all())
    ids = [draw_id(e) for e in entrants]
    if not ids:
        raise _refuse("group", "没有可抽签的参评对象", "there are no entrants to draw")
    if contest.blind and any(not e.code for e in entrants):
        # The record is public: ids made of database keys would list the samples
        # in registration order, and the drawn order would then say whose is whose.
        raise _refuse("group", "盲评须先生成编号再抽签", "in a blind contest, assign the codes before drawing")
    check_length(Draw, "reason", reason.strip(), "reason", "重抽原因")
    if replaces is not None:
        if not reason.strip():
            raise _refuse("reason", "重抽必须填写原因", "a redraw needs a reason")
        replaces = Draw.objects.select_for_update().get(pk=replaces.pk)
        if replaces.status == Draw.Status.REPLACED:
            raise _refuse("draw", "该抽签已被重抽", "that draw was already replaced", 409)
        if replaces.round != current.key:
            raise _refuse("draw", "该抽签属于已完成晋级的轮次,不能重抽",
                          "that draw belongs to a stage that has been cut; it cannot be redrawn", 409)
    elif Draw.objects.filter(contest=contest, group=group, round=current.key).exclude(
            status=Draw.Status.REPLACED).exists():
        raise _refuse("draw", "该组已有抽签;如需重抽请填写原因", "this group already has a draw; "
                      "a redraw needs a reason", 409)
    seed = seed or algorithm.new_seed()
    number = (Draw.objects.filter(contest=contest).aggregate(m=Max("number"))["m"] or 0) + 1
    draw = Draw.objects.create(contest=contest, group=group, round=current.key, number=number,
                               commitment=algorithm.commitment(seed), seed=seed, entrant_ids=ids,
                               replaces=replaces, reason=reason.strip(), created_by=actor)
    if replaces is not None:
        replaces.status = Draw.Status.REPLACED
        replaces.save(update_fields=["status"])
    record("draw.commit", contest=contest, actor=actor, target=f"draw:{number}",
           data={"commitment": draw.commitment, "group": group.name if group else None,
                 "entrants": ids, "replaces": replaces.number if replaces else None,
                 **({"round": current.key} if current.key else {})},
           reason=reason.strip(), saved=[draw, *([replaces] if replaces else [])])
    bump(contest)
    return draw


def clean_inputs(text: str) -> list[str]:
    inputs = [p.strip() for p in text.replace(",", ",").replace("\n", ",").split(",") if p.strip()]
    if not inputs:
        raise _refuse("inputs", "请填写各代表抽取或报出的数字", "enter the delegates' numbers")
    if any(len(p) > 40 for p in inputs):
        raise _refuse("inputs", "每个数字不超过40个字符", "each input is at most 40 characters")
    return inputs


@transaction.atomic
def reveal_draw(actor, draw: Draw, inputs: list[str]) -> Draw:
    draw = Draw.objects.select_for_update().get(pk=draw.pk)
    if draw.status != Draw.Status.COMMITTED:
        raise _refuse("draw", "该抽签已揭晓或已作废,不能再次揭晓",
                      "this draw was already revealed or replaced", 409)
    draw.inputs = inputs
    draw.order = algorithm.draw_order(draw.seed, inputs, draw.entrant_ids)
    draw.status, draw.revealed_at = Draw.Status.REVEALED, timezone.now()
    draw.save(update_fields=["inputs", "order", "status", "revealed_at"])
    record("draw.reveal", contest=draw.contest, actor=actor, target=f"draw:{draw.number}",
           data={"seed": draw.seed, "inputs": inputs, "order": draw.order}, saved=[draw])
    bump(draw.contest)
    return draw


def published_record(draw: Draw) -> dict:
    """The JSON anyone can download and check with ``bipin draw verify``."""
    revealed = draw.status != Draw.Status.COMMITTED or draw.revealed_at is not None
    return {
        "algorithm": algorithm.ALGORITHM,
        "contest": draw.contest.slug,
        "draw": draw.number,
        "group": draw.group.name if draw.group else None,
        "commitment": draw.commitment,
        "committed_at": draw.created_at.isoformat(),
        "entrants": draw.entrant_ids,
        # The seed is the secret until the ceremony; before it only the commitment shows.
        "seed": draw.seed if revealed else None,
        "inputs": draw.inputs if revealed else None,
        "order": draw.order if revealed else None,
        "revealed_at": draw.revealed_at.isoformat() if draw.revealed_at else None,
        "replaces": draw.replaces.number if draw.replaces_id else None,
        "reason": draw.reason,
    }


def drawn_positions(contest: Contest, round_key: str) -> dict[str, tuple[int, int]]:
    """Draw id → (group order, place in its revealed draw of stage ``round_key``)."""
    position: dict[str, tuple[int, int]] = {}
    draws = Draw.objects.filter(contest=contest, round=round_key,
                                status=Draw.Status.REVEALED).select_related("group")
    for d in draws:
        base = d.group.order if d.group else 0
        for i, eid in enumerate(d.order):
            position[eid] = (base, i)
    return position


def stage_order(contest: Contest, names: Naming | None = None) -> list[Entrant]:
    """The current stage's entrants in presentation order: by the stage's revealed
    draws, the rest after. Every list of the hall (the judges' phones, the
    console, the big screen, paper entry) is this one.

    The rest follow the registration order, or the codes while 盲评 hides
    names: the hall sees each one called by its code, and codes called in
    registration order would tell whose sample is on the table.
    """
    names = names or naming(contest)
    current = current_round(contest)
    entrants = current.only(contest.entrants.select_related("group"))
    position = drawn_positions(contest, current.key)
    far = (10**9, 0)

    def undrawn(e: Entrant) -> tuple:
        return blind_key(e) if names.hidden else (e.group.order, e.order, e.pk)

    return sorted(entrants, key=lambda e: (position.get(draw_id(e), far), undrawn(e)))


def lot_numbers(contest: Contest) -> dict[str, int]:
    """Engine entrant id (the pk) → lot number (1 = drawn first), for drawn entrants only.

    The scheme's ``draw`` tie-break puts the smaller number first; an entrant
    that no revealed draw placed gets no number and is not separated by it.
    The draws are the current stage's: its ranking is the one being settled.
    """
    position = drawn_positions(contest, current_round(contest).key)
    drawn = sorted((position[draw_id(e)], e.pk) for e in contest.entrants.all()
                   if draw_id(e) in position)
    return {str(pk): n for n, (_, pk) in enumerate(drawn, start=1)}
