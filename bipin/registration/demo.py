"""报名与收样 in the apple demo (示例数据, all fictional).

The demo's apple samples all came from registrations: each registered online
(its grower as the contact), was received at the venue and tied to the coded
entrant the judges already score, so the judging demo's sheets stand. Two more
registrations show the other states: the next one was sent back (退样) with
its reason, the last is registered and not yet received. Each received sample
has its 糖度, 果径 and 单果重 entered: 糖度 and 单果重 as in
``examples/apples/measurements.csv``, which the scheme scores (its README
works the figures by hand).
The window stays open for a month, so the public page takes a registration.
"""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal

from django.utils import timezone

from bipin.contests.demo import APPLES_SLUG, EXAMPLES, apple_samples
from bipin.registration import coding, measures, services

VILLAGES = ["示例东村", "示例西村", "示例南村", "示例北村", "示例中村"]
VARIETIES = ["示例红富士", "示例嘎啦"]
MEASURES = [("糖度", "°Brix", "5", "30", 1), ("果径", "mm", "50", "120", 0),
            ("单果重", "g", "100", "600", 0)]
REJECTED = "示例:送样不足规定的 10 个果,且有 3 个果面碰伤"


def _measured() -> dict[str, dict[str, str]]:
    """The example's first-stage values by entrant name: {示例果园01: {measure: value}}.

    The example names a sample by the scheme file's code (S01); the demo's
    entrants carry random codes and the scheme's ids as their names.
    """
    name_of = {sample.code: sample.id for sample in apple_samples()}
    found: dict[str, dict[str, str]] = {}
    with open(EXAMPLES / "apples" / "measurements.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["轮次"] == "初评":
                found.setdefault(name_of[row["参评对象"]], {})[row["指标"]] = row["分值"]
    return found


def _entry(group, n: int, producer: str, contact: str) -> services.Entry:
    return services.Entry(producer=producer, contact=contact, phone=f"1390000{n:04d}", group=group,
                          variety=VARIETIES[n % 2], origin=VILLAGES[n % len(VILLAGES)],
                          area=Decimal(10 + 3 * n) / 2)


def load(contests, users) -> None:
    contest = contests.get(APPLES_SLUG)
    if contest is None:
        return
    organizer = users["organizer"]
    now = timezone.now()
    services.set_window(organizer, contest, now - datetime.timedelta(days=20),
                        now + datetime.timedelta(days=30), 1)
    defined = [measures.add_measure(organizer, contest, name, unit, Decimal(low), Decimal(high), d)
               for name, unit, low, high, d in MEASURES]
    entrants = list(contest.entrants.select_related("group").order_by("name"))
    values = _measured()
    group = entrants[0].group
    for n, entrant in enumerate(entrants, start=1):
        reg = services.register(contest, _entry(group, n, entrant.name, entrant.short_name))
        services.receive(organizer, reg)
        coding.adopt(organizer, reg, entrant)
        measured = values[entrant.name]
        measures.record_measurements(organizer, reg, {
            defined[0]: measured["糖度"], defined[1]: str(75 + 2 * n % 15), defined[2]: measured["单果重"]})
    late = len(entrants) + 1
    rejected = services.register(contest, _entry(group, late, f"示例果园{late}", "示例果农子"))
    services.reject(organizer, rejected, REJECTED)
    services.register(contest, _entry(group, late + 1, f"示例果园{late + 1}", "示例果农丑"))
