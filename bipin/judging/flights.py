"""分桌评审 in the hall: a stage's samples and a panel's judges split across tables.

Only a stage the scheme cuts ``per: flight`` (the stage before one declared
``per: flight``) is judged in flights: each table's judges score only that
table's samples, and the top of each table go on to the taste-off, which all
the panel's judges score. The organizer chooses the number of tables; Bipin
deals samples and judges at random from a recorded seed
(:func:`bipin.scoring.flights.deal`) and the organizer may move a sample or a
judge until a sheet of either table exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from bipin.audit.chain import record
from bipin.contests.models import Contest, Entrant
from bipin.judging.draws import draw_id
from bipin.judging.models import Flight, FlightSample, FlightSeat, Panel, Seat, Sheet
from bipin.judging.rounds import FIRST, current_round, declared_stages, stage_id
from bipin.judging.services import _refuse, bump
from bipin.scoring import Stage as SchemeStage
from bipin.scoring.draw import new_seed
from bipin.scoring.flights import deal

MAX_TABLES = 50


@dataclass
class Tables:
    """The tables of one panel in one stage: each table's judges (user ids) and samples."""

    flights: list[Flight]
    judges: dict[int, set[int]] = field(default_factory=dict)  # flight pk -> user ids
    samples: dict[int, set[int]] = field(default_factory=dict)  # flight pk -> entrant ids

    def table_of_sample(self, entrant_id: int) -> Flight | None:
        return next((f for f in self.flights if entrant_id in self.samples[f.pk]), None)

    def table_of_judge(self, user_id: int) -> Flight | None:
        return next((f for f in self.flights if user_id in self.judges[f.pk]), None)


def flighted_stage(contest: Contest) -> tuple[SchemeStage, str] | None:
    """The scheme's stage judged in flights and its round key (as Sheet.round), if any:
    the stage whose next stage advances ``per: flight``."""
    stages = declared_stages(contest)
    for k, stage in enumerate(stages[:-1]):
        if stages[k + 1].per == "flight":
            return stage, FIRST if k == 0 else stage.id
    return None


def tables(panel: Panel, round_key: str) -> Tables | None:
    """The panel's tables in stage ``round_key``; None when that stage has none."""
    flights = list(Flight.objects.filter(panel=panel, round=round_key).order_by("number"))
    if not flights:
        return None
    out = Tables(flights, {f.pk: set() for f in flights}, {f.pk: set() for f in flights})
    for flight_id, user_id in FlightSeat.objects.filter(flight__in=flights).values_list(
            "flight_id", "seat__user_id"):
        out.judges[flight_id].add(user_id)
    for flight_id, entrant_id in FlightSample.objects.filter(flight__in=flights).values_list(
            "flight_id", "entrant_id"):
        out.samples[flight_id].add(entrant_id)
    return out


def current_tables(panel: Panel) -> Tables | None:
    return tables(panel, current_round(panel.contest_id).key)


def entrant_flights(contest: Contest) -> dict[str, str]:
    """{entrant id as the engine names it: table name} of the flighted stage, for the core."""
    flighted = flighted_stage(contest)
    if flighted is None:
        return {}
    rows = FlightSample.objects.filter(panel__contest=contest, round=flighted[1]).values_list(
        "entrant_id", "flight__number")
    return {str(entrant_id): f"第{number}桌" for entrant_id, number in rows}


def _current_flighted(contest: Contest) -> str:
    """The current stage's round key, if the scheme judges it in flights; else refused."""
    flighted = flighted_stage(contest)
    current = current_round(contest)
    if flighted is None or flighted[1] != current.key:
        stages = declared_stages(contest)
        name = stage_id(current.key, stages) or ""
        raise _refuse("tables", f"考评方案没有让本轮“{name}”分桌评审:分桌的一轮,其下一轮须按桌晋级(per: flight)",
                      f"the scheme does not judge this stage ('{name}') in flights: the stage after a "
                      "flighted one advances per: flight", 409)
    return current.key


def _started(panel: Panel, round_key: str, entrant_ids) -> int:
    """Sheets filed (in any state) for these samples of the panel in this stage."""
    return Sheet.objects.filter(panel=panel, round=round_key, entrant_id__in=entrant_ids).count()


@transaction.atomic
def split(actor, panel: Panel, number: int, *, seed: str | None = None) -> list[Flight]:
    """分桌: deal the stage's samples and the panel's judges across ``number`` tables.

    A split made before scoring started may be made again (the old tables go);
    once a sheet of the stage exists on this panel, the tables stay. ``seed``
    is fresh unless given (the demo's fixed one).
    """
    contest = panel.contest
    key = _current_flighted(contest)
    if Sheet.objects.filter(panel=panel, round=key).exists():
        raise _refuse("tables", "本轮已有评分表,不能再重新分桌(可逐个调整尚未开评的桌)",
                      "sheets of this stage exist; the tables can no longer be dealt again "
                      "(move samples or judges between tables not yet started)", 409)
    seats = list(Seat.objects.filter(panel=panel).select_related("user").order_by("user__username"))
    samples = current_round(contest).only(contest.entrants.select_related("group").order_by("pk"))
    if not 1 <= number <= min(MAX_TABLES, len(seats), len(samples)):
        raise _refuse("tables", f"桌数须在 1 到 {min(MAX_TABLES, len(seats), len(samples))} 之间"
                      f"(评委 {len(seats)} 位、样品 {len(samples)} 个,每桌至少一位评委和一个样品)",
                      f"the number of tables must be 1 to {min(MAX_TABLES, len(seats), len(samples))} "
                      f"({len(seats)} judges and {len(samples)} samples; each table needs one of each)")
    old = list(Flight.objects.filter(panel=panel, round=key))
    gone = [*FlightSeat.objects.filter(flight__in=old), *FlightSample.objects.filter(flight__in=old), *old]
    deleted = [(type(row), row.pk) for row in gone]
    Flight.objects.filter(pk__in=[f.pk for f in old]).delete()
    seed = seed or new_seed()
    by_sample = {draw_id(e): e for e in samples}
    by_judge = {s.user.get_username(): s for s in seats}
    dealt, seated = deal(seed, [(i, e.group.name) for i, e in by_sample.items()], list(by_judge), number)
    flights, written, shown = [], [], []
    for n, (sample_ids, judge_ids) in enumerate(zip(dealt, seated, strict=True), 1):
        flight = Flight.objects.create(contest=contest, panel=panel, round=key, number=n, seed=seed,
                                       created_by=actor)
        flights.append(flight)
        written += [flight, *FlightSeat.objects.bulk_create(
            [FlightSeat(flight=flight, seat=by_judge[j], round=key) for j in judge_ids])]
        written += FlightSample.objects.bulk_create(
            [FlightSample(flight=flight, panel=panel, entrant=by_sample[i], round=key) for i in sample_ids])
        shown.append({"table": flight.name, "samples": sample_ids, "judges": judge_ids})
    record("flight.split", contest=contest, actor=actor, target=panel.item,
           data={"round": key, "tables": number, "seed": seed, "split": shown},
           saved=written, deleted=deleted)
    bump(contest)
    return flights


def _table(panel: Panel, key: str, number: int) -> Flight:
    flight = Flight.objects.select_for_update().filter(panel=panel, round=key, number=number).first()
    if flight is None:
        raise _refuse("table", f"没有第{number}桌", f"there is no table {number}", 404)
    return flight


def _refuse_started(panel: Panel, key: str, *flights: Flight) -> None:
    for flight in flights:
        at = FlightSample.objects.filter(flight=flight).values_list("entrant_id", flat=True)
        if _started(panel, key, at):
            raise _refuse("table", f"{flight.name}已开始评分(已有评分表),不能再调整其样品或评委",
                          f"table {flight.number} has started (sheets exist); its samples and judges "
                          "can no longer change", 409)


@transaction.atomic
def move_sample(actor, panel: Panel, entrant: Entrant, number: int) -> FlightSample:
    """Move a sample to table ``number``; refused once either table has a sheet."""
    key = _current_flighted(panel.contest)
    target = _table(panel, key, number)
    row = FlightSample.objects.select_for_update().filter(panel=panel, round=key, entrant=entrant).first()
    if row is None:
        raise _refuse("entry", "该样品不在本轮的任何一桌", "this sample is at no table of this stage", 404)
    source = row.flight
    if source.pk == target.pk:
        return row
    _refuse_started(panel, key, source, target)
    row.flight = target
    row.save(update_fields=["flight"])
    record("flight.move_sample", contest=panel.contest, actor=actor, target=panel.item,
           data={"round": key, "sample": draw_id(entrant), "from": source.name, "to": target.name},
           saved=[row])
    bump(panel.contest)
    return row


@transaction.atomic
def move_judge(actor, panel: Panel, user, number: int) -> FlightSeat:
    """Move a judge to table ``number``; refused once either table has a sheet, or
    when it would leave a table with samples and no judge."""
    key = _current_flighted(panel.contest)
    target = _table(panel, key, number)
    row = (FlightSeat.objects.select_for_update().filter(seat__panel=panel, seat__user=user, round=key)
           .select_related("flight").first())
    if row is None:
        raise _refuse("judge", "该评委不在本轮的任何一桌", "this judge is at no table of this stage", 404)
    source = row.flight
    if source.pk == target.pk:
        return row
    _refuse_started(panel, key, source, target)
    if FlightSeat.objects.filter(flight=source).count() == 1 and FlightSample.objects.filter(
            flight=source).exists():
        raise _refuse("judge", f"{source.name}只剩这一位评委,调走后该桌样品无人评分",
                      f"this is the last judge of table {source.number}; its samples would have no judge", 409)
    row.flight = target
    row.save(update_fields=["flight"])
    record("flight.move_judge", contest=panel.contest, actor=actor, target=panel.item,
           data={"round": key, "judge": user.get_username(), "from": source.name, "to": target.name},
           saved=[row])
    bump(panel.contest)
    return row
