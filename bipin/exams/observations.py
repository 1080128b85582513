"""Exam scores as observations for the engine: one per entrant and sitting.

An entrant's value is its candidates' scores combined by the sitting's rule
(mean or best), reported as a percentage of the paper's full marks (the
dabipin scheme's exam leaf is ``scaled(max=100)``) or as raw points, as the
sitting declares. An entrant with an attempt still running or a short answer
still unmarked gives no observation yet, so a half-marked test never counts;
practice sittings (``counts`` off) give none at all. :func:`provenance` says
which sitting a value came from.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.access import roles_of
from bipin.contests.models import Role
from bipin.contests.provenance import Provenance
from bipin.evidence.provenance import stamp
from bipin.exams import grading
from bipin.exams.models import Sitting
from bipin.exams.services import expire_overdue
from bipin.scoring import Observation, Source


def collect(contest) -> list[Observation]:
    out: list[Observation] = []
    sittings = (
        Sitting.objects.filter(contest=contest, counts=True)
        .annotate(full=Sum("paper__items__points"))
        .order_by("pk")
    )
    for sitting in sittings:
        expire_overdue(sitting)
        by_entrant = defaultdict(list)
        for candidate in sitting.candidates.all():
            by_entrant[candidate.entrant_id].append(candidate.score)
        for entrant_id, scores in sorted(by_entrant.items()):
            if any(s is None for s in scores):
                continue
            value = grading.aggregate(scores, sitting.aggregate)
            if sitting.report_as == Sitting.Report.PERCENT:
                value = grading.percent(value, Decimal(sitting.full))
            out.append(
                Observation(
                    entrant=str(entrant_id),
                    source=Source.EXAM,
                    item=sitting.item_id,
                    value=float(value),
                    ref=f"exam-sitting:{sitting.pk}",
                )
            )
    return out


def provenance(contest, refs, user) -> dict[str, Provenance]:
    """Each sitting's name, paper and closing time; its page for the organizer only."""
    wanted = {}
    for ref in refs:
        kind, _sep, pk = ref.partition(":")
        if kind == "exam-sitting" and pk.isdigit():
            wanted[int(pk)] = ref
    if not wanted:
        return {}
    organizer = Role.ORGANIZER in roles_of(user, contest)
    out = {}
    for sitting in Sitting.objects.filter(contest=contest, pk__in=wanted).select_related("paper"):
        ref = wanted[sitting.pk]
        url = reverse("exams:sitting", args=[contest.slug, sitting.pk]) if organizer else ""
        facts = (
            (_("场次"), sitting.name),
            (_("试卷"), str(sitting.paper)),
            (_("截止时间"), stamp(sitting.closes_at)),
        )
        out[ref] = Provenance(ref, _("政策测试:%(n)s") % {"n": sitting.name}, facts, url)
    return out
