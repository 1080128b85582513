"""Gather a contest's inputs, fingerprint them and run the scoring engine.

Only :mod:`bipin.scoring` computes; this module collects what it needs from
every installed bipin app (each app's ``observations.collect(contest)``),
turns contest rows into engine entrants, and hashes the whole input so that a
snapshot can prove which inputs it used.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from dataclasses import fields as dataclass_fields

from bipin.contests.extensions import app_modules
from bipin.contests.models import Contest
from bipin.contests.services import current_scheme
from bipin.scoring import Entrant, Observation, ObservationError, Source
from bipin.scoring.panel_adjust import late_adjustment
from bipin.scoring.ranges import row_problems

OBSERVATION_FIELDS = ("entrant", "source", "item", "value", "judge", "round", "factor",
                      "category", "severity", "ref", "period")


class NoScheme(ValueError):
    """The contest has no valid scheme yet, so nothing can be computed."""


def engine_entrants(contest: Contest) -> list[Entrant]:
    """Engine entrants keyed by the database id (stable across renames), each with
    its table (桌次) from any app whose ``observations`` module offers ``flights``."""
    tables: dict[str, str] = {}
    for _, module in app_modules("observations"):
        if hasattr(module, "flights"):
            tables.update(module.flights(contest))
    return [Entrant(id=str(e.pk), name=e.name, group=e.group.name, code=e.code or None,
                    kind=e.kind or None, flight=tables.get(str(e.pk)))
            for e in contest.entrants.select_related("group")]


def collectors() -> list[Callable[[Contest], list[Observation]]]:
    """``observations.collect`` of every installed bipin app, in app order."""
    return [module.collect for _, module in app_modules("observations")]


def draw_order(contest: Contest) -> dict[str, int]:
    """Lot numbers from any app whose ``observations`` module offers ``draw_order``."""
    order: dict[str, int] = {}
    for _, module in app_modules("observations"):
        if hasattr(module, "draw_order"):
            order.update(module.draw_order(contest))
    return order


def late_adjustments(contest: Contest) -> list[str]:
    """Panels whose severity adjustment counts raw this time, from any app that knows
    (``observations.late_adjustments``): the judging app, which knows when marking began."""
    late: set[str] = set()
    for _, module in app_modules("observations"):
        if hasattr(module, "late_adjustments"):
            late.update(module.late_adjustments(contest))
    return sorted(late)


def collect_all(contest: Contest) -> list[Observation]:
    """Every installed bipin app's observations for this contest."""
    return [o for collect in collectors() for o in collect(contest)]


def normalise(contest: Contest, observations: list[Observation]) -> list[Observation]:
    """Point every observation at the entrant's database id.

    Apps may name an entrant by id, blind code or name; the engine and the
    snapshot hash need one spelling.
    """
    lookup: dict[str, str] = {}
    for pk, name, code in contest.entrants.values_list("pk", "name", "code"):
        lookup[name] = lookup[str(pk)] = str(pk)
        if code:
            lookup[code] = str(pk)
    out = []
    for o in observations:
        entrant = lookup.get(str(o.entrant), str(o.entrant))
        source = getattr(o.source, "value", o.source)
        out.append(Observation(entrant, source, o.item, o.value, o.judge, o.round, o.factor,
                               o.category, o.severity, o.ref, period=o.period))
    return out


# Every field is a plain value: a dict of them is what asdict() gives, without its deep copies.
_OBSERVATION_FIELDS = tuple(f.name for f in dataclass_fields(Observation))


def observation_dict(o: Observation) -> dict:
    d = {name: getattr(o, name) for name in _OBSERVATION_FIELDS}
    if d["period"] is None:
        # A row without a period is hashed as before periods existed, so the
        # snapshots already taken still verify.
        del d["period"]
    d["source"] = str(getattr(o.source, "value", o.source))
    if d["value"] is not None:
        d["value"] = float(d["value"])
    d["factor"] = float(d["factor"])
    return d


# How a ref of each app's records reads on a page. An app's observations
# module adds its own kinds with ``REF_LABELS`` ({"finding": ("实地核查问题{}", "finding {}")}).
_REFS = {"import": ("导入批次{}第{}行", "import batch {}, row {}"),
         "sheet": ("评分表{}", "score sheet {}"),
         "exam-sitting": ("政策测试场次{}", "exam sitting {}")}


def ref_labels() -> dict[str, tuple[str, str]]:
    labels = dict(_REFS)
    for _, module in app_modules("observations"):
        labels.update(getattr(module, "REF_LABELS", {}))
    return labels


def located(error: ObservationError) -> ObservationError:
    """The engine's refusal with the record it names said in words, for the page."""
    labels = ref_labels()
    if (error.ref or "").partition(":")[0] not in labels:
        return error
    zh, en = _in_words(error.ref, labels)
    return ObservationError(f"{zh}:{error.message_zh}", f"{en}: {error.message_en}", error.ref,
                            error.field)


def check_values(observations: list[Observation]) -> None:
    """Refuse any app's value or factor the engine cannot score, before it is hashed.

    Marks and exam scores are checked where they are entered; this holds for
    every app, present or future, and a NaN is refused rather than read as blank.
    """
    for o in observations:
        for field, zh, en in row_problems(None, o.value, float(o.factor)):
            raise located(ObservationError(zh, en, o.ref, field))


# Sources whose rows are values of one measure (a rate, a department's score):
# two apps giving one entrant's item would be averaged or summed by the leaf's
# reduce. Findings and supervision records add up by nature; marks are per judge.
SINGLE_ORIGIN = {Source.DATA.value, Source.DEPARTMENT.value, Source.EXAM.value}


def _in_words(ref: str, labels: dict[str, tuple[str, str]]) -> tuple[str, str]:
    kind, _, rest = ref.partition(":")
    if kind not in labels:
        return ref or "未注明来源的记录", ref or "a record without a ref"
    zh, en = (f.format(*rest.split(":")) for f in labels[kind])
    return zh, en


def check_single_origin(observations: list[Observation]) -> None:
    """Refuse an entrant's value that two kinds of record give (a file and a report form).

    Combining them would blend two versions of one figure in silence; the
    organizer keeps one, e.g. withdraws the import batch.
    """
    seen: dict[tuple[str, str], str] = {}
    for o in observations:
        source = str(getattr(o.source, "value", o.source))
        if source not in SINGLE_ORIGIN:
            continue
        ref = o.ref or ""
        first = seen.setdefault((str(o.entrant), o.item), ref)
        if first.partition(":")[0] != ref.partition(":")[0]:
            labels = ref_labels()
            (a_zh, a_en), (b_zh, b_en) = _in_words(first, labels), _in_words(ref, labels)
            raise ObservationError(
                f"“{o.item}”的值同时来自{a_zh}和{b_zh},两处的值不会被合并;请只保留一处(例如撤销导入批次)",
                f"'{o.item}' is given both by {a_en} and by {b_en}; the two are never blended: "
                "keep one (e.g. withdraw the import batch)", ref, "ref")


# json.dumps(..., ensure_ascii=False, default=str), made once for every observation's key.
_SORT_KEY = json.JSONEncoder(ensure_ascii=False, default=str)


def canonical_inputs(scheme_sha256: str, entrants: list[Entrant],
                     observations: list[Observation], draw: dict[str, int] | None = None,
                     late: list[str] | None = None) -> dict:
    """The inputs in one order, whatever order the apps returned them in."""
    # An entrant without a kind or a flight is hashed as before these existed,
    # so the snapshots already taken still verify.
    ents = sorted(({k: v for k, v in asdict(e).items() if k not in ("kind", "flight") or v is not None}
                   for e in entrants), key=lambda e: e["id"])
    obs = sorted((observation_dict(o) for o in observations),
                 key=lambda d: _SORT_KEY.encode([d.get(f) for f in OBSERVATION_FIELDS]))
    inputs = {"scheme": scheme_sha256, "entrants": ents, "observations": obs}
    if draw:
        # The lot order breaks ties, so it is an input like any other.
        inputs["draw"] = dict(sorted(draw.items()))
    if late:
        # Which adjustments count decides figures, so it is hashed with the rest.
        inputs["late_adjustment"] = sorted(late)
    return inputs


def inputs_hash(inputs: dict) -> str:
    body = json.dumps(inputs, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Computation:
    scheme_version: object
    inputs: dict
    input_hash: str
    evaluation: dict


def load_scheme(data: bytes, filename: str):
    from bipin.io.schemes import load_scheme as read

    return read(data, filename=filename)


def evaluate_inputs(scheme_bytes: bytes, filename: str, inputs: dict) -> dict:
    """Run the engine on canonical inputs; the same inputs give the same dict.

    A staged scheme (预赛 → 决赛) is evaluated stage by stage and kept as
    :func:`bipin.io.stage_exports.staged_record` writes it.
    """
    from bipin.io.stage_exports import staged_record
    from bipin.scoring import evaluate, evaluate_stages

    scheme = late_adjustment(load_scheme(scheme_bytes, filename), inputs.get("late_adjustment", ()))
    entrants = [Entrant(**e) for e in inputs["entrants"]]
    observations = [Observation(**o) for o in inputs["observations"]]
    try:
        if scheme.stages:
            result = staged_record(evaluate_stages(scheme, entrants, observations,
                                                 draw_order=inputs.get("draw")))
        else:
            result = evaluate(scheme, entrants, observations,
                              draw_order=inputs.get("draw")).to_dict(explain=True)
    except ObservationError as exc:
        raise located(exc) from None
    # A JSON round trip makes the stored and the freshly computed dict identical;
    # allow_nan=False because PostgreSQL's jsonb refuses NaN.
    return json.loads(json.dumps(result, ensure_ascii=False, allow_nan=False))


def compute(contest: Contest, progress=None) -> Computation:
    """Gather, fingerprint and evaluate the contest's current inputs.

    ``progress`` (a background job's, bipin.jobs) is told each step.
    """
    version = current_scheme(contest)
    if version is None:
        raise NoScheme("no valid scheme")
    if progress is not None:
        progress.stage("读取考评数据", "reading the inputs")
    observations = collect_all(contest)
    check_values(observations)
    observations = normalise(contest, observations)
    check_single_origin(observations)
    inputs = canonical_inputs(version.sha256, engine_entrants(contest), observations,
                              draw_order(contest), late_adjustments(contest))
    if progress is not None:
        progress.stage("计算成绩", "scoring")
    evaluation = evaluate_inputs(bytes(version.content), version.filename, inputs)
    return Computation(version, inputs, inputs_hash(inputs), evaluation)
