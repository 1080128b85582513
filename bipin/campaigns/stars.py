"""Stars by village, township and county: the table, its chart and its workbook."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db.models import Count

from bipin.campaigns.models import Campaign, Score
from bipin.io.cells import append_row

CHART_WIDTH = 600
BAR_HEIGHT = 22
LABEL_WIDTH = 140


@dataclass
class Line:
    """One row of the table: a village, a township's subtotal or the county's total."""

    name: str
    township: str
    kind: str  # "village", "township" or "county"
    households: int = 0
    by_stars: dict[int, int] = field(default_factory=dict)  # stars (0 = none) -> households
    cells: list[int] = field(default_factory=list)  # households by the table's columns

    @property
    def scored(self) -> int:
        return sum(self.by_stars.values())

    def add(self, other: Line) -> None:
        self.households += other.households
        for stars, n in other.by_stars.items():
            self.by_stars[stars] = self.by_stars.get(stars, 0) + n


@dataclass
class Table:
    columns: list[int]  # star levels, most first, then 0 (no star)
    lines: list[Line]

    def counts(self, line: Line) -> list[int]:
        return [line.by_stars.get(s, 0) for s in self.columns]


def stars_table(campaign: Campaign, villages) -> Table:
    """Villages under their township, each township's subtotal, then the county's total."""
    columns = [lv["stars"] for lv in campaign.levels] + [0]
    counted = {v.pk: v for v in villages.select_related("parent").annotate(n=Count("households"))
               .order_by("parent__name", "name")}
    by_village: dict[int, dict[int, int]] = {}
    for row in (Score.objects.filter(household__village_id__in=list(counted), superseded_at__isnull=True)
                .values("household__village_id", "stars").annotate(n=Count("pk"))):
        by_village.setdefault(row["household__village_id"], {})[row["stars"]] = row["n"]
    name = campaign.areas.get(level="county").name
    county = Line(name, name, "county")
    lines: list[Line] = []
    township: Line | None = None
    for village in counted.values():
        if township is None or township.name != village.parent.name:
            if township is not None:
                lines.append(township)
            township = Line(village.parent.name, village.parent.name, "township")
        line = Line(village.name, village.parent.name, "village", village.n, by_village.get(village.pk, {}))
        lines.append(line)
        township.add(line)
        county.add(line)
    if township is not None:
        lines.append(township)
    lines.append(county)
    table = Table(columns, lines)
    for line in lines:
        line.cells = table.counts(line)
    return table


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    stars: int
    count: int


def chart(table: Table) -> dict:
    """Each village's households as a bar split by stars, in SVG units (drawn by the template)."""
    bars = []
    villages = [line for line in table.lines if line.kind == "village"]
    span = CHART_WIDTH - LABEL_WIDTH
    for i, line in enumerate(villages):
        x, segments = float(LABEL_WIDTH), []
        for stars, count in zip(table.columns, table.counts(line), strict=True):
            width = span * count / line.households if line.households else 0
            if width:
                segments.append(Segment(round(x, 1), round(width, 1), stars, count))
            x += width
        bars.append({"y": i * (BAR_HEIGHT + 6), "label": line.name, "segments": segments,
                     "text_y": i * (BAR_HEIGHT + 6) + BAR_HEIGHT * 0.7})
    return {"bars": bars, "width": CHART_WIDTH, "height": max(1, len(bars)) * (BAR_HEIGHT + 6),
            "bar_height": BAR_HEIGHT}


def workbook(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "评星汇总"
    kinds = {"village": "村", "township": "乡镇小计", "county": "全县合计"}
    append_row(sheet, ["乡镇", "村", "层级", "户数", "已评", *(f"{s}星" if s else "无星" for s in table.columns)])
    for line in table.lines:
        append_row(sheet, [line.township, line.name if line.kind == "village" else "", kinds[line.kind],
                           line.households, line.scored, *table.counts(line)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
