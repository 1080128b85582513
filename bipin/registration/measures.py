"""客观指标: the measurements taken of each received sample, and which of them the scheme scores.

The organizer declares each measure once (name, unit, valid range, decimals
kept); its name is the id of the scheme's ``source: data`` leaf that scores
it, e.g. ``{name: 糖度, points: 10, source: data, rule: "bands(bands=[[16, 10], [14, 7]])"}``.
A value outside the range, or with more decimals than declared, is refused,
not rounded: a refractometer reads 14.6 °Brix and 14.6 is what is kept.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from bipin.audit.chain import record
from bipin.contests.models import Contest
from bipin.contests.params import too_long
from bipin.judging.engine import contest_scheme
from bipin.judging.services import JudgingError, Problem, _refuse
from bipin.registration.models import Measure, Measurement, Registration, Status, shown
from bipin.scoring import Source

LARGEST = Decimal("99999999")


@transaction.atomic
def add_measure(actor, contest: Contest, name: str, unit: str, low: Decimal, high: Decimal,
                decimals: int) -> Measure:
    name, unit = name.strip(), unit.strip()
    problems = []
    if not name:
        problems.append(Problem("name", "指标名称必填", "the measure needs a name"))
    elif (limit := too_long(Measure, "name", name)) is not None:
        problems.append(Problem("name", f"指标名称不能超过 {limit} 字", f"name: at most {limit} characters"))
    elif Measure.objects.filter(contest=contest, name=name).exists():
        problems.append(Problem("name", f"已有指标“{name}”", f"there is a measure '{name}' already"))
    if (limit := too_long(Measure, "unit", unit)) is not None:
        problems.append(Problem("unit", f"单位不能超过 {limit} 字", f"unit: at most {limit} characters"))
    if not -LARGEST <= low < high <= LARGEST:
        problems.append(Problem("high", "最小值应小于最大值(绝对值不超过 1 亿)",
                                "the lowest value must be below the highest (both within 10^8)"))
    if not 0 <= decimals <= 4:
        problems.append(Problem("decimals", "小数位数应在 0–4 之间", "decimals must be 0 to 4"))
    if problems:
        raise JudgingError(problems)
    order = contest.measures.count() + 1
    measure = Measure.objects.create(contest=contest, name=name, unit=unit, low=low, high=high,
                                     decimals=decimals, order=order)
    record("registration.measure", contest=contest, actor=actor, target=name,
           data={"unit": unit, "low": shown(low), "high": shown(high), "decimals": decimals},
           saved=[measure])
    return measure


def parse_value(measure: Measure, text: str) -> Decimal:
    """The typed value, checked against the measure's range and decimals; else a refusal."""
    label = f"{measure.name}({measure.unit})" if measure.unit else measure.name
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise _refuse(measure.name, f"{label}“{text[:20]}”不是数字",
                      f"{measure.name}: '{text[:20]}' is not a number") from None
    if not value.is_finite():
        raise _refuse(measure.name, f"{label}“{text[:20]}”不是数字",
                      f"{measure.name}: '{text[:20]}' is not a number")
    if not measure.low <= value <= measure.high:
        raise _refuse(measure.name, f"{label}应在 {shown(measure.low)}–{shown(measure.high)} 之间,"
                                    f"填写了 {shown(value)}",
                      f"{measure.name} must be {shown(measure.low)} to {shown(measure.high)} "
                      f"{measure.unit}, got {shown(value)}".replace("  ", " ").rstrip())
    if value != value.quantize(Decimal(1).scaleb(-measure.decimals)):
        raise _refuse(measure.name, f"{label}最多 {measure.decimals} 位小数,填写了 {shown(value)}",
                      f"{measure.name}: at most {measure.decimals} decimals, got {shown(value)}")
    return value


@transaction.atomic
def record_measurements(actor, reg: Registration, typed: dict[Measure, str]) -> list[Measurement]:
    """Keep the typed values (blank: left as it was); all are checked before any is saved."""
    if reg.status != Status.RECEIVED:
        raise _refuse("status", f"报名 {reg.label} 尚未收样,不能录入客观指标",
                      f"registration {reg.label} is not received; it takes no measurements", 409)
    problems, values = [], {}
    for measure, text in typed.items():
        if text.strip():
            try:
                values[measure] = parse_value(measure, text)
            except JudgingError as exc:
                problems += exc.problems
    if problems:
        raise JudgingError(problems)
    have = {m.measure_id: m for m in reg.measurements.all()}
    saved, changed = [], {}
    for measure, value in values.items():
        old = have.get(measure.pk)
        if old is None:
            changed[measure.name] = ["", shown(value)]
            saved.append(Measurement.objects.create(registration=reg, measure=measure, value=value,
                                                    entered_by=actor))
        elif old.value != value:
            changed[measure.name] = [shown(old.value), shown(value)]
            old.value, old.entered_by, old.entered_at = value, actor, timezone.now()
            old.save(update_fields=["value", "entered_by", "entered_at"])
            saved.append(old)
    if saved:
        record("registration.measurements", contest=reg.contest, actor=actor,
               target=f"registration:{reg.pk}", data={"number": reg.number, "changed": changed},
               saved=saved)
    return saved


def scored(contest: Contest) -> set[str]:
    """The measures the scheme in force scores: names of its data leaves (or their inputs)."""
    scheme = contest_scheme(contest)
    if scheme is None:
        return set()
    found = set()
    for group in scheme.groups:
        for item, leaf in scheme.items(group).items():
            if leaf.source == Source.DATA:
                found.add(item)
    return found
