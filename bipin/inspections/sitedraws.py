"""Drawing the villages or households a team visits (抽取核查点), by commit–reveal.

The algorithm is the lot drawing's, :mod:`bipin.scoring.draw`, with the
candidate site names as its ids: the organizer commits (Bipin picks a secret
seed and publishes its SHA-256), the delegates' numbers are typed in at the
reveal, and the first ``count`` sites of the resulting order become the
visit's sites. Until the reveal only the commitment, the number of candidates
and the digest of their list are shown outside the organizer, so the county
cannot know which villages to prepare; the audit log records the candidates
at the commit, so they cannot be changed after the numbers are known.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bipin.audit.chain import record
from bipin.inspections.models import SiteDraw, Visit
from bipin.inspections.setup import SITES_MAX, clean_sites
from bipin.judging.draws import clean_inputs
from bipin.judging.services import _refuse, check_length
from bipin.scoring import draw as algorithm

__all__ = [
    "candidates_digest",
    "clean_inputs",
    "commit_site_draw",
    "current_draw",
    "published_record",
    "reveal_site_draw",
]


def candidates_digest(candidates: Iterable[str]) -> str:
    """SHA-256 of the candidates as a compact JSON array, shown before the reveal.

    >>> candidates_digest(["石桥村", "王家户"])[:16]
    '7407c3c89d8df48b'
    """
    return algorithm.commitment(algorithm.canonical_inputs(list(candidates)))


def current_draw(visit: Visit) -> SiteDraw | None:
    """The visit's draw in force (committed or revealed), if any; uses prefetched draws."""
    live = [d for d in visit.site_draws.all() if d.status != SiteDraw.Status.REPLACED]
    return max(live, key=lambda d: d.number) if live else None


def _clean_count(count, candidates: list[str]) -> int:
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise _refuse("count", "抽取数量须为正整数", "count must be a whole number of at least 1")
    if count > len(candidates):
        raise _refuse(
            "count",
            f"抽取数量({count})大于候选村/户数({len(candidates)})",
            f"count ({count}) is more than the {len(candidates)} candidates",
        )
    if count > SITES_MAX:
        raise _refuse(
            "count", f"一次最多抽取 {SITES_MAX} 个核查点", f"count: at most {SITES_MAX} sites"
        )
    return count


@transaction.atomic
def commit_site_draw(
    actor,
    visit: Visit,
    candidates: Iterable[str],
    count,
    *,
    reason: str = "",
    seed: str | None = None,
) -> SiteDraw:
    """Publish a commitment for drawing ``count`` of ``candidates``.

    A visit has one draw in force; another one is a redraw, which needs a
    reason and marks the one in force as replaced (it stays on record). Until
    the new draw is revealed the visit has no sites.
    """
    visit = (
        Visit.objects.select_for_update().select_related("team__round", "entrant").get(pk=visit.pk)
    )
    raw = list(candidates)
    if any("\n" in str(c) for c in raw):
        # The form splits on lines; a name with a line break would be two names.
        raise _refuse("candidates", "候选村/户每行一个", "candidates: one name a line")
    names = clean_sites(raw, field="candidates", name_zh="候选村/户", most=SiteDraw.CANDIDATES_MAX)
    if not names:
        raise _refuse("candidates", "请填写候选村/户,每行一个", "enter the candidates, one a line")
    count = _clean_count(count, names)
    reason = (reason or "").strip()
    check_length(SiteDraw, "reason", reason, "reason", "重抽原因")
    replaces = current_draw(visit)
    if replaces is not None and not reason:
        raise _refuse(
            "reason",
            f"{visit.entrant.name}已有第 {replaces.number} 次抽签;重抽必须填写原因",
            f"this visit already has draw {replaces.number}; a redraw needs a reason",
            409,
        )
    seed = seed or algorithm.new_seed()
    number = (visit.site_draws.aggregate(m=Max("number"))["m"] or 0) + 1
    draw = SiteDraw.objects.create(
        visit=visit,
        number=number,
        candidates=names,
        count=count,
        commitment=algorithm.commitment(seed),
        seed=seed,
        replaces=replaces,
        reason=reason,
        created_by=actor,
    )
    if replaces is not None:
        replaces.status = SiteDraw.Status.REPLACED
        replaces.save(update_fields=["status"])
    sites_before = list(visit.sites)
    visit.sites = []
    visit.save(update_fields=["sites"])
    record(
        "inspection.sitedraw.commit",
        contest=visit.team.round.contest,
        actor=actor,
        target=_target(draw),
        data={
            "round": visit.team.round.name,
            "team": visit.team.name,
            "entrant": visit.entrant.name,
            "commitment": draw.commitment,
            "candidates": names,
            "candidates_sha256": candidates_digest(names),
            "count": count,
            "replaces": replaces.number if replaces else None,
            "sites_before": sites_before,
        },
        reason=reason,
        saved=[draw, visit, *([replaces] if replaces else [])],
    )
    return draw


@transaction.atomic
def reveal_site_draw(actor, draw: SiteDraw, inputs: list[str]) -> SiteDraw:
    """The delegates' inputs decide the order; its first ``count`` become the visit's sites."""
    draw = SiteDraw.objects.select_for_update().select_related("visit__team__round").get(pk=draw.pk)
    if draw.status != SiteDraw.Status.COMMITTED:
        raise _refuse(
            "draw",
            f"第 {draw.number} 次抽签已揭晓或已作废,不能再次揭晓",
            f"draw {draw.number} was already revealed or replaced",
            409,
        )
    draw.inputs = list(inputs)
    draw.order = algorithm.draw_order(draw.seed, draw.inputs, draw.candidates)
    draw.status, draw.revealed_at = SiteDraw.Status.REVEALED, timezone.now()
    draw.save(update_fields=["inputs", "order", "status", "revealed_at"])
    visit = Visit.objects.select_for_update().get(pk=draw.visit_id)
    visit.sites = draw.sites
    visit.save(update_fields=["sites"])
    record(
        "inspection.sitedraw.reveal",
        contest=draw.visit.team.round.contest,
        actor=actor,
        target=_target(draw),
        data={
            "seed": draw.seed,
            "inputs": draw.inputs,
            "order": draw.order,
            "sites": visit.sites,
        },
        saved=[draw, visit],
    )
    return draw


def _target(draw: SiteDraw) -> str:
    return f"visit:{draw.visit_id}/draw:{draw.number}"


def published_record(draw: SiteDraw) -> dict:
    """The revealed draw as JSON that ``bipin draw verify`` checks (candidates as ``entrants``)."""
    if not draw.revealed:
        raise ValueError(f"{draw} is not revealed: its seed is still secret")
    visit = draw.visit
    return {
        "algorithm": algorithm.ALGORITHM,
        "contest": visit.team.round.contest.slug,
        "round": visit.team.round.name,
        "team": visit.team.name,
        "visit": visit.pk,
        "entrant": visit.entrant.name,
        "draw": draw.number,
        "commitment": draw.commitment,
        "candidates_sha256": candidates_digest(draw.candidates),
        "committed_at": draw.created_at.isoformat(),
        "entrants": list(draw.candidates),
        "count": draw.count,
        "seed": draw.seed,
        "inputs": list(draw.inputs),
        "order": list(draw.order),
        "sites": draw.sites,
        "revealed_at": draw.revealed_at.isoformat() if draw.revealed_at else None,
        "replaces": draw.replaces.number if draw.replaces_id else None,
        "reason": draw.reason,
    }
