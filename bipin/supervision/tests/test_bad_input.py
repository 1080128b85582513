"""A value outside the leaf's range, a missing value or a wrong item is refused,
naming the field in Chinese and English, and nothing is written."""

from __future__ import annotations

import pytest

from bipin.audit.models import Record as AuditRecord
from bipin.supervision import services
from bipin.supervision.models import Record
from bipin.supervision.tests.conftest import entry, form


def _refused(cast, e) -> list[tuple[str, str, str]]:
    before = AuditRecord.objects.count()
    with pytest.raises(services.Refused) as caught:
        services.add_record(cast.reporter, cast.contest, e)
    assert Record.objects.count() == 0 and AuditRecord.objects.count() == before
    return [(p.field, p.zh, p.en) for p in caught.value.problems]


def test_a_negative_bonus_is_refused_with_the_implied_range(office):
    assert _refused(office, entry(office, amount="-2")) == [
        (
            "amount",
            "“监督加分”的分值-2超出有效范围≥ 0(由计分规则推定:加分或扣分的数额,扣分也填正数(扣2分填2);"
            "若该值确实有效,请在方案中为该指标声明 range)",
            "'监督加分': value -2 is outside its valid range ≥ 0 (implied by its rule: an amount; a deduction "
            "is written as the positive amount taken (2, not -2); if the value is right, declare a range for "
            "this item)",
        )
    ]


def test_a_record_without_a_value_is_refused_where_the_rule_needs_one(office):
    assert _refused(office, entry(office, item="监督扣分", amount=None)) == [
        ("amount", "“监督扣分”的每条记录须填写分值", "'监督扣分': each record needs a value")
    ]


def test_an_item_of_another_group_is_refused(office):
    # 表扬加分 applies to 整体推进县 only; 教育局 is in 市直部门.
    assert _refused(office, entry(office, unit="教育局", item="表扬加分")) == [
        (
            "item",
            "“表扬加分”不是“市直部门”组的日常监督指标",
            "'表扬加分' is not a supervision item of group '市直部门'",
        )
    ]


def test_a_record_needs_a_reason_and_a_date(office):
    assert _refused(office, entry(office, reason="  ", date=None)) == [
        ("date", "请填写日期", "the date is required"),
        ("reason", "请填写事由", "the reason is required"),
    ]


def test_the_page_shows_the_refusal_at_the_field_and_saves_nothing(office, client_as):
    r = client_as("reporter").post(
        "/c/test-contest/supervision/new/",
        form(office, item="监督扣分", reason="通报批评", amount="-1", doc_number=""),
    )
    page = r.content.decode()
    assert r.status_code == 400 and Record.objects.count() == 0
    assert "未保存" in page and "“监督扣分”的分值-1超出有效范围≥ 0" in page
    assert "value -1 is outside its valid range" in page


def test_the_page_refuses_an_item_the_clerk_does_not_keep(office, client_as):
    r = client_as("reporter").post(
        "/c/test-contest/supervision/new/",
        form(office, item="表扬加分", reason="表扬", amount="1", doc_number=""),
    )
    assert r.status_code == 400 and Record.objects.count() == 0


@pytest.mark.parametrize("amount", ["abc", "NaN", "Infinity", "1" * 20])
def test_the_page_refuses_what_is_not_a_number(office, client_as, amount):
    r = client_as("reporter").post(
        "/c/test-contest/supervision/new/",
        form(office, amount=amount),
    )
    assert r.status_code == 400 and Record.objects.count() == 0


def test_an_over_long_document_number_is_refused(office, client_as):
    r = client_as("reporter").post(
        "/c/test-contest/supervision/new/",
        form(office, doc_number="号" * 101),
    )
    assert r.status_code == 400 and Record.objects.count() == 0


def test_a_return_without_a_reason_writes_nothing(office):
    rec = services.add_record(office.reporter, office.contest, entry(office))
    services.submit_records(office.reporter, [rec])
    with pytest.raises(services.Refused) as caught:
        services.return_record(office.reviewer, rec, " ")
    assert caught.value.problems[0].zh == "请填写退回原因"
    rec.refresh_from_db()
    assert rec.status == Record.Status.SUBMITTED


def test_a_draft_cannot_be_approved(office):
    rec = services.add_record(office.reporter, office.contest, entry(office))
    with pytest.raises(services.Refused):
        services.approve_record(office.reviewer, rec)
    rec.refresh_from_db()
    assert rec.status == Record.Status.DRAFT
