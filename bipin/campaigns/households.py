"""The household list: 乡镇 | 村 | 户主 | 门牌号, with the area tree, all or nothing.

Each row names its township and village (created under the campaign's county
the first time they appear) and one household. Every problem names its
sheet, row and column, a house number given twice in one village names both
rows, and one bad row means nothing is saved. The households are written by
the bulk path (bipin.db.bulk: COPY on PostgreSQL) in one transaction, so a
village never sees half a file; a large file is read and checked by a
background job (bipin.campaigns.background) that shows how far it has come.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.db import transaction

from bipin.audit import digests
from bipin.audit.chain import record
from bipin.campaigns.models import Area, Campaign, Household, Level, Review
from bipin.campaigns.status import approved_ids
from bipin.certificates.codes import new_code
from bipin.contests.uploads import stored_length
from bipin.db import bulk
from bipin.io.problems import ImportFailed, Problem, shown
from bipin.io.sheets import Limits
from bipin.io.tables import Column, read_table

COLUMNS = [
    Column("township", ("乡镇", "乡镇名称", "township"), max_length=stored_length(Area, "name")),
    Column("village", ("村", "村名", "行政村", "village"), max_length=stored_length(Area, "name")),
    Column("head", ("户主", "户主姓名", "head", "head of household"),
           max_length=stored_length(Household, "head")),
    Column("house_number", ("门牌号", "门牌", "house number", "house_number"),
           max_length=stored_length(Household, "house_number")),
]
# A county's households in one sheet, with room for a title and blank rows.
MAX_ROWS = 200_000
# Households written per statement: bounded memory for the driver, one transaction for all.
CHUNK_ROWS = 20_000


@dataclass(frozen=True)
class Planned:
    township: str
    village: str
    head: str
    house_number: str
    row_number: int


def _limits() -> Limits:
    limits = Limits.from_env()
    return dataclasses.replace(limits, rows=max(limits.rows, MAX_ROWS))


def _cell(value) -> str:
    # A house number typed as 12 comes back from a workbook as the number 12.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def plan_households(campaign: Campaign, data: bytes, filename: str,
                    sheet: str | None = None) -> list[Planned]:
    """Every row checked against the others and the households already there; or ImportFailed."""
    problems: list[Problem] = []
    rows = read_table(data, COLUMNS, filename=filename, sheet=sheet, problems=problems, limits=_limits())
    existing = set(Household.objects.filter(campaign=campaign)
                   .values_list("village__parent__name", "village__name", "house_number"))
    frozen = _frozen_villages(campaign)
    seen: dict[tuple[str, str, str], int] = {}
    planned = []
    for row in rows:
        if row.failed:
            continue
        item = Planned(*(_cell(row[k]) for k in ("township", "village", "head", "house_number")),
                       row_number=row.number)
        where = (item.township, item.village, item.house_number)
        if where in seen:
            problems.append(row.problem(
                "house_number", f"门牌号“{shown(item.house_number)}”在{item.village}重复(见第 {seen[where]} 行)",
                f"house number '{shown(item.house_number)}' is given twice in {item.village} "
                f"(see row {seen[where]})", filename))
            continue
        if (item.township, item.village) in frozen:
            problems.append(row.problem(
                "village", f"{item.village}的名单已审核通过,不能再添加农户(须由乡镇退回)",
                f"{item.village}'s list is approved; households are added only after the township "
                f"returns it", filename))
            continue
        if where in existing:
            problems.append(row.problem(
                "house_number", f"{item.village}已有门牌号“{shown(item.house_number)}”的农户",
                f"{item.village} already has a household at '{shown(item.house_number)}'", filename))
            continue
        seen[where] = row.number
        planned.append(item)
    if problems:
        raise ImportFailed(problems)
    return planned


def _frozen_villages(campaign: Campaign) -> set[tuple[str, str]]:
    """(township, village) of each village whose newest review approved its list."""
    approved = approved_ids(Review.objects.filter(village__campaign=campaign))
    return set(Area.objects.filter(pk__in=approved).values_list("parent__name", "name"))


def _areas(campaign: Campaign, planned: list[Planned]) -> tuple[dict[tuple[str, str], Area], list[Area]]:
    """The villages the rows name, the townships and villages not there yet created."""
    county = campaign.areas.get(level=Level.COUNTY)
    townships = {a.name: a for a in campaign.areas.filter(level=Level.TOWNSHIP)}
    villages = {(a.parent.name, a.name): a
                for a in campaign.areas.filter(level=Level.VILLAGE).select_related("parent")}
    created = []
    for item in planned:
        if item.township not in townships:
            townships[item.township] = Area.objects.create(
                campaign=campaign, parent=county, level=Level.TOWNSHIP, name=item.township)
            created.append(townships[item.township])
        key = (item.township, item.village)
        if key not in villages:
            villages[key] = Area.objects.create(
                campaign=campaign, parent=townships[item.township], level=Level.VILLAGE, name=item.village)
            created.append(villages[key])
    return villages, created


def _codes(campaign: Campaign, count: int) -> list[str]:
    """``count`` new lookup codes, none already given in the campaign (a clash is ~10^-8 at 10^5)."""
    taken = set(Household.objects.filter(campaign=campaign).values_list("code", flat=True))
    codes: list[str] = []
    fresh: set[str] = set()
    while len(codes) < count:
        code = new_code()
        if code not in taken and code not in fresh:
            fresh.add(code)
            codes.append(code)
    return codes


def save_households(actor, campaign: Campaign, planned: list[Planned], filename: str,
                    progress=None) -> int:
    """Write the planned households and their areas in one transaction, with the audit record."""
    codes = _codes(campaign, len(planned))
    names = bulk.columns(Household)
    with transaction.atomic():
        # One import at a time per campaign: the house numbers checked are still free.
        Campaign.objects.select_for_update().only("pk").get(pk=campaign.pk)
        villages, created = _areas(campaign, planned)
        # The campaign is locked, so every household of it past this id is one written here.
        before = Household.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        values = [{"campaign_id": campaign.pk, "village_id": villages[(p.township, p.village)].pk,
                   "head": p.head, "house_number": p.house_number, "code": code,
                   "row_number": p.row_number} for p, code in zip(planned, codes, strict=True)]
        for start in range(0, len(values), CHUNK_ROWS):
            chunk = values[start:start + CHUNK_ROWS]
            bulk.append(Household, [tuple(v[n] for n in names) for v in chunk])
            if progress is not None:
                progress.reached(start + len(chunk))
        ids = dict(Household.objects.filter(campaign=campaign, pk__gt=before).values_list("code", "id"))
        if len(ids) != len(values):
            raise ImportFailed([Problem("导入时有农户被同时写入,请重新导入", "households changed during the "
                                        "import; import the file again", file=filename)])
        digested = {str(ids[v["code"]]): digests.digest(Household, {**v, "id": ids[v["code"]]})
                    for v in values}
        record("campaign.import", contest=campaign.contest, actor=actor, target=filename,
               data={"households": len(values), "areas": [a.name for a in created]},
               saved=created, digested={digests.label(Household): digested})
    return len(values)


def import_households(actor, campaign: Campaign, data: bytes, filename: str, *,
                      sheet: str | None = None) -> int:
    """Check the whole file, then save every household of it; the number saved."""
    return save_households(actor, campaign, plan_households(campaign, data, filename, sheet), filename)
