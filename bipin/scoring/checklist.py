"""A rating campaign's checklist: answers → points → stars (星级文明户, 美丽庭院).

A village committee answers every item of the checklist for a household. A
yes/no item is worth its points when answered yes; a points item takes any
whole or decimal number from 0 to its points; a veto item (一票否决, e.g.
"无违法违纪行为") carries no points, and a household failing one gets no star
whatever its total. Stars come from thresholds: the highest level whose
threshold the total reaches, the threshold itself included (90 分 is 五星 when
五星 is "≥ 90").

>>> checklist = parse_checklist(
...     [{"id": "clean", "text": "庭院整洁", "points": "60"},
...      {"id": "green", "text": "绿化美化", "points": "40", "kind": "points"},
...      {"id": "law", "text": "遵纪守法", "veto": True}],
...     [{"stars": 5, "min": "90"}, {"stars": 4, "min": "80"}, {"stars": 3, "min": "60"}])
>>> r = checklist.rate({"clean": True, "green": "30", "law": True})
>>> str(r.total), r.stars, r.vetoed_by
('90.0', 5, ())
>>> checklist.rate({"clean": True, "green": "40", "law": False}).stars
0
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["Checklist", "ChecklistError", "Item", "Level", "Rating", "parse_checklist"]

YES_NO, POINTS = "yes_no", "points"
MAX_ITEMS = 100
MAX_STARS = 10
# Points are kept to one decimal, as 考核细则 write them (2.5 分).
PLACES = Decimal("0.1")
LARGEST = Decimal(1000)
# An id names the item's form field on the scorer's phone: letters, digits, - and _.
_ID = re.compile(r"[A-Za-z0-9_-]{1,30}")


class ChecklistError(ValueError):
    """A bad checklist or a bad answer, said in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    points: Decimal
    kind: str = YES_NO
    veto: bool = False


@dataclass(frozen=True)
class Level:
    stars: int
    min: Decimal


@dataclass(frozen=True)
class Rating:
    total: Decimal
    stars: int
    vetoed_by: tuple[str, ...]  # ids of the veto items the household failed


def _points(raw, where: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ChecklistError(f"{where}的分值“{raw}”不是数字", f"{where}: '{raw}' is not a number") from None
    if not value.is_finite() or value < 0 or value > LARGEST or value != value.quantize(PLACES):
        raise ChecklistError(f"{where}的分值须在 0 到 {LARGEST} 之间,最多一位小数",
                             f"{where}: points must be from 0 to {LARGEST}, with at most one decimal")
    return value.quantize(PLACES)


def _item(raw: Mapping, seen: set[str]) -> Item:
    ident = str(raw.get("id", "")).strip()
    text = str(raw.get("text", "")).strip()
    if not _ID.fullmatch(ident) or not text:
        raise ChecklistError(f"评分项编号“{ident[:30]}”只能用字母、数字、-、_(最多 30 个),且须有内容",
                             f"item id '{ident[:30]}': letters, digits, - and _ only (at most 30), "
                             f"and a text")
    if ident in seen:
        raise ChecklistError(f"评分项编号“{ident}”重复", f"item id '{ident}' is used twice")
    seen.add(ident)
    veto = bool(raw.get("veto", False))
    kind = raw.get("kind", YES_NO)
    if kind not in (YES_NO, POINTS) or (veto and kind != YES_NO):
        raise ChecklistError(f"评分项“{ident}”的类型须为是否题或计分题(否决项只能是是否题)",
                             f"item '{ident}': kind must be yes_no or points (a veto item is yes_no)")
    points = Decimal(0) if veto else _points(raw.get("points", ""), f"评分项“{ident}”")
    if not veto and points == 0:
        raise ChecklistError(f"评分项“{ident}”的分值须大于 0", f"item '{ident}': points must be above 0")
    return Item(ident, text, points, kind, veto)


def _level(raw: Mapping) -> Level:
    stars = raw.get("stars")
    if not isinstance(stars, int) or isinstance(stars, bool) or not 1 <= stars <= MAX_STARS:
        raise ChecklistError(f"星级须为 1 到 {MAX_STARS} 的整数", f"stars must be a whole number from 1 to {MAX_STARS}")
    return Level(stars, _points(raw.get("min", ""), f"{stars}星"))


@dataclass(frozen=True)
class Checklist:
    items: tuple[Item, ...]
    levels: tuple[Level, ...]  # most stars first

    @property
    def full(self) -> Decimal:
        return sum((i.points for i in self.items), Decimal(0))

    def answer(self, item: Item, raw) -> bool | Decimal:
        """One answer as kept: True/False for a yes/no item, the points for a points item."""
        if item.kind == YES_NO:
            if raw in (True, False):
                return raw
            raise ChecklistError(f"评分项“{item.text}”须答“是”或“否”", f"item '{item.id}': answer yes or no")
        value = _points(raw, f"评分项“{item.text}”")
        if value > item.points:
            raise ChecklistError(f"评分项“{item.text}”最多 {item.points} 分",
                                 f"item '{item.id}': at most {item.points} points")
        return value

    def check(self, answers: Mapping[str, object]) -> dict[str, bool | Decimal]:
        """Every item answered, nothing else; the answers as kept."""
        unknown = sorted(set(answers) - {i.id for i in self.items})
        if unknown:
            raise ChecklistError(f"没有评分项“{unknown[0]}”", f"no item '{unknown[0]}'")
        missing = [i for i in self.items if answers.get(i.id) is None]
        if missing:
            raise ChecklistError(f"评分项“{missing[0].text}”未作答", f"item '{missing[0].id}' is not answered")
        return {i.id: self.answer(i, answers[i.id]) for i in self.items}

    def stars_for(self, total: Decimal) -> int:
        return next((level.stars for level in self.levels if total >= level.min), 0)

    def rate(self, answers: Mapping[str, object]) -> Rating:
        kept = self.check(answers)
        total = Decimal(0)
        for item in self.items:
            value = kept[item.id]
            if item.kind == POINTS:
                total += value
            elif value:
                total += item.points
        vetoed = tuple(i.id for i in self.items if i.veto and not kept[i.id])
        return Rating(total, 0 if vetoed else self.stars_for(total), vetoed)


def parse_checklist(items: list[Mapping], levels: list[Mapping]) -> Checklist:
    """A checklist from its items and star levels, checked once.

    More stars need a higher threshold, no threshold is above the full points,
    and at least one item carries points.
    """
    if not items or len(items) > MAX_ITEMS:
        raise ChecklistError(f"评分项须有 1 到 {MAX_ITEMS} 项", f"give 1 to {MAX_ITEMS} items")
    seen: set[str] = set()
    parsed = tuple(_item(raw, seen) for raw in items)
    if all(i.veto for i in parsed):
        raise ChecklistError("至少要有一项计分的评分项", "at least one item must carry points")
    if not levels:
        raise ChecklistError("请设置星级及其分数线", "give the star levels and their thresholds")
    ordered = tuple(sorted((_level(raw) for raw in levels), key=lambda lv: -lv.stars))
    full = sum((i.points for i in parsed), Decimal(0))
    for more, fewer in zip(ordered, ordered[1:], strict=False):
        if more.stars == fewer.stars:
            raise ChecklistError(f"{more.stars}星设置了两次", f"{more.stars} stars is given twice")
        if more.min <= fewer.min:
            raise ChecklistError(f"{more.stars}星的分数线须高于{fewer.stars}星",
                                 f"{more.stars} stars needs a higher threshold than {fewer.stars}")
    if ordered[0].min > full:
        raise ChecklistError(f"{ordered[0].stars}星的分数线高于满分 {full}",
                             f"{ordered[0].stars} stars: the threshold is above the full {full} points")
    return Checklist(parsed, ordered)
