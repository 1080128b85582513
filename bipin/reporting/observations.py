"""Approved department values for the engine, and where each came from.

Only the current values of an approved submission count: a draft, a
submitted grid still waiting for its reviewer, a returned one and a reopened
one give nothing, so the engine never sees a value nobody has approved. A
correction after approval counts at once (it is the reviewer's own, with a
reason). ``judge`` is ``dept:<department>``; ``ref`` is ``dept-value:<pk>``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bipin.contests.access import roles_of
from bipin.contests.models import Contest, Role
from bipin.contests.provenance import Provenance
from bipin.reporting.access import own_departments
from bipin.reporting.evidence import files_of
from bipin.reporting.models import ReviewEvent, Value
from bipin.reporting.review import ReviewAction, ReviewState
from bipin.scoring import Observation, Source

PREFIX = "dept-value:"
REF_LABELS = {"dept-value": ("部门评价数值{}", "department value {}")}


def collect(contest: Contest) -> list[Observation]:
    rows = (
        Value.objects.filter(
            submission__contest=contest,
            submission__state=ReviewState.APPROVED,
            current=True,
            value__isnull=False,
        )
        .order_by("submission_id", "entrant_id", "item")
        .values_list("pk", "entrant_id", "item", "value", "submission__department")
    )
    return [
        Observation(
            entrant=str(entrant_id),
            source=Source.DEPARTMENT,
            item=item,
            value=float(value),
            judge=f"dept:{department}",
            ref=f"{PREFIX}{pk}",
        )
        for pk, entrant_id, item, value, department in rows
    ]


def _who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _when(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""


def provenance(contest: Contest, refs, user) -> dict[str, Provenance]:
    ids = {
        int(r[len(PREFIX) :]): r
        for r in refs
        if r.startswith(PREFIX) and r[len(PREFIX) :].isdigit()
    }
    if not ids:
        return {}
    rows = Value.objects.filter(pk__in=ids, submission__contest=contest).select_related(
        "submission", "entered_by", "entrant"
    )
    approvals: dict[int, ReviewEvent] = {}
    for ev in ReviewEvent.objects.filter(
        submission__in={r.submission_id for r in rows}, action=ReviewAction.APPROVE
    ).select_related("actor"):
        approvals[ev.submission_id] = ev  # ordered by time: the last approval stays
    organizer = Role.ORGANIZER in roles_of(user, contest)
    evidence = files_of(contest, rows, user)
    mine = own_departments(user, contest)
    out = {}
    for row in rows:
        sub = row.submission
        facts = [
            (_("考核部门"), sub.department + (f"({sub.label})" if sub.label else "")),
            (_("填报人") if not row.is_correction else _("更正人"), _who(row.entered_by)),
            (_("填报时间") if not row.is_correction else _("更正时间"), _when(row.entered_at)),
            (_("方式"), str(Value.Via(row.via).label)),
        ]
        if row.is_correction:
            facts.append((_("更正原因"), row.reason))
        approved = approvals.get(sub.pk)
        if approved is not None:
            facts += [(_("审核人"), _who(approved.actor)), (_("审核时间"), _when(approved.at))]
        facts.append((_("状态"), str(ReviewState(sub.state).label)))
        url = ""
        if organizer or sub.department in mine:
            url = reverse("reporting:history", args=[contest.slug, sub.department]) + f"#v{row.pk}"
        out[ids[row.pk]] = Provenance(
            ref=ids[row.pk],
            title=f"{row.entrant.name} · {row.item} = {row.text}",
            facts=tuple(facts),
            url=url,
            evidence=tuple(evidence.get(row.pk, ())),
        )
    return out
