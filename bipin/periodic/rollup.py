"""From approved reports to a county's figure for a period, and the progress board.

A county's value for a period counts only when every reporting unit below it
has its report for that period approved at the last level; until then the
period gives no value at all (never a partial sum), and the board shows what
is missing. The county's value of an additive field (integer, decimal) is the
sum of its units' values; a rate computed from a numerator and a denominator
is 100 × Σ numerator / Σ denominator; a rate typed in is only ever fed from
the counties' own reports (no sum of rates).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from bipin.periodic.models import Field, Form, Period, Report, Unit, Value
from bipin.periodic.setup import units_by_pk
from bipin.periodic.units import county_of
from bipin.reporting.review import ReviewState


def fully_approved(report: Report | None) -> bool:
    return (
        report is not None
        and report.state == ReviewState.APPROVED
        and bool(report.levels)
        and report.approved_level == report.levels[-1]
    )


def rate(num: Decimal | None, den: Decimal | None) -> Decimal | None:
    if num is None or den is None or den == 0:
        return None
    return Decimal(100) * num / den


def unit_value(f: Field, values: dict[int, Decimal | None]) -> Decimal | None:
    """A unit's figure for ``f`` from its values by field pk (a rate computed)."""
    if f.computed:
        return rate(values.get(f.numerator_id), values.get(f.denominator_id))
    return values.get(f.pk)


@dataclass
class CountyPeriod:
    """One county's figures for one period, and the reports they come from."""

    county: Unit
    period: Period
    units: list[Unit]
    reports: dict[int, Report]  # unit pk -> report
    values: dict[int, dict[int, Decimal | None]] = field(
        default_factory=dict
    )  # report -> field -> number

    @property
    def complete(self) -> bool:
        return bool(self.units) and all(fully_approved(self.reports.get(u.pk)) for u in self.units)

    def total(self, f: Field) -> Decimal | None:
        if not self.complete:
            return None
        per_unit = [self.values.get(self.reports[u.pk].pk, {}) for u in self.units]
        if f.computed:
            num = [v.get(f.numerator_id) for v in per_unit]
            den = [v.get(f.denominator_id) for v in per_unit]
            if any(x is None for x in num + den):
                return None
            return rate(sum(num, Decimal(0)), sum(den, Decimal(0)))
        numbers = [v.get(f.pk) for v in per_unit]
        if any(x is None for x in numbers):
            return None
        if f.kind == Field.Kind.PERCENT:  # typed rates: only a county's own report
            return numbers[0] if len(numbers) == 1 and self.units[0].pk == self.county.pk else None
        return sum(numbers, Decimal(0))


def county_periods(form: Form, periods: list[Period] | None = None) -> list[CountyPeriod]:
    """Every (county, period) of ``form`` with its reporting units and their reports."""
    units = units_by_pk(form.contest_id)
    by_county: dict[int, list[Unit]] = defaultdict(list)
    for u in sorted(units.values(), key=lambda u: (u.order, u.pk)):
        if u.level == form.level:
            county = county_of(u, units)
            if county is not None:
                by_county[county.pk].append(u)
    periods = list(form.periods.all()) if periods is None else periods
    reports = {
        (r.period_id, r.unit_id): r
        for r in Report.objects.filter(period__in=periods).select_related("reported_by")
    }
    numbers: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for report_id, field_id, number in Value.objects.filter(report__period__in=periods).values_list(
        "report_id", "field_id", "number"
    ):
        numbers[report_id][field_id] = number
    out = []
    for period in periods:
        for county_pk, members in by_county.items():
            found = {
                u.pk: reports[(period.pk, u.pk)] for u in members if (period.pk, u.pk) in reports
            }
            out.append(
                CountyPeriod(
                    units[county_pk],
                    period,
                    members,
                    found,
                    {r.pk: numbers.get(r.pk, {}) for r in found.values()},
                )
            )
    return out


def state_label(report: Report | None, names: dict[str, str]) -> tuple[str, str]:
    """(css class, words) of a report's place on the board; ``names`` maps level keys to units."""
    if report is None:
        return "none", _("未开始")
    if report.state == ReviewState.DRAFT:
        return "draft", _("填报中")
    if report.state == ReviewState.RETURNED:
        return "returned", _("已退回")
    if report.state == ReviewState.APPROVED:
        return "approved", _("已审核(终审)")
    done = (
        report.levels.index(report.approved_level) + 1
        if report.approved_level in report.levels
        else 0
    )
    waiting = names.get(report.levels[done], "") if done < len(report.levels) else ""
    if done:
        return "partial", _("%(by)s已审核,待%(next)s审核") % {
            "by": names.get(report.approved_level, ""),
            "next": waiting,
        }
    return "submitted", _("已提交,待%(next)s审核") % {"next": waiting}
