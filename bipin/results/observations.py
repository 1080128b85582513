"""The observations the organizer imported from files (inspection, department,
supervision and objective data that no app collects yet), and where each
came from: the file, its row, who imported it and when, and the reason of a
correction (:func:`provenance`).

Only current values reach the engine: a row superseded by a row of an active
batch (a correction, or a leaf that replaces) is left out, so its ref never
appears in an explanation.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.access import roles_of
from bipin.contests.models import Contest, Role
from bipin.contests.provenance import Provenance
from bipin.evidence.provenance import person, stamp
from bipin.results.models import ImportBatch, ImportedObservation, Supersession
from bipin.scoring import Observation


def collect(contest: Contest) -> list[Observation]:
    # Plain tuples, not model instances: a campaign has millions of rows.
    rows = (ImportedObservation.objects
            .filter(batch__contest=contest, batch__status=ImportBatch.Status.ACTIVE)
            .exclude(superseded_by__new__batch__status=ImportBatch.Status.ACTIVE)
            .order_by("batch_id", "row_number")
            .values_list("entrant_id", "source", "item", "value", "judge", "round", "factor",
                         "category", "severity", "batch_id", "row_number", "period"))
    return [Observation(entrant=str(entrant), source=source, item=item, value=value,
                        judge=judge or None, round=round_ or None, factor=factor,
                        category=category or None, severity=severity or None,
                        ref=f"import:{batch}:{row}", period=period)
            for (entrant, source, item, value, judge, round_, factor, category, severity, batch, row,
                 period) in rows.iterator(chunk_size=20_000)]


def _parse(refs) -> dict[tuple[int, int], str]:
    wanted = {}
    for ref in refs:
        kind, _sep, rest = ref.partition(":")
        batch, _sep, row = rest.partition(":")
        if kind == "import" and batch.isdigit() and row.isdigit():
            wanted[(int(batch), int(row))] = ref
    return wanted


def provenance(contest: Contest, refs, user) -> dict[str, Provenance]:
    """Each imported row's file, who imported it and when, its row, and a correction's reason."""
    wanted = _parse(refs)
    if not wanted:
        return {}
    rows = list(ImportedObservation.objects
                .filter(batch__contest=contest, batch_id__in={b for b, _r in wanted},
                        row_number__in={r for _b, r in wanted})
                .select_related("batch__uploaded_by")
                .annotate(replaces=Exists(Supersession.objects.filter(new=OuterRef("pk")))))
    # Most rows replace nothing: their earlier values are looked up only when there are some.
    replaced: dict[int, list[ImportedObservation]] = {}
    replacing = [r for r in rows if r.replaces]
    if replacing:
        for s in (Supersession.objects.filter(new__in=replacing).select_related("old__batch")
                  .order_by("old__batch_id", "old__row_number")):
            replaced.setdefault(s.new_id, []).append(s.old)
    url = (reverse("results:imports", args=[contest.slug])
           if Role.ORGANIZER in roles_of(user, contest) else "")
    out = {}
    for row in rows:
        ref = wanted.get((row.batch_id, row.row_number))
        if ref is None:
            continue
        batch = row.batch
        facts = [(_("文件"), batch.filename), (_("行号"), str(row.row_number)),
                 (_("导入人"), person(batch.uploaded_by)), (_("导入时间"), stamp(batch.uploaded_at))]
        earlier = replaced.get(row.pk, [])
        if earlier:
            facts.append((_("更正前"), "; ".join(
                _("%(f)s 第 %(n)s 行:%(v)s") % {"f": o.batch.filename, "n": o.row_number,
                                                "v": "—" if o.value is None else f"{o.value:g}"}
                for o in earlier)))
        if batch.is_correction or earlier:
            facts.append((_("更正原因"), batch.reason or "—"))
        out[ref] = Provenance(ref, _("导入数据:%(f)s 第 %(n)s 行") % {"f": batch.filename, "n": row.row_number},
                              tuple(facts), url)
    return out
