"""Rank robustness of a snapshot, for the organizer's ranking page and the workbook.

The computation is :func:`bipin.scoring.rank_robustness` on the snapshot's own
inputs and scheme version, so it describes exactly the ranking shown. It is
cached under (input hash, scheme sha256): the same inputs and scheme always
give the same analysis (the seed is in the scheme), so a reload is instant and
a new snapshot or scheme never reads a stale one.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

from bipin.io.robustness import RankInterval, rank_interval_svg
from bipin.results import engine
from bipin.results.models import Snapshot
from bipin.scoring import Entrant, Observation, RankRobustness, rank_robustness
from bipin.scoring.robustness import DISTINGUISHABLE, EntrantRobustness

_NONE = "none"  # cached when the scheme declares no robustness: not worth a reload either


def cache_key(snapshot: Snapshot) -> str:
    return f"bipin:robustness:{snapshot.input_hash}:{snapshot.scheme_sha256}"


def for_snapshot(snapshot: Snapshot) -> RankRobustness | None:
    """The analysis the snapshot's scheme declares, or None if it declares none."""
    key = cache_key(snapshot)
    found = cache.get(key)
    if found is not None:
        return None if found == _NONE else found
    version = snapshot.scheme_version
    if version is None:
        return None
    scheme = engine.load_scheme(bytes(version.content), version.filename)
    if scheme.robustness is None:
        cache.set(key, _NONE, timeout=None)
        return None
    inputs = snapshot.inputs
    result = rank_robustness(scheme, [Entrant(**e) for e in inputs["entrants"]],
                             [Observation(**o) for o in inputs["observations"]],
                             draw_order=inputs.get("draw"))
    cache.set(key, result, timeout=None)
    return result


@dataclass(frozen=True)
class GroupView:
    name: str
    svg: str
    rows: list[tuple[EntrantRobustness, str]]  # official order, with the share ahead in %


def percent(share: float | None) -> str:
    """A share as a percentage to 0.1, rounded down so 94.96 % never reads as 95.0 %.

    >>> percent(0.94996), percent(1.0), percent(None)
    ('94.9%', '100.0%', '')
    """
    return "" if share is None else f"{math.floor(share * 1000 + 1e-9) / 10:.1f}%"


def context(snapshot: Snapshot, shown: Collection[str] | None = None) -> dict:
    """The ranking page's "排名稳健性" section, or nothing when not declared.

    With ``shown`` (entrant ids: the rows on the ranking's page) only those
    entrants are drawn and listed, so a large contest's page stays one page long.
    """
    result = for_snapshot(snapshot)
    if result is None:
        return {}
    legend = (_("5%–95% 名次区间"), _("名次中位数"), _("正式名次"))
    groups = []
    for g in result.groups:
        entrants = [e for e in g.entrants if shown is None or e.entrant in shown]
        if entrants:
            groups.append(GroupView(g.group, rank_interval_svg(
                [RankInterval(e.name, e.rank, e.low, e.median, e.high) for e in entrants],
                title=_("%(g)s 排名稳健性") % {"g": g.group}, legend=legend),
                [(e, percent(e.ahead)) for e in entrants]))
    return {"robustness": result, "robustness_groups": groups,
            "robustness_partial": sum(len(g.rows) for g in groups) < sum(len(g.entrants) for g in result.groups),
            "distinguishable_percent": round(DISTINGUISHABLE * 100)}
