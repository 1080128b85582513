"""What an objection may be about: the figures of one entrant in the released
snapshot, and the inspection findings charged to it. Picked, never typed.

Each choice has a value the form posts (``total``, ``node:<indicator id>``,
``finding:<pk>``) and the label the filer saw, which the objection keeps.

In a staged contest (预赛 → 决赛) the same indicator is scored once per stage, so
an indicator is named with its stage (``node:<stage>/<indicator id>``), each
stage's own total is a figure of its own (``node:<stage>``), and ``total`` is the
entrant's final place with the stage that decided it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from bipin.io.report_data import figure, is_staged
from bipin.objections.models import Target
from bipin.results.models import Release
from bipin.results.presenters import report_of, staged_report

SEPARATOR = " › "


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    target: str  # a Target value
    node: str = ""
    finding_id: int | None = None


def _points(node: Mapping[str, Any]) -> str:
    points = node.get("points")
    return _("%(p)s 分") % {"p": figure(points)} if points is not None else _("未得分")


def _walk(node: Mapping[str, Any], path: tuple[str, ...]):
    for child in node.get("children", []) or []:
        if not isinstance(child, Mapping) or not child.get("id"):
            continue  # a bound line (封顶/保底) is part of its parent's figure, not a figure of its own
        name = str(child.get("name") or child["id"])
        here = (*path, name)
        yield child, here
        yield from _walk(child, here)


def choices(release: Release, entrant, *, public: bool = False) -> list[Choice]:
    """The entrant's total, each dimension and indicator of the released snapshot,
    then the findings charged to it (confirmed, or withdrawn after confirmation).

    The public gets only what the notice shows everyone: the total and the
    dimensions. An indicator's points and the findings are the unit's own report
    card, which the public never sees.
    """
    snapshot = release.snapshot
    snapshot.contest = release.contest
    if is_staged(snapshot.evaluation):
        out = _staged_choices(snapshot, str(entrant.pk), public=public)
    else:
        out = []
        found = report_of(snapshot).find(str(entrant.pk))
        if found is not None:
            row = found[1]
            total = _("%(p)s 分") % {"p": figure(row.total)} if row.total is not None else _("未得分")
            out.append(Choice("total", f"{_('总分')} {total}", Target.TOTAL))
            out.extend(_node_choices(row.explanation, public=public))
    if not public:
        out.extend(finding_choices(release.contest, entrant))
    return out


def _node_choices(explanation: Mapping[str, Any] | None, *, public: bool = False,
                  stage: str = "") -> list[Choice]:
    """Each figure of an explanation tree (named after ``stage`` when given); the
    public gets its top level only."""
    out: list[Choice] = []
    seen = set()
    for node, path in _walk(explanation or {}, (stage,) if stage else ()):
        if node["id"] in seen or (public and len(path) > 1):
            continue
        seen.add(node["id"])
        key = f"{stage}/{node['id']}" if stage else str(node["id"])
        out.append(Choice(f"node:{key}", f"{SEPARATOR.join(path)} {_points(node)}",
                          Target.INDICATOR, node=key))
    return out


def _staged_choices(snapshot, entrant_id: str, *, public: bool) -> list[Choice]:
    """The final place and the stage that decided it, then each stage the entrant
    took part in: its total there (with the ranked total the cut was made on) and,
    below it, that stage's own figures. An entrant still waiting for a stage has no
    final place to object to, only the stages already scored. The public gets what
    the notice shows everyone: the final place and each stage's totals."""
    report = staged_report(snapshot)
    out: list[Choice] = []
    placing = report.placing(entrant_id)
    if placing is not None:
        out.append(Choice("total", _("最终名次 第 %(place)s 名(%(stage)s 排名总分 %(p)s 分)") % {
            "place": placing.place, "stage": placing.decided_in, "p": figure(placing.ranked_total)},
            Target.TOTAL))
    for stage, row in report.path(entrant_id):
        out.append(Choice(f"node:{stage.id}", _(
            "%(stage)s 本轮 %(p)s 分(排名总分 %(r)s 分,第 %(rank)s 名)") % {
            "stage": stage.id, "p": figure(row.total), "r": figure(row.ranked_total),
            "rank": row.rank}, Target.INDICATOR, node=stage.id))
        found = None if public else stage.report.find(entrant_id)
        if found is not None:
            out.extend(_node_choices(found[1].explanation, stage=stage.id))
    return out


def finding_choices(contest, entrant) -> list[Choice]:
    from bipin.inspections.models import Finding

    findings = Finding.objects.filter(contest=contest, entrant=entrant,
                                      confirmed_at__isnull=False).select_related("round")
    return [Choice(f"finding:{f.pk}", _("核查问题 #%(n)s:%(r)s %(i)s %(c)s") % {
        "n": f.pk, "r": f.round.name, "i": f.item, "c": f.category or f.description[:40]},
        Target.FINDING, finding_id=f.pk) for f in findings.order_by("pk")]


def pick(release: Release, entrant, value: str, *, public: bool = False) -> Choice | None:
    """The choice ``value`` names for this entrant, or None when it is not one of them."""
    return next((c for c in choices(release, entrant, public=public) if c.value == value), None)
