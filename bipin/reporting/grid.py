"""A department's grid: its indicators × the entrants each one applies to.

The scheme says it all: every leaf fed by ``source: department`` names its
考核部门 (``department``) and, with ``groups``, the entrants it rates; a
group's variant may give that group another rule, and so another valid range,
so each cell keeps the leaf as it applies to the entrant's group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from bipin.contests.models import Contest, Entrant
from bipin.judging.engine import contest_scheme
from bipin.scoring import Source
from bipin.scoring.ranges import row_problems, value_range
from bipin.scoring.scheme import Node

# The Value column's decimal places; a figure with more is refused, never rounded.
DECIMALS = 6
# The column holds 20 digits, 6 of them decimals: 14 before the point.
LARGEST = 10**14
LEVELS = ("department",)  # one reviewer per department approves (bipin.reporting.review)


@dataclass
class Grid:
    department: str
    items: list[Node]  # the department's leaves as declared, in scheme order
    entrants: list[Entrant]  # the entrants any of them applies to, by group and code
    cells: dict[tuple[int, str], Node] = field(default_factory=dict)  # (entrant id, item) -> leaf

    def node(self, entrant_id: int, item: str) -> Node | None:
        return self.cells.get((entrant_id, item))

    def __len__(self) -> int:
        return len(self.cells)

    def range_text(self, item: Node) -> str:
        rng = value_range(item)
        return rng.text if rng is not None else ""



def departments(scheme) -> list[str]:
    """The departments the scheme names on its department leaves, in scheme order."""
    if scheme is None:
        return []
    seen: dict[str, None] = {}
    for leaf in scheme.leaves(Source.DEPARTMENT):
        if leaf.department:
            seen.setdefault(leaf.department, None)
        for variant in leaf.variants.values():
            if variant.get("department"):
                seen.setdefault(variant["department"], None)
    return list(seen)


def build(contest: Contest, department: str, scheme=None) -> Grid | None:
    """The grid of ``department``, or None when the scheme names no such department."""
    scheme = scheme if scheme is not None else contest_scheme(contest)
    if department not in departments(scheme):
        return None
    entrants = list(contest.entrants.select_related("group").order_by("group__pk", "code", "name"))
    cells: dict[tuple[int, str], Node] = {}
    used: set[str] = set()
    by_group: dict[str, list[Node]] = {}
    for entrant in entrants:
        group = entrant.group.name
        if group not in by_group:
            by_group[group] = [
                n for n in scheme.leaves(Source.DEPARTMENT, group) if n.department == department
            ]
        for node in by_group[group]:
            cells[(entrant.pk, node.id)] = node
            used.add(node.id)
    declared = [n for n in scheme.leaves(Source.DEPARTMENT) if n.id in used]
    rated = {e for e, _ in cells}
    return Grid(department, declared, [e for e in entrants if e.pk in rated], cells)


class CellError(ValueError):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def parse_value(raw) -> Decimal | None:
    """A cell's text as a Decimal (blank: None); full-width digits, thousands
    separators and a trailing % as officials type them.

    >>> parse_value(" 98.5% "), parse_value("１,２００"), parse_value(""), parse_value(3.25)
    (Decimal('98.5'), Decimal('1200'), None, Decimal('3.25'))
    >>> parse_value("1234567890.12345")  # every digit kept, as typed
    Decimal('1234567890.12345')
    """
    from bipin.io.tables import CellError as TableCellError
    from bipin.io.tables import parse_decimal

    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        return parse_decimal(raw, decimals=DECIMALS, largest=LARGEST)
    except TableCellError as exc:
        raise CellError(exc.message_zh, exc.message_en) from None


def check(node: Node, value: Decimal | None) -> list[tuple[str, str]]:
    """(zh, en) of what is wrong with ``value`` for the leaf; nothing for a blank."""
    if value is None:
        return []
    return [
        (zh, en) for field_, zh, en in row_problems(node, float(value), 1.0) if field_ == "value"
    ]
