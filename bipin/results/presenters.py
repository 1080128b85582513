"""Turn a stored snapshot into what the templates show. No arithmetic on
scores happens here beyond comparing figures the engine produced (a mean of
the group's dimension subtotals for the radar, a difference for the gap)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from bipin.io.radar import RadarSeries, radar_svg
from bipin.io.report_data import (
    Report,
    StagedReport,
    full_marks,
    group_notes,
    is_staged,
    read_report,
    read_staged,
    veto_effects,
)
from bipin.io.rule_text import Said, coverage_words, say_rule, veto_effect
from bipin.results import provenance
from bipin.results.models import Snapshot

JUDGE_REF = re.compile(r"^judge:(\d+)$")


def panel_judges(snapshot: Snapshot) -> list[str]:
    """Every judge who marked a panel in the snapshot, as its marks name them."""
    return sorted({o["judge"] for o in snapshot.inputs.get("observations", [])
                   if o.get("source") == "panel" and o.get("judge")})


def judge_labels(snapshot: Snapshot, reveal: bool, judges: list[str] | None = None) -> dict[str, str]:
    """How a judge is named: by name for organizers, "评委1…n" for anyone else.

    The judging app labels marks ``judge:<user id>``; an entrant reads what
    the panel gave, not who gave it. ``judges`` is :func:`panel_judges` when
    already known.
    """
    labels = panel_judges(snapshot) if judges is None else judges
    if not reveal:
        return {j: _("评委%(n)s") % {"n": i} for i, j in enumerate(labels, start=1)}
    ids = {int(m.group(1)): j for j in labels if (m := JUDGE_REF.match(j))}
    names = {ids[u.pk]: u.get_full_name() or u.get_username()
             for u in get_user_model().objects.filter(pk__in=ids)}
    return {j: names.get(j, j) for j in labels}


JUDGE_IN_TEXT = re.compile(r"judge:\d+")


def relabel(obj: Any, labels: Mapping[str, str]) -> Any:
    """A copy of a JSON tree with every judge reference renamed by ``labels``:
    "judge" values, and "judge:3" inside a note's text."""
    if isinstance(obj, str):
        return JUDGE_IN_TEXT.sub(lambda m: labels.get(m.group(0), m.group(0)), obj)
    if isinstance(obj, list):
        return [relabel(x, labels) for x in obj]
    if isinstance(obj, Mapping):
        return {k: (labels.get(v, v) if k == "judge" and isinstance(v, str) else relabel(v, labels))
                for k, v in obj.items()}
    return obj


def said(text: Said) -> str:
    """Plain-words text (bipin.io.rule_text) in the page's language."""
    return text.en if (get_language() or "").startswith("en") else text.zh


def ordered_evaluation(snapshot: Snapshot) -> dict[str, Any]:
    """The stored evaluation with its groups in the contest's own order."""
    order = {name: i for i, name in enumerate(snapshot.contest.groups.values_list("name", flat=True))}
    groups = sorted(snapshot.evaluation.get("groups", []),
                    key=lambda g: (order.get(g.get("group"), len(order)), str(g.get("group"))))
    return {**snapshot.evaluation, "groups": groups}


def report_of(snapshot: Snapshot) -> Report:
    return read_report(ordered_evaluation(snapshot), snapshot.inputs.get("entrants", []))


def veto_words(row) -> str:
    """What the scheme says a triggered veto did to this row, in the page's language."""
    return "、".join(said(veto_effect(e)) for e in veto_effects(row.explanation)) if row.vetoed else ""


def unranked_words(row) -> str:
    """Why the row has no rank for want of data (the scheme's min_coverage), or ""."""
    words = coverage_words((row.explanation or {}).get("coverage"))
    return said(words) if words else ""


AGGREGATES = {"mean": _("平均"), "median": _("中位数"), "trimmed": _("去掉最高分和最低分后平均"),
              "sum": _("求和")}
# Trimming each criterion and trimming the judges' totals give different sums
# (e.g. 84.99 and 85.00); the card and the console say which the scheme uses.
TRIMMED_ON = {"criterion": gettext_lazy("逐项去分:每个评分项分别去掉最高分和最低分后平均,再相加"),
              "sheet": gettext_lazy("按评委合计去分:先合计每位评委的评分表,再去掉最高和最低的合计后平均")}


def aggregate_text(aggregate: str, on: str | None) -> str:
    """How a panel's marks became its total, as the card and the console say it."""
    if aggregate == "trimmed" and on in TRIMMED_ON:
        return str(TRIMMED_ON[on])
    return str(AGGREGATES.get(aggregate, aggregate))


@dataclass
class Node:
    """One level of the drill-down: a dimension, an indicator, or a leaf with its inputs."""

    name: str
    points: float | None
    max: float | None
    rule: str = ""
    facts: list[tuple[str, Any]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    marks: list[Mapping[str, Any]] = field(default_factory=list)
    records: list[Mapping[str, Any]] = field(default_factory=list)
    missing: str = ""
    vetoed: bool = False
    adjust: Mapping[str, Any] | None = None  # a severity-adjusted panel: raw and adjusted figures


LEAF_FACTS = ("source", "value", "unrounded", "aggregate", "judges_counted", "weight",
              "weight_used", "normalised", "criteria")


def explain_tree(node: Mapping[str, Any]) -> Node:
    """The engine's explanation node as the card shows it; every figure is the engine's."""
    rule = node.get("rule") or {}
    out = Node(str(node.get("name") or node.get("id") or ""), node.get("points"),
               full_marks(node) or None, missing=str(node.get("missing") or ""),
               vetoed=bool(node.get("vetoed")))
    if rule:
        out.rule = said(say_rule(rule, node.get("max")))
    out.facts = [(k, aggregate_text(node[k], node.get("on")) if k == "aggregate" else node[k])
                 for k in LEAF_FACTS if node.get(k) is not None]
    out.children = [explain_tree(c) for c in node.get("children", [])]
    out.adjust = node.get("adjust")
    for item in node.get("inputs", []):
        (out.marks if "criterion" in item else out.records).append(item)
    return out


def card_context(snapshot: Snapshot, entrant, reveal_judges: bool = False,
                 viewer=None) -> dict[str, Any] | None:
    """What the report card shows; with a ``viewer``, each record row carries its
    provenance as that viewer may see it (bipin.results.provenance)."""
    report = report_of(snapshot)
    found = report.find(str(entrant.pk))
    if found is None:
        return None
    group, row = found
    dims = group.dimensions
    means = {d: group.mean(d) for d in dims}
    best = {d: group.best(d) for d in dims}
    fulls = [group.dimension_full[d] for d in dims]
    svg = radar_svg(dims, fulls, [
        RadarSeries(row.name, [row.dimensions.get(d) for d in dims], "own"),
        RadarSeries(_("组内平均"), [means[d] for d in dims], "mean"),
        RadarSeries(_("组内最高"), [best[d] for d in dims], "best"),
    ], title=_("%(n)s 各维度得分雷达图") % {"n": row.name})
    relative = []
    for d, full in zip(dims, fulls, strict=True):
        v, m = row.dimensions.get(d), means[d]
        if v is not None and m is not None and full:
            relative.append((d, v, m, (v - m) / full))
    strengths = [x for x in sorted(relative, key=lambda x: -x[3]) if x[3] > 0.005]
    weaknesses = [x for x in sorted(relative, key=lambda x: x[3]) if x[3] < -0.005]
    above = None
    if row.rank and row.total is not None:
        ahead = [r for r in group.rows if r.rank is not None and r.rank < row.rank and r.total is not None]
        if ahead:
            nxt = max(ahead, key=lambda r: r.rank)
            # Two published figures differ by an exact decimal, not a float's residue.
            above = {"row": nxt, "gap": Decimal(repr(nxt.total)) - Decimal(repr(row.total))}
    labels = judge_labels(snapshot, reveal_judges)
    tree = [explain_tree(d) for d in relabel(row.explanation or {}, labels).get("children", [])]
    if viewer is not None:
        provenance.attach(tree, snapshot.contest, viewer)
    return {"group": group, "row": row, "radar": svg, "strengths": strengths,
            "weaknesses": weaknesses, "above": above,
            "dimension_rows": [(d, row.dimensions.get(d), means[d], best[d]) for d in dims],
            "tree": tree,
            "warnings": relabel(row.warnings + [w for w in report.warnings if row.name in w], labels),
            "veto": veto_words(row), "unranked": unranked_words(row)}


def _obs_key(o: Mapping[str, Any], with_ref: bool = True) -> tuple:
    keys = ("entrant", "source", "item", "judge", "round") + (("ref",) if with_ref else ("category",))
    return tuple(str(o.get(k)) for k in keys)


def _pair_up(added: list, removed: list) -> list[tuple]:
    """A row re-imported with a new value has a new ref; when exactly one row on
    each side has the same entrant, source, item, judge, round and category,
    show it as changed rather than as removed and added."""
    def by_key(rows):
        out: dict[tuple, list] = {}
        for o in rows:
            out.setdefault(_obs_key(o, with_ref=False), []).append(o)
        return out

    new, old = by_key(added), by_key(removed)
    pairs = []
    for key in new.keys() & old.keys():
        if len(new[key]) == 1 and len(old[key]) == 1:
            a, b = old[key][0], new[key][0]
            added.remove(b)
            removed.remove(a)
            if a["value"] != b["value"] or a.get("factor") != b.get("factor"):
                pairs.append((a, b))
    return pairs


@dataclass(frozen=True)
class Standing:
    """Where an entrant finished: its rank and the total that ranked it."""

    name: str
    rank: int | None
    total: float | None


def final_standings(snapshot: Snapshot) -> dict[str, Standing]:
    """Each entrant's final rank and total; in a staged contest its place and the ranked
    total of the stage that decided it, so a changed mark in any stage shows as a move."""
    if is_staged(snapshot.evaluation):
        return {p.entrant_id: Standing(p.name, p.place, p.ranked_total)
                for _, rows in staged_report(snapshot).placings for p in rows}
    return {r.entrant_id: Standing(r.name, r.rank, r.total)
            for g in report_of(snapshot).groups for r in g.rows}


def diff_context(snapshot: Snapshot) -> dict[str, Any]:
    """What changed since the snapshot before this one: inputs and standings."""
    previous = (Snapshot.objects.filter(contest=snapshot.contest, number__lt=snapshot.number)
                .order_by("-number").first())
    if previous is None:
        return {"previous": None}
    names = {e["id"]: e["name"] for e in previous.inputs["entrants"] + snapshot.inputs["entrants"]}
    before = {_obs_key(o): o for o in previous.inputs["observations"]}
    after = {_obs_key(o): o for o in snapshot.inputs["observations"]}
    added = [after[k] for k in after.keys() - before.keys()]
    removed = [before[k] for k in before.keys() - after.keys()]
    changed = [(before[k], after[k]) for k in after.keys() & before.keys() if before[k] != after[k]]
    changed += _pair_up(added, removed)
    # Only organizers reach this page; they see judges by name, never "judge:3".
    judges = {**judge_labels(previous, reveal=True), **judge_labels(snapshot, reveal=True)}
    for o in added + removed + [a for pair in changed for a in pair]:
        o.setdefault("entrant_name", names.get(o["entrant"], o["entrant"]))
        o["judge_name"] = relabel(o.get("judge") or "", judges)
    old = final_standings(previous)
    moves = []
    for entrant_id, r in final_standings(snapshot).items():
        o = old.get(entrant_id)
        if o is None or o.rank != r.rank or o.total != r.total:
            moves.append({"row": r, "old": o})
    order = _obs_key
    return {"previous": previous, "added": sorted(added, key=order),
            "removed": sorted(removed, key=order),
            "changed": sorted(changed, key=lambda p: order(p[1])), "moves": moves,
            "scheme_changed": previous.scheme_sha256 != snapshot.scheme_sha256,
            "engine_changed": previous.engine != snapshot.engine}


def staged_report(snapshot: Snapshot) -> StagedReport:
    """A staged snapshot's stages and placings, groups in the contest's own order."""
    order = list(snapshot.contest.groups.values_list("name", flat=True))
    return read_staged(snapshot.evaluation, snapshot.inputs.get("entrants", []), order)


def staged_context(snapshot: Snapshot, reveal_judges: bool = False) -> dict[str, Any]:
    """The ranking page of a staged contest: each stage's ranking and cut, then the final places."""
    report = staged_report(snapshot)
    labels = judge_labels(snapshot, reveal_judges)
    warnings = relabel(report.warnings, labels)
    return {"staged": report, "warnings": warnings, "notes": group_notes(warnings)}


def staged_card_context(snapshot: Snapshot, entrant, reveal_judges: bool = False,
                        viewer=None) -> dict[str, Any] | None:
    """An entrant's card in a staged contest: its final place and, per stage it took part
    in, its standing and that stage's drill-down, drawn as the ordinary card draws it."""
    report = staged_report(snapshot)
    placing = report.placing(str(entrant.pk))
    if placing is None:
        return None
    labels = judge_labels(snapshot, reveal_judges)
    path = []
    for stage, row in report.path(str(entrant.pk)):
        found = stage.report.find(str(entrant.pk))
        explanation = found[1].explanation if found else {}
        tree = [explain_tree(d) for d in relabel(explanation or {}, labels).get("children", [])]
        if viewer is not None:
            provenance.attach(tree, snapshot.contest, viewer)
        path.append({"stage": stage, "row": row, "tree": tree,
                     "size": sum(len(rows) for g, rows in stage.groups if g == row.group)})
    return {"staged": report, "placing": placing, "path": path,
            "warnings": relabel([w for w in report.warnings if placing.name in w], labels)}
