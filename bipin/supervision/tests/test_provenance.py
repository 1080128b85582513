"""A supervision value on the report card says where it came from."""

from __future__ import annotations

from bipin.contests.provenance import provenance_of
from bipin.supervision.tests.conftest import approved


def test_a_record_tells_its_document_number_date_reason_and_who_approved_it(office):
    rec = approved(office, amount="2", doc_number="示督〔2026〕7号", reason="获省级表扬")
    found = provenance_of(office.contest, [rec.ref, "sheet:1"], office.organizer)
    p = found[rec.ref]
    facts = dict(p.facts)
    assert p.title == "日常监督 · 监督加分"
    assert (
        facts["文号"] == "示督〔2026〕7号"
        and facts["日期"] == "2026-03-01"
        and facts["事由"] == "获省级表扬"
    )
    assert facts["录入"].startswith("reporter · ") and facts["审核通过"].startswith("reviewer · ")
    assert p.url == f"/c/test-contest/supervision/{rec.pk}/"


def test_a_viewer_who_may_not_open_the_record_gets_no_link(office):
    rec = approved(office, unit="北原县")
    p = provenance_of(office.contest, [rec.ref], office.entrant)[rec.ref]
    assert p.url == "" and p.evidence == ()
    own = approved(office)
    assert provenance_of(office.contest, [own.ref], office.entrant)[own.ref].url


def test_refs_of_other_contests_and_kinds_are_left_out(office):
    rec = approved(office)
    assert provenance_of(office.other_contest, [rec.ref], office.other_organizer) == {}
    assert provenance_of(office.contest, ["supervision:abc", "finding:1"], office.organizer) == {}
