"""The scheme in force, laid out for the organizer's scheme page.

The parser already refuses a scheme whose points do not add up; the page
still shows the check so the clerk who typed the 考核指标表 sees it hold, and
says every rule in words through :func:`bipin.io.rule_text.say_rule` (the
same sentences as the cards, the XLSX and the PDF).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from bipin.io.rule_text import number, say_rule
from bipin.results.models import Source
from bipin.results.presenters import said
from bipin.scoring.combine import full_points
from bipin.scoring.scheme import Node, Scheme

__all__ = ["Row", "scheme_groups", "points_check"]

# A sum node and the sum of its children may differ by rounding noise only.
TOLERANCE = 1e-9


@dataclass
class Row:
    depth: int
    name: str
    points: str
    weight: str = ""
    source: str = ""
    department: str = ""
    rule: str = ""
    notes: list[str] = field(default_factory=list)
    check: str = ""
    check_ok: bool = True


def points_check(node: Node) -> tuple[bool, str]:
    """Whether a sum node's scored children add up to its points, in words.

    Adjustments (vetoes, record leaves without points) count outside the
    points, as the engine counts them; weighted and composite nodes scale
    their children to their own points, so there is nothing to add up.
    """
    if node.is_leaf or node.combine != "sum" or not node.points:
        return True, ""
    total = sum(full_points(c) for c in node.children if not c.is_adjustment)
    gap = total - node.points
    if abs(gap) <= TOLERANCE:
        return True, "✓"
    return False, _("下级合计%(total)s分,与分值%(points)s分相差%(gap)s分") % {
        "total": number(total), "points": number(node.points), "gap": number(abs(gap))}


def _notes(node: Node) -> list[str]:
    notes = []
    if node.floor is not None or node.cap is not None:
        if node.floor is not None:
            notes.append(_("得分不低于%(n)s分") % {"n": number(node.floor)})
        if node.cap is not None:
            notes.append(_("得分不高于%(n)s分") % {"n": number(node.cap)})
    if node.is_leaf and node.rule is not None:
        kind = node.rule.type
        # A veto's rule already says what it does (say_rule); say nothing twice.
        if kind == "bonus":
            notes.append(_("加分项,在分值之外加") if node.is_adjustment else _("加分项"))
        elif kind in ("deduction", "per_occurrence"):
            notes.append(_("扣分项,在分值之外扣") if node.is_adjustment else _("扣分项,扣完为止"))
    if not node.is_leaf and node.is_adjustment:
        # A group of bonus or deduction items: its figure stands outside the parent's points.
        notes.append(_("在分值之外计"))
    if node.formula is not None:
        notes.append(_("按公式 %(formula)s 计算") % {"formula": node.formula.text})
    if node.multiplier is not None:
        notes.append(_("类型为%(kinds)s的单位按%(factor)s倍计") % {
            "kinds": "、".join(node.multiplier.kinds), "factor": number(node.multiplier.factor)})
    comp = node.composite
    # Said only when true: goalposts and across: all do not use the group's data.
    if comp is not None and comp.normalise != "goalposts" and comp.across == "group":
        notes.append(_("下级按组内数据标准化后加权合成"))
    return notes


def _rows(node: Node, depth: int, parent: Node | None, out: list[Row]) -> None:
    weighted = parent is not None and parent.combine in ("weighted", "composite")
    ok, check = points_check(node)
    rule = said(say_rule(node.rule.describe(), node.points or None)) if node.is_leaf and node.rule else ""
    out.append(Row(
        depth=depth, name=node.name, points=number(node.points) if node.points else "—",
        weight=number(node.weight) if weighted and node.weight is not None else "",
        source=str(Source(node.source.value).label) if node.source is not None else "",
        department=node.department, rule=rule, notes=_notes(node), check=check, check_ok=ok))
    for child in node.children:
        _rows(child, depth + 1, node, out)


def _total(dims: tuple[Node, ...]) -> tuple[str, bool]:
    total = sum(full_points(d) for d in dims if not d.is_adjustment)
    return number(total), all(points_check(n)[0] for d in dims for n in d.walk())


def scheme_groups(scheme: Scheme) -> list[dict]:
    """One section per group whose tree differs; groups sharing a tree share a section."""
    groups = list(scheme.groups) or [""]
    sections: list[dict] = []
    for group in groups:
        dims = scheme.tree(group) if group else scheme.dimensions
        for section in sections:
            if section["dims"] == dims:
                section["groups"].append(group)
                break
        else:
            rows: list[Row] = []
            for dim in dims:
                _rows(dim, 0, None, rows)
            total, ok = _total(dims)
            sections.append({"groups": [group] if group else [], "dims": dims, "rows": rows,
                             "total": total, "all_ok": ok})
    return sections

