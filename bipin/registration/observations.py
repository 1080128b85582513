"""Objective measurements for the engine, and where each one came from.

One ``data`` observation per measurement of a coded sample whose measure the
scheme in force scores (a data leaf, or a formula's input, of that name for
the sample's group): ref "measurement:<pk>". A measure the scheme does not
name is kept and shown, but not sent: the engine refuses items it does not
know, and the measurements page says which measures count.
"""

from __future__ import annotations

from django.urls import reverse

from bipin.contests.models import Contest
from bipin.contests.provenance import Provenance
from bipin.evidence.provenance import person, stamp
from bipin.judging.engine import contest_scheme
from bipin.judging.rounds import later_stages
from bipin.registration.access import may_open_sample
from bipin.registration.models import Measurement, shown
from bipin.scoring import Observation, Source

PREFIX = "measurement:"


def collect(contest: Contest) -> list[Observation]:
    scheme = contest_scheme(contest)
    if scheme is None:
        return []
    rows = (Measurement.objects.filter(registration__contest=contest,
                                       registration__entrant__isnull=False)
            .order_by("pk")
            .values_list("pk", "registration__entrant_id", "registration__group__name",
                         "measure__name", "value"))
    items: dict[str, set[str]] = {}
    first = scheme.stages[0].id if scheme.stages else None
    later = later_stages(contest) if first is not None else {}
    found = []
    for pk, entrant, group, name, value in rows:
        if group not in items:
            items[group] = {item for item, leaf in scheme.items(group).items()
                            if leaf.source == Source.DATA} if group in scheme.groups else set()
        if name in items[group]:
            found += [Observation(entrant=str(entrant), source=Source.DATA, item=name, value=float(value),
                                  round=stage, ref=f"{PREFIX}{pk}")
                      for stage in [first, *later.get(entrant, ())]]
    return found


def provenance(contest: Contest, refs, user) -> dict:
    ids = {}
    for ref in refs:
        rest = ref[len(PREFIX):] if ref.startswith(PREFIX) else ""
        if rest.isascii() and rest.isdigit():
            ids[int(rest)] = ref
    if not ids:
        return {}
    allowed = may_open_sample(user, contest)
    out = {}
    for m in (Measurement.objects.filter(registration__contest=contest, pk__in=ids)
              .select_related("measure", "registration", "entered_by")):
        facts = [("测定值", f"{shown(m.value)} {m.measure.unit}".strip()),
                 ("录入人", person(m.entered_by)), ("录入时间", stamp(m.entered_at))]
        out[ids[m.pk]] = Provenance(
            ref=ids[m.pk], title=f"客观指标:{m.measure.name}", facts=tuple(facts),
            url=reverse("registration:sample", args=[contest.slug, m.registration_id])
            if allowed else "")
    return out


# How a measurement's ref reads where the engine refuses it (bipin.results.engine.ref_labels).
REF_LABELS = {"measurement": ("客观指标测定值{}", "measurement {}")}
