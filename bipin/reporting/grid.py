"""A department's grid: its indicators × the entrants each one applies to.

The scheme says it all: every leaf fed by ``source: department`` names its
考核部门 (``department``) and, with ``groups``, the entrants it rates; a
group's variant may give that group another rule, and so another valid range,
so each cell keeps the leaf as it applies to the entrant's group.

A derived leaf (``formula:``) is never typed in: the engine refuses a row
naming it, since the value is computed. Its columns are the formula's inputs,
stored under the input names the engine reads, and the grid shows the value
the formula gives from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

import numpy as np

from bipin.contests.models import Contest, Entrant
from bipin.judging.engine import contest_scheme
from bipin.scoring import Source
from bipin.scoring.ranges import row_problems, value_range
from bipin.scoring.rules import Rank, Scaled, Veto
from bipin.scoring.scheme import Node

# The Value column's decimal places; a figure with more is refused, never rounded.
DECIMALS = 6
# The column holds 20 digits, 6 of them decimals: 14 before the point.
LARGEST = 10**14
LEVELS = ("department",)  # one reviewer per department approves (bipin.reporting.review)


@dataclass(frozen=True)
class Column:
    """One column of cells: a leaf's value, or one input of a derived leaf."""

    id: str  # what the stored row names in 指标: the leaf's id or the input's name
    leaf: Node

    @property
    def is_input(self) -> bool:
        return self.leaf.formula is not None

    @property
    def formula(self) -> str:
        """“完成率 = 完成数 / 任务数 × 100” beside an input; blank for a plain leaf."""
        return f"{self.leaf.id} = {self.leaf.formula.text}" if self.leaf.formula else ""


def columns_of(leaves: list[Node]) -> list[Column]:
    """The cells' columns in scheme order; an input shared by two formulas appears once."""
    out: dict[str, Column] = {}
    for leaf in leaves:
        for name in leaf.formula.inputs if leaf.formula is not None else (leaf.id,):
            out.setdefault(name, Column(name, leaf))
    return list(out.values())


@dataclass(frozen=True)
class Computed:
    """A derived leaf's value for one entrant, from the inputs saved so far."""

    value: float | None  # None: an input is blank, or the formula divides by zero
    points: float | None  # what the rule gives it, when that needs no other entrant
    why: str  # "", "missing" or "zero", as Formula.evaluate says


@dataclass
class Grid:
    department: str
    items: list[Node]  # the department's leaves as declared, in scheme order
    entrants: list[Entrant]  # the entrants any of them applies to, by group and code
    # (entrant id, column id) -> the leaf as it applies to the entrant's group
    cells: dict[tuple[int, str], Node] = field(default_factory=dict)
    # (entrant id, leaf id) -> the leaf as it applies to the entrant's group
    leaves: dict[tuple[int, str], Node] = field(default_factory=dict)
    decimals: int = 2  # the scheme's published decimals, for a computed leaf's points

    @cached_property
    def columns(self) -> list[Column]:
        return columns_of(self.items)

    def layout(self) -> list[Column | Node]:
        """The page's columns: each derived leaf (a Node, shown computed) after its inputs."""
        out: list[Column | Node] = list(self.columns)
        for leaf in self.derived:
            assert leaf.formula is not None
            inputs = leaf.formula.inputs
            last = max(i for i, c in enumerate(out) if isinstance(c, Column) and c.id in inputs)
            out.insert(last + 1, leaf)
        return out

    @property
    def derived(self) -> list[Node]:
        return [n for n in self.items if n.formula is not None]

    def node(self, entrant_id: int, item: str) -> Node | None:
        return self.cells.get((entrant_id, item))

    def __len__(self) -> int:
        return len(self.cells)

    def range_text(self, item: Node | Column) -> str:
        """The valid values typed in; an input has none of its own (the computed value has)."""
        if isinstance(item, Column):
            if item.is_input:
                return ""
            item = item.leaf
        rng = value_range(item)
        return rng.text if rng is not None else ""

    def computed(self, entrant_id: int, leaf_id: str, values) -> Computed | None:
        """The derived leaf ``leaf_id`` for the entrant from ``values`` ({key: Decimal | None});
        None when the leaf does not rate the entrant."""
        leaf = self.leaves.get((entrant_id, leaf_id))
        if leaf is None or leaf.formula is None:
            return None
        given = {}
        for name in leaf.formula.inputs:
            v = values.get((entrant_id, name))
            given[name] = np.array([np.nan if v is None else float(v)])
        value, why = leaf.formula.evaluate(given)
        if np.isnan(value[0]):
            return Computed(None, None, str(why[0]) or "missing")
        return Computed(float(value[0]), _points(leaf, float(value[0])), "")


def _points(leaf: Node, value: float) -> float | None:
    """The rule's points for one value, when the rule reads that value alone.

    A rank rule, or a scale whose top is the group's best, depends on every
    entrant: the grid cannot say it, the results page does.
    """
    rule = leaf.rule
    if rule is None or rule.record or isinstance(rule, (Rank, Veto)):
        return None
    if isinstance(rule, Scaled) and rule.max is None:
        return None
    return float(rule.score(np.array([value]), leaf.points, groups=np.zeros(1, np.int64))[0])


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
    leaves: dict[tuple[int, str], Node] = {}
    used: set[str] = set()
    by_group: dict[str, list[Node]] = {}
    for entrant in entrants:
        group = entrant.group.name
        if group not in by_group:
            by_group[group] = [
                n for n in scheme.leaves(Source.DEPARTMENT, group) if n.department == department
            ]
        for node in by_group[group]:
            leaves[(entrant.pk, node.id)] = node
        for column in columns_of(by_group[group]):
            cells[(entrant.pk, column.id)] = column.leaf
            used.add(column.leaf.id)
    declared = [n for n in scheme.leaves(Source.DEPARTMENT) if n.id in used]
    rated = {e for e, _ in cells}
    shown = [e for e in entrants if e.pk in rated]
    return Grid(department, declared, shown, cells, leaves, scheme.decimals)


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
