"""The fixed statements write exactly what the ORM would have written."""

from decimal import Decimal

import pytest

from bipin.audit.models import Chain, Record
from bipin.db import rows
from bipin.judging.models import Mark, Sheet


@pytest.fixture
def sheet_parts(cast):
    from bipin.judging import services

    panel = services.create_panel(cast.organizer, cast.contest, item="report", name="汇报",
                                  criteria=[{"id": "内容", "max": 40, "step": 0.5}])
    return panel, cast.contest.entrants.first(), cast.users["judge"]


def test_an_insert_reads_back_as_the_orm_would_have_saved_it(sheet_parts):
    panel, entrant, judge = sheet_parts
    sheet = rows.insert(Sheet(panel=panel, entrant=entrant, judge=judge, key="k-00000001",
                              entered_by=judge, comment="讲得清楚"))
    stored = Sheet.objects.get(pk=sheet.pk)
    assert (stored.status, stored.comment, stored.reopen_reason) == ("locked", "讲得清楚", "")
    assert stored.created_at is not None and stored.created_at == sheet.created_at
    rows.insert_many([Mark(sheet=sheet, criterion="内容", value=Decimal("30.5")),
                      Mark(sheet=sheet, criterion="表达", value=Decimal("7"))])
    assert dict(stored.marks.values_list("criterion", "value")) == {"内容": Decimal("30.5"),
                                                                    "表达": Decimal("7")}


def test_json_updates_increments_and_selects(db):
    chain = Chain.objects.create(key="contest:x")
    rec = rows.insert(Record(chain=chain, seq=1, at="2026-11-29T08:00:00+00:00", action="a",
                             data={"评分": ["30", 1]}, prev_hash="0" * 64, hash="1" * 64))
    assert Record.objects.get(pk=rec.pk).data == {"评分": ["30", 1]}
    assert rows.update(Chain, {"id": chain.pk}, last_seq=5, last_hash="f" * 64) == 1
    assert rows.increment(Chain, "last_seq", {"key": "contest:x"}) == 1
    assert rows.select(Chain, ("last_seq", "last_hash"), {"key": "contest:x"}, for_update=True) == [
        (6, "f" * 64)]
    assert rows.select(Chain, ("id",), {"key": "nobody"}) == []


def test_load_builds_the_instances_the_orm_builds(sheet_parts):
    from bipin.judging.models import Cut, Panel

    panel, entrant, judge = sheet_parts
    (loaded,) = rows.load(Panel, {"contest": panel.contest_id, "item": "report"})
    stored = Panel.objects.get(pk=panel.pk)
    # Every concrete field, converted: JSON criteria, booleans, small integers.
    assert {f.attname: getattr(loaded, f.attname) for f in Panel._meta.concrete_fields} == {
        f.attname: getattr(stored, f.attname) for f in Panel._meta.concrete_fields}
    assert loaded.double_entry is False and loaded.criteria[0]["max"] == "40"
    sheet = rows.insert(Sheet(panel=panel, entrant=entrant, judge=judge, key="k-00000002", entered_by=judge))
    (again,) = rows.load(Sheet, {"id": sheet.pk})
    assert again.created_at == Sheet.objects.get(pk=sheet.pk).created_at  # an aware datetime
    assert rows.load(Panel, {"contest": panel.contest_id, "item": "none"}) == []

    for stage in ("初评", "复评"):
        Cut.objects.create(contest=panel.contest, stage=stage, next_stage=stage + "后", advancing=[entrant.pk])
    (last,) = rows.load(Cut, {"contest": panel.contest_id}, columns=("next_stage", "advancing"),
                        order_by="-pk", limit=1)
    assert (last.next_stage, last.advancing) == ("复评后", [entrant.pk])
    assert last.get_deferred_fields() >= {"standings", "stage"}


def test_an_instance_from_a_row_of_its_columns_equals_the_orms(cast):
    from django.db import connection

    from bipin.contests.models import Contest

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {rows.columns(Contest, 'c')} FROM contests_contest c WHERE c.id = %s",
                       [cast.contest.pk])
        built = rows.instance(Contest, cursor.fetchone())
    stored = Contest.objects.get(pk=cast.contest.pk)
    assert {f.attname: getattr(built, f.attname) for f in Contest._meta.concrete_fields} == {
        f.attname: getattr(stored, f.attname) for f in Contest._meta.concrete_fields}
    assert built.created_at.tzinfo is not None and built.blind is False
