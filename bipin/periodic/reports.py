"""A unit's report for one period: fill in, submit, approve level by level.

The level chain of a report is the units above the reporting unit, up to the
county (the unit mapped to an entrant) and, when the form says so, the city
above it; a county that reports its own figures is approved by its own
reviewer when no city level is declared. The chain is kept on the report when
it is submitted. Transitions are those of :mod:`bipin.reporting.review`: a
level approves what the level below approved; its approval locks the values
and every lower approval until it undoes its own, with a reason.

Values change only while the report is 填报中 or 已退回. Once a report has been
approved at any level, each later change to a value is a correction: it needs
a reason and is kept (old value, new value, who, when, why) in the history.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from bipin.audit.chain import record
from bipin.evidence import services as evidence
from bipin.periodic.errors import PeriodicError, Problem, refuse
from bipin.periodic.models import Correction, Field, Period, Report, Unit, Value
from bipin.periodic.units import ancestors
from bipin.reporting import review
from bipin.reporting.review import REASON_MAX_LENGTH, ReviewAction, ReviewError

DECIMALS = 4  # places the values keep; more is refused, never rounded away
LIMIT = Decimal(10) ** 14


def chain(unit: Unit, to_city: bool, units: dict[int, Unit] | None = None) -> list[Unit]:
    """The units that approve ``unit``'s reports, lowest first."""
    above = ancestors(unit, units)
    out: list[Unit] = []
    if unit.entrant_id is None:
        for u in above:
            out.append(u)
            if u.entrant_id is not None:
                break
    county = out[-1] if out else unit
    if to_city and county.parent_id is not None:
        out.append(units[county.parent_id] if units is not None else county.parent)
    return out or [unit]


def parse_value(field: Field, raw) -> tuple[Decimal | None, str, Problem | None]:
    """(number, text, problem) of one typed cell; blank is no value."""
    text = "" if raw is None else str(raw).strip()
    name = f"“{field.label}”"
    if field.kind == Field.Kind.TEXT:
        if len(text) > 500:
            return (
                None,
                "",
                Problem(
                    field.code, f"{name}不能超过500字", f"{field.code}: at most 500 characters"
                ),
            )
        return None, text, None
    if not text:
        return None, "", None
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return (
            None,
            "",
            Problem(
                field.code,
                f"{name}应为数字,填的是“{text[:40]}”",
                f"{field.code}: '{text[:40]}' is not a number",
            ),
        )
    if not number.is_finite() or abs(number) >= LIMIT:
        return (
            None,
            "",
            Problem(
                field.code,
                f"{name}须为有限的数且绝对值小于10^14",
                f"{field.code}: a finite number below 10^14",
            ),
        )
    if field.kind == Field.Kind.INTEGER and number != number.to_integral_value():
        return (
            None,
            "",
            Problem(
                field.code,
                f"{name}须为整数,填的是{text}",
                f"{field.code}: must be a whole number, got {text}",
            ),
        )
    if number.as_tuple().exponent < -DECIMALS and number != number.quantize(
        Decimal(1).scaleb(-DECIMALS)
    ):
        return (
            None,
            "",
            Problem(
                field.code,
                f"{name}最多{DECIMALS}位小数,填的是{text}",
                f"{field.code}: at most {DECIMALS} decimal places, got {text}",
            ),
        )
    low, high = field.minimum, field.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = f"[{'' if low is None else _plain(low)}, {'' if high is None else _plain(high)}]"
        return (
            None,
            "",
            Problem(
                field.code,
                f"{name}{text}超出范围{bounds}",
                f"{field.code}: {text} is outside {bounds}",
            ),
        )
    return number, "", None


def _plain(d: Decimal) -> str:
    return format(d.normalize(), "f")


def _was_approved(report: Report) -> bool:
    return report.review_events.filter(action=ReviewAction.APPROVE).exists()


def _open_report(period: Period, unit: Unit, field: str, zh: str, en: str) -> tuple[Report, bool]:
    """The unit's report for the period, locked, created if new; refused unless it may change."""
    report, created = Report.objects.get_or_create(period=period, unit=unit)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not review.editable(report):
        state = review.ReviewState(report.state).label
        raise refuse(field, f"报表{state},{zh}", f"the report is {report.state}; {en}", 409)
    return report, created


@transaction.atomic
def save_values(
    actor, period: Period, unit: Unit, raw: Mapping[str, str], *, reason: str = ""
) -> Report:
    """Save the typed fields of ``raw`` (by field code) all at once, or refuse every bad one."""
    report, created = _open_report(
        period, unit, "state", "不能修改数值", "its values cannot change"
    )
    fields = [f for f in period.form.fields.all() if f.typed]
    parsed, problems = {}, []
    for f in fields:
        if f.code not in raw:
            continue
        number, text, problem = parse_value(f, raw[f.code])
        if problem:
            problems.append(problem)
        parsed[f.code] = (f, number, text)
    if problems:
        raise PeriodicError(problems)
    current = {v.field_id: v for v in report.values.all()}
    changed = [
        (f, current.get(f.pk), number, text)
        for f, number, text in parsed.values()
        if _differs(current.get(f.pk), number, text)
    ]
    correcting = bool(changed) and _was_approved(report)
    reason = (reason or "").strip()
    if correcting and not reason:
        raise refuse(
            "reason",
            "该报表曾审核通过,更正数值须填写更正原因",
            "the report was approved before: a correction needs a reason",
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise refuse(
            "reason",
            f"原因不能超过 {REASON_MAX_LENGTH} 字",
            f"reason: at most {REASON_MAX_LENGTH} characters",
        )
    saved: list = []
    for f, value, number, text in changed:
        if value is None:
            value = Value.objects.create(report=report, field=f, number=number, text=text)
        else:
            if correcting:
                saved.append(
                    Correction.objects.create(
                        value=value,
                        old_number=value.number,
                        old_text=value.text,
                        new_number=number,
                        new_text=text,
                        by=actor,
                        at=timezone.now(),
                        reason=reason,
                    )
                )
            value.number, value.text = number, text
            value.save(update_fields=["number", "text"])
        saved.append(value)
    if changed or created:
        record(
            "period-report.correct" if correcting else "period-report.save",
            contest=unit.contest,
            actor=actor,
            target=report.review_target,
            data={
                "period": period.label,
                "unit": unit.name,
                "values": {
                    f.code: (text if f.kind == Field.Kind.TEXT else number)
                    for f, _v, number, text in changed
                },
            },
            reason=reason if correcting else "",
            saved=[report, *saved],
        )
    return report


def _differs(value: Value | None, number: Decimal | None, text: str) -> bool:
    if value is None:
        return number is not None or bool(text)
    return value.number != number or value.text != text


@transaction.atomic
def attach(actor, period: Period, unit: Unit, uploads: list) -> Report:
    """Keep the unit's files (台账、照片) with its report, all or none, while it may change."""
    report, _ = _open_report(
        period, unit, "evidence", "不能再添加佐证材料", "no more files can be added"
    )
    if not uploads:
        raise refuse("evidence", "请选择要上传的文件", "choose the files to upload")
    try:
        files = evidence.store_many(actor, unit.contest, uploads)
    except evidence.EvidenceRefused as exc:
        raise refuse("evidence", exc.zh, exc.en) from None
    report.evidence.add(*files)
    record(
        "period-report.attach",
        contest=unit.contest,
        actor=actor,
        target=report.review_target,
        data={"period": period.label, "unit": unit.name, "files": [f.sha256 for f in files]},
        saved=[report],
    )
    return report


def missing_fields(report: Report) -> list[Field]:
    have = {v.field_id for v in report.values.all() if v.number is not None or v.text}
    return [
        f
        for f in report.period.form.fields.all()
        if f.typed and f.kind != Field.Kind.TEXT and f.pk not in have
    ]


@transaction.atomic
def submit(actor, report: Report) -> Report:
    """填报中/已退回 → 已提交: every number filled, the chain fixed for this submission."""
    missing = missing_fields(report)
    if missing:
        raise PeriodicError(
            [
                Problem(f.code, f"“{f.label}”未填写,不能提交", f"{f.code} is empty; cannot submit")
                for f in missing
            ]
        )
    for f in report.period.form.fields.filter(numerator__isnull=False):
        values = {v.field_id: v.number for v in report.values.all()}
        num, den = values.get(f.numerator_id), values.get(f.denominator_id)
        if den is not None and num is not None and (den < 0 or num < 0 or num > den):
            raise refuse(
                f.code,
                f"“{f.label}”的分子{_plain(num)}须在0到分母{_plain(den)}之间",
                f"{f.code}: numerator {num} must lie within 0 and denominator {den}",
            )
    form = report.period.form
    report.levels = [u.key for u in chain(report.unit, form.to_city)]
    report.reported_by, report.reported_at = actor, timezone.now()
    report.save(update_fields=["levels", "reported_by", "reported_at"])
    # A second 提交 (a double tap, a stale page) is refused here; the atomic block
    # takes back the reporter and chain written above.
    with _refusals():
        return review.submit(
            report,
            actor,
            levels=report.levels,
            data={"period": report.period.label, "unit": report.unit.name},
        )


@contextmanager
def _refusals():
    """The shared review steps refuse with ReviewError; this app's pages read PeriodicError."""
    try:
        yield
    except ReviewError as exc:
        raise PeriodicError([Problem(exc.field, exc.zh, exc.en)], exc.status) from None


def _act(fn, report: Report, actor, level: Unit, **kwargs) -> Report:
    with _refusals():
        return fn(
            report,
            actor,
            level=level.key,
            levels=report.levels,
            data={
                "period": report.period.label,
                "unit": report.unit.name,
                "level_unit": level.name,
            },
            **kwargs,
        )


def approve(actor, report: Report, level: Unit, reason: str = "") -> Report:
    return _act(review.approve, report, actor, level, reason=reason)


def send_back(actor, report: Report, level: Unit, reason: str) -> Report:
    return _act(review.send_back, report, actor, level, reason=reason)


def undo(actor, report: Report, level: Unit, reason: str) -> Report:
    return _act(review.undo_approval, report, actor, level, reason=reason)


def reopen(actor, report: Report, reason: str) -> Report:
    with _refusals():
        return review.reopen(
            report,
            actor,
            reason=reason,
            data={"period": report.period.label, "unit": report.unit.name},
        )


def level_units(report: Report) -> list[Unit]:
    """The units of the report's chain (as submitted), lowest first."""
    pks = [int(k[1:]) for k in report.levels]
    found = {u.pk: u for u in Unit.objects.filter(pk__in=pks)}
    return [found[pk] for pk in pks if pk in found]
