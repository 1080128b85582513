"""Approved period figures for the engine: one observation per county, field and period.

``source`` data, ``item`` the mapped leaf, ``round`` the period label: the
leaf's ``reduce`` (sum, last or mean, which the mapping was checked against)
combines the periods, so the explanation keeps each period's figure and its
ref ``period-value:<period>:<county unit>:<field>`` leads back to the reports
summed into it. A period some unit under the county has not had approved at
the last level gives nothing (see :mod:`bipin.periodic.rollup`).
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.access import roles_of
from bipin.contests.models import Role
from bipin.contests.provenance import Provenance
from bipin.evidence.provenance import pairs, person, stamp
from bipin.judging.engine import contest_scheme
from bipin.periodic.models import Correction, Field, Form, Period, Unit
from bipin.periodic.reports import level_units
from bipin.periodic.rollup import county_periods, unit_value
from bipin.periodic.setup import leaf_problems
from bipin.scoring import Observation, ObservationError, Source

KIND = "period-value"
REF_LABELS = {KIND: ("定期报表期别{}单位{}字段{}", "period {}, unit {}, field {}")}


def collect(contest) -> list[Observation]:
    forms = list(Form.objects.filter(contest=contest, fields__leaf__gt="").distinct())
    if not forms:
        return []
    scheme = contest_scheme(contest)
    out: list[Observation] = []
    for form in forms:
        mapped = [f for f in form.fields.all() if f.leaf]
        for f in mapped:
            problem = scheme and leaf_problems(f, scheme, f.combine)
            if problem:
                # The scheme changed after the mapping: refuse, never combine another way.
                raise ObservationError(problem[1], problem[2], f"{KIND}:0:0:{f.pk}", "item")
        for cp in county_periods(form):
            for f in mapped:
                total = cp.total(f)
                if total is None:
                    continue
                out.append(
                    Observation(
                        entrant=str(cp.county.entrant_id),
                        source=Source.DATA,
                        item=f.leaf,
                        value=float(total),
                        round=cp.period.label,
                        ref=f"{KIND}:{cp.period.pk}:{cp.county.pk}:{f.pk}",
                    )
                )
    return out


def _parse(ref: str) -> tuple[int, int, int] | None:
    kind, _, rest = ref.partition(":")
    parts = rest.split(":")
    if kind != KIND or len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1]), int(parts[2])


def provenance(contest, refs, user) -> dict[str, Provenance]:
    wanted = {ref: p for ref in refs if (p := _parse(ref))}
    if not wanted:
        return {}
    periods = {
        p.pk: p
        for p in Period.objects.filter(
            form__contest=contest, pk__in={p for p, _, _ in wanted.values()}
        ).select_related("form")
    }
    counties = {
        u.pk: u
        for u in Unit.objects.filter(contest=contest, pk__in={c for _, c, _ in wanted.values()})
    }
    fields = {
        f.pk: f
        for f in Field.objects.filter(
            form__contest=contest, pk__in={f for _, _, f in wanted.values()}
        )
    }
    organizer = Role.ORGANIZER in roles_of(user, contest)
    out = {}
    for ref, (period_pk, county_pk, field_pk) in wanted.items():
        period, county, f = periods.get(period_pk), counties.get(county_pk), fields.get(field_pk)
        if period is None or county is None or f is None or f.form_id != period.form_id:
            continue
        cp = next(
            (c for c in county_periods(period.form, [period]) if c.county.pk == county.pk), None
        )
        if cp is None:
            continue
        total = cp.total(f)
        facts = [(_("合计"), _shown(total, f))]
        for u in cp.units:
            report = cp.reports.get(u.pk)
            if report is None:
                continue
            number = cp.values.get(report.pk, {})
            value = unit_value(f, number)
            by = person(report.reported_by)
            facts.append(
                (
                    _("%(unit)s 填报") % {"unit": u.name},
                    f"{_shown(value, f)} · {by} · {stamp(report.reported_at)}",
                )
            )
            names = {x.key: x.name for x in level_units(report)}
            for event in report.review_events.select_related("actor").order_by("at", "pk"):
                if event.action in ("approve", "undo", "return", "reopen"):
                    who = person(event.actor)
                    facts.append(
                        (
                            f"{names.get(event.level, '')} {event.get_action_display()}".strip(),
                            f"{who} · {stamp(event.at)}"
                            + (f" · {event.reason}" if event.reason else ""),
                        )
                    )
            for c in _corrections(report, f):
                facts.append((_("%(unit)s 更正") % {"unit": u.name}, c))
        url = reverse("periodic:form", args=[contest.slug, period.form_id]) if organizer else ""
        out[ref] = Provenance(
            ref=ref,
            title=f"{period.form.name} · {period.label} · {county.name} · {f.label}",
            facts=tuple(facts),
            url=url,
            evidence=pairs(
                user, contest, [e for r in cp.reports.values() for e in r.evidence.all()]
            ),
        )
    return out


def _shown(value, f: Field) -> str:
    """A figure as the card shows it: a rate to 2 decimals (the engine gets it whole)."""
    if value is None:
        return "—"
    if f.kind == Field.Kind.PERCENT:
        value = value.quantize(Decimal("0.01"))
    return f"{value.normalize():f}{f.unit}"


def _corrections(report, f: Field) -> list[str]:
    codes = {f.pk} if not f.computed else {f.numerator_id, f.denominator_id}
    return [
        f"{c.old_number.normalize() if c.old_number is not None else ''} → "
        f"{c.new_number.normalize() if c.new_number is not None else ''} · "
        f"{person(c.by)} · {stamp(c.at)} · {c.reason}"
        for c in Correction.objects.filter(value__report=report, value__field_id__in=codes)
        .select_related("by")
        .order_by("at", "pk")
    ]
