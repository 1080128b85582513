"""评分表导入: a sheet of answers, one row per household, scored in bulk, all or nothing.

A row names its household by its lookup code (查询码) or by 乡镇 + 村 + 门牌号,
and gives one answer per checklist item (the column's header is the item's
text or its id): 是/否, √/×, 1/0 or yes/no for a yes/no item, a number up to
the item's points for a points item. Every household's total and stars come
from bipin.scoring.checklist, as on the phone.

The whole file is read, checked and rated first (a background job shows how
far it has come and may be stopped there); then the scores are written in
one transaction, in chunks by the bulk path (bipin.db.bulk: COPY on
PostgreSQL), each chunk with its audit record naming the digests of the
scores it wrote and of the ones it superseded. A bulk score is a new fact
like a phone score: the household's current score is superseded, never
edited. One bad row, and nothing is written.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from bipin.audit import digests
from bipin.audit.chain import record
from bipin.campaigns.households import COLUMNS as HOUSEHOLD_COLUMNS
from bipin.campaigns.households import _cell, _limits
from bipin.campaigns.models import Area, Campaign, Household, Level, Review, Score
from bipin.campaigns.services import checklist_of
from bipin.campaigns.status import approved_ids
from bipin.certificates.codes import as_typed
from bipin.db import bulk
from bipin.io.problems import ImportFailed, Problem, shown
from bipin.io.tables import CellError, Column, read_table
from bipin.scoring.checklist import YES_NO, Checklist, ChecklistError, Item

CODE = Column("code", ("查询码", "code", "lookup code"), required=False)
PLACE = tuple(dataclasses.replace(c, required=False) for c in HOUSEHOLD_COLUMNS if c.key != "head")
# Kept beside the answers (the blank template has them) but never read.
UNREAD = ("户主", "户主姓名", "head", "head of household", "总分", "星级", "total", "stars")
YES = frozenset({"是", "√", "✓", "✔", "1", "yes", "y", "true", "对"})
NO = frozenset({"否", "×", "✗", "✘", "x", "0", "no", "n", "false", "错"})
AS_JSON = ("answers", "vetoed_by")
# Scores written per statement and per audit record.
CHUNK_ROWS = 5_000


@dataclass(frozen=True)
class Planned:
    household: int
    village: int
    row_number: int
    answers: dict  # as stored: True/False, or the points as text
    total: Decimal
    stars: int
    vetoed_by: tuple[str, ...]


def _yes_no(item: Item, cell) -> bool:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return cell == 1
    text = str(cell).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(f"“{shown(cell)}”不是“是”或“否”(可填 是/否、√/×、1/0、yes/no)",
                    f"'{shown(cell)}' is not yes or no (write 是/否, √/×, 1/0 or yes/no)")


def _parser(checklist: Checklist, item: Item):
    def parse(cell):
        if item.kind == YES_NO:
            return _yes_no(item, cell)
        try:
            return checklist.answer(item, cell)
        except ChecklistError as exc:
            raise CellError(exc.zh, exc.en) from None
    return parse


def item_columns(checklist: Checklist) -> list[Column]:
    return [Column(f"item:{i.id}", (i.text, i.id), parse=_parser(checklist, i), label_zh=i.text)
            for i in checklist.items]


class _Households:
    """The campaign's households by code and by place, read once."""

    def __init__(self, campaign: Campaign):
        self.by_code: dict[str, tuple[int, int]] = {}
        self.by_place: dict[tuple[str, str, str], tuple[int, int]] = {}
        for pk, village, code, township, name, number in Household.objects.filter(campaign=campaign).values_list(
                "pk", "village_id", "code", "village__parent__name", "village__name", "house_number").iterator(
                chunk_size=20_000):
            self.by_code[code] = self.by_place[(township, name, number)] = (pk, village)


def _identified(row, households: _Households, filename: str, problems: list[Problem]):
    """(household, village) of a row, or None with its problem added."""
    typed = row.get("code")
    if typed:
        code = as_typed(str(typed))
        found = households.by_code.get(code) if code else None
        if found is None:
            problems.append(row.problem("code", f"没有查询码为“{shown(typed)}”的农户",
                                        f"no household has the lookup code '{shown(typed)}'", filename))
        return found
    place = tuple(_cell(row.get(k) or "") for k in ("township", "village", "house_number"))
    if not all(place):
        blank = next(k for k, v in zip(("code", "township", "village", "house_number"), ("", *place),
                                       strict=True) if not v and row.columns.get(k))
        problems.append(row.problem(blank, "请填写查询码,或乡镇、村、门牌号",
                                    "give the lookup code, or the township, village and house number",
                                    filename))
        return None
    found = households.by_place.get(place)
    if found is None:
        problems.append(row.problem("house_number", f"{place[0]}{place[1]}没有门牌号“{shown(place[2])}”的农户",
                                    f"{place[1]} of {place[0]} has no household at '{shown(place[2])}'",
                                    filename))
    return found


def plan_answers(campaign: Campaign, data: bytes, filename: str, *, sheet: str | None = None,
                 village: Area | None = None, progress=None) -> list[Planned]:
    """Every row checked and rated; or ImportFailed naming each bad cell.

    ``village``: a village scorer's own village, the only one its rows may name.
    """
    checklist = checklist_of(campaign)
    problems: list[Problem] = []
    columns = [CODE, *PLACE, *item_columns(checklist)]
    rows = read_table(data, columns, filename=filename, sheet=sheet, problems=problems, limits=_limits(),
                      ignore=UNREAD)
    if rows and not (rows[0].columns.get("code") or all(rows[0].columns.get(c.key) for c in PLACE)):
        raise ImportFailed([Problem("缺少“查询码”列,或“乡镇、村、门牌号”三列", "give a lookup code column, "
                                    "or the township, village and house number columns", file=filename,
                                    sheet=rows[0].sheet)])
    if progress is not None:
        progress.stage("检查评分", "checking the answers", total=len(rows), unit="行")
    households = _Households(campaign)
    names = dict(Area.objects.filter(campaign=campaign, level=Level.VILLAGE).values_list("pk", "name"))
    frozen = set(approved_ids(Review.objects.filter(village__campaign=campaign)))
    seen: dict[int, int] = {}
    planned: list[Planned] = []
    for done, row in enumerate(rows, 1):
        if progress is not None:
            progress.reached(done)
        found = _identified(row, households, filename, problems)
        if found is None:
            continue
        pk, village_id = found
        key = "code" if row.get("code") else "house_number"
        if pk in seen:
            problems.append(row.problem(key, f"这户在文件中出现两次(见第 {seen[pk]} 行)",
                                        f"this household is given twice (see row {seen[pk]})", filename))
            continue
        seen[pk] = row.number
        if village is not None and village_id != village.pk:
            problems.append(row.problem(key, f"这户属于{names[village_id]},您只能评{village.name}的农户",
                                        f"this household is of {names[village_id]}; you score "
                                        f"{village.name}'s only", filename))
            continue
        if village_id in frozen:
            problems.append(row.problem(key, f"{names[village_id]}的名单已审核通过,不能再修改评分(须由乡镇退回)",
                                        f"{names[village_id]}'s list is approved; scores change only after "
                                        f"the township returns it", filename))
            continue
        if row.failed or problems:
            continue  # rated only while the file is sound: a missing column leaves no value
        rating = checklist.rate({i.id: row[f"item:{i.id}"] for i in checklist.items})
        stored = {i.id: (v if isinstance(v, bool) else str(v))
                  for i, v in ((i, row[f"item:{i.id}"]) for i in checklist.items)}
        planned.append(Planned(pk, village_id, row.number, stored, rating.total, rating.stars, rating.vetoed_by))
    if problems:
        raise ImportFailed(problems)
    return planned


def _refuse_frozen_now(campaign: Campaign, planned: list[Planned], filename: str) -> None:
    """Under the villages' locks: none of them was approved while the file was checked."""
    ids = sorted({p.village for p in planned})
    list(Area.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
    approved = approved_ids(Review.objects.filter(village_id__in=ids))
    if approved:
        name = Area.objects.get(pk=approved[0]).name
        raise ImportFailed([Problem(f"{name}的名单在导入时已审核通过,未导入任何评分",
                                    f"{name}'s list was approved during the import; nothing is saved",
                                    file=filename)])


def _write_chunk(actor, campaign: Campaign, chunk: list[Planned], key: str, now, filename: str) -> None:
    ids = [p.household for p in chunk]
    old = list(Score.objects.filter(household_id__in=ids, superseded_at__isnull=True).values_list("pk", flat=True))
    Score.objects.filter(pk__in=old).update(superseded_at=now)
    values = [{"household_id": p.household, "answers": p.answers, "total": p.total, "stars": p.stars,
               "vetoed_by": list(p.vetoed_by), "key": key, "entered_by_id": actor.pk, "entered_at": now,
               "superseded_at": None} for p in chunk]
    # What the driver takes: JSON as its text, the time as the database keeps it.
    db = {"entered_at": Score._meta.get_field("entered_at").get_db_prep_save(now, connection)}
    bulk.append(Score, [tuple(db[n] if n in db else json.dumps(v[n], ensure_ascii=False) if n in AS_JSON
                              else v[n] for n in bulk.columns(Score)) for v in values])
    saved = dict(Score.objects.filter(household_id__in=ids, key=key).values_list("household_id", "pk"))
    digested = {str(saved[v["household_id"]]): digests.digest(Score, {**v, "id": saved[v["household_id"]]})
                for v in values}
    digested.update(digests.current(Score, Score.objects.filter(pk__in=old)))
    record("campaign.score_rows", contest=campaign.contest, actor=actor, target=filename,
           data={"rows": [chunk[0].row_number, chunk[-1].row_number], "households": len(chunk),
                 "replaced": len(old)},
           digested={digests.label(Score): digested})


def save_answers(actor, campaign: Campaign, planned: list[Planned], filename: str, progress=None) -> int:
    """Write every planned score in one transaction, a chunk and its audit record at a time."""
    key = f"sheet-{uuid.uuid4().hex}"
    if progress is not None:
        progress.stage("写入评分", "saving the scores", total=len(planned), unit="户")
    try:
        with transaction.atomic():
            # One bulk import at a time per campaign; no village approved meanwhile.
            Campaign.objects.select_for_update().only("pk").get(pk=campaign.pk)
            _refuse_frozen_now(campaign, planned, filename)
            now = timezone.now()
            for start in range(0, len(planned), CHUNK_ROWS):
                chunk = planned[start:start + CHUNK_ROWS]
                _write_chunk(actor, campaign, chunk, key, now, filename)
                if progress is not None:
                    progress.reached(start + len(chunk))
            stars = Counter(p.stars for p in planned)
            record("campaign.score_import", contest=campaign.contest, actor=actor, target=filename,
                   data={"households": len(planned), "key": key,
                         "stars": {str(n): stars[n] for n in sorted(stars, reverse=True)}})
            if progress is not None:
                # With the scores: a job run again after the server stopped knows they are saved.
                # A stop asked for by now still undoes the whole file (raises Cancelled).
                progress.save_checkpoint(saved=len(planned))
    except IntegrityError:
        raise ImportFailed([Problem("导入时有农户被同时评分,未导入任何评分,请重新导入",
                                    "households were scored during the import; nothing is saved, "
                                    "import the file again", file=filename)]) from None
    return len(planned)


def import_answers(actor, campaign: Campaign, data: bytes, filename: str, *, sheet: str | None = None,
                   village: Area | None = None) -> int:
    """Check and rate the whole file, then save every score of it; the number saved."""
    planned = plan_answers(campaign, data, filename, sheet=sheet, village=village)
    return save_answers(actor, campaign, planned, filename)
