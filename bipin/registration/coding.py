"""生成盲评编号: the received samples become the contest's entrants under random codes.

Each received sample not yet coded becomes an entrant of its category, made
in a shuffled order so that neither the database ids nor the entrants' order
follow the registration numbers; then every entrant of the contest gets a
fresh random code (:func:`bipin.judging.services.assign_blind_codes`, which
refuses once a judge's sheet or a draw exists and seals the key again). The
registration ↔ entrant link is the key; the audit digests it without
writing it out, so the log tells no judge whose sample a code is.
"""

from __future__ import annotations

import secrets

from django.db import transaction

from bipin.audit.chain import record
from bipin.contests import services as contests
from bipin.contests.models import Contest, Entrant
from bipin.judging import services as judging
from bipin.judging.services import _refuse
from bipin.registration.models import Registration, Status


@transaction.atomic
def generate_codes(actor, contest: Contest) -> int:
    """Code every received sample; the number of coded samples."""
    Contest.objects.select_for_update().only("pk").get(pk=contest.pk)
    received = list(Registration.objects.filter(contest=contest, status=Status.RECEIVED)
                    .select_related("group", "entrant"))
    if not received:
        raise _refuse("codes", "还没有收样的样品,无法生成盲评编号",
                      "no sample has been received yet: there is nothing to code", 409)
    new = [r for r in received if r.entrant_id is None]
    secrets.SystemRandom().shuffle(new)
    taken = set(Entrant.objects.filter(contest=contest).values_list("name", flat=True))
    for reg in new:
        reg.entrant = contests.add_entrant(actor, contest, group=reg.group, name=_name(reg, taken),
                                           contact=reg.contact)
        reg.save(update_fields=["entrant"])
    judging.assign_blind_codes(actor, contest)  # refused (and all undone) once a sheet exists
    record("registration.codes", contest=contest, actor=actor, target=contest.slug,
           data={"coded": len(received), "new": len(new)}, saved=new)
    return len(received)


def _name(reg: Registration, taken: set[str]) -> str:
    """The entrant's name: the producer, with the registration number when it is taken."""
    name = reg.producer if reg.producer not in taken else f"{reg.producer}({reg.label})"
    taken.add(name)
    return name


def key_rows(contest: Contest) -> list[tuple[str, str, Registration]]:
    """(blind code, category, registration) of every coded sample, by code: the key sheet."""
    coded = (Registration.objects.filter(contest=contest, entrant__isnull=False)
             .select_related("entrant", "group"))
    return sorted(((r.entrant.code, r.group.name, r) for r in coded), key=lambda row: row[0])


@transaction.atomic
def adopt(actor, reg: Registration, entrant: Entrant) -> Registration:
    """Tie a received sample to an entrant the organizer had already entered and coded.

    For a contest whose samples were entered by hand (or in its scheme file)
    before its registrations were: the entrant keeps its code and its sheets.
    """
    if reg.status != Status.RECEIVED:
        raise _refuse("entrant", f"报名 {reg.label} 尚未收样", f"registration {reg.label} is not received", 409)
    if reg.entrant_id is not None or hasattr(entrant, "registration"):
        raise _refuse("entrant", "这个样品或参赛作品已有对应关系", "the sample or the entrant is tied already",
                      409)
    if entrant.contest_id != reg.contest_id or entrant.group_id != reg.group_id:
        raise _refuse("entrant", "参赛作品不在本活动的同一组别", "the entrant is not in the sample's category")
    reg.entrant = entrant
    reg.save(update_fields=["entrant"])
    record("registration.codes", contest=reg.contest, actor=actor, target=f"registration:{reg.pk}",
           data={"adopted": 1}, saved=[reg])
    return reg
