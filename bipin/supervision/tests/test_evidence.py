"""A record carries its evidence: the 文件 scan and photos, stored by the evidence
app, shown to those who may read the record, and carried into a correction."""

from __future__ import annotations

from bipin.audit.models import Record as AuditRecord
from bipin.contests.provenance import provenance_of
from bipin.evidence.models import EvidenceFile
from bipin.evidence.tests.conftest import PDF, jpeg, upload
from bipin.supervision import services
from bipin.supervision.models import Record
from bipin.supervision.tests.conftest import entry, form


def _with_files(cast, width=400, **kw):
    # Files are kept once per contest by their bytes: another width, another photo.
    photo = upload("表扬现场.jpg", jpeg(width=width, gps=True))
    rec = services.add_record(
        cast.reporter,
        cast.contest,
        entry(cast, **kw),
        files=[upload("示督〔2026〕1号.pdf", PDF), photo],
    )
    services.submit_records(cast.reporter, [rec])
    return services.approve_record(cast.reviewer, rec)


def test_the_clerk_attaches_the_document_and_a_photo_from_the_form(office, client_as):
    r = client_as("reporter").post(
        "/c/test-contest/supervision/new/",
        {**form(office), "files": [upload("示督〔2026〕1号.pdf", PDF), upload("现场.jpg", jpeg())]},
    )
    rec = Record.objects.get()
    assert r.status_code == 302
    assert sorted(f.name for f in rec.evidence.all()) == ["现场.jpg", "示督〔2026〕1号.pdf"]
    added = AuditRecord.objects.get(action="supervision.add")
    assert sorted(added.data["evidence"]) == sorted(f.sha256 for f in rec.evidence.all())
    page = client_as("reviewer").get(f"/c/test-contest/supervision/{rec.pk}/").content.decode()
    assert (
        "示督〔2026〕1号.pdf" in page
        and f"/c/test-contest/evidence/{rec.evidence.get(name='现场.jpg').pk}/thumb/" in page
    )


def test_a_file_that_is_not_what_it_says_refuses_the_whole_record(office, client_as):
    r = client_as("reporter").post(
        "/c/test-contest/supervision/new/",
        {**form(office), "files": [upload("示督.pdf", b"not a pdf at all")]},
    )
    assert r.status_code == 400 and "示督.pdf" in r.content.decode()
    assert Record.objects.count() == 0 and EvidenceFile.objects.count() == 0


def test_the_entrant_opens_the_files_of_its_own_approved_records_only(office, client_as):
    own = _with_files(office)
    other = _with_files(office, width=500, unit="北原县", doc_number="示督〔2026〕9号")
    client = client_as("entrant")
    mine = client.get("/c/test-contest/supervision/mine/").content.decode()
    own_pdf = own.evidence.get(name="示督〔2026〕1号.pdf")
    assert own_pdf.get_absolute_url() in mine
    assert client.get(own_pdf.get_absolute_url()).status_code == 200
    assert client.get(other.evidence.get(name="表扬现场.jpg").get_absolute_url()).status_code in (
        403,
        404,
    )


def test_the_office_opens_its_files_and_another_department_does_not(office, client_as):
    rec = _with_files(office)
    url = rec.evidence.get(name="表扬现场.jpg").get_absolute_url()
    assert client_as("reviewer").get(url).status_code == 200
    assert client_as("edu_reporter").get(url).status_code == 403


def test_a_correction_carries_the_old_records_files(office):
    old = _with_files(office)
    new = services.correct_record(
        office.reporter,
        old,
        entry(office, amount="1"),
        "核定为1分",
        files=[upload("更正通知.pdf", PDF + b"%more")],
    )
    assert sorted(f.name for f in new.evidence.all()) == [
        "更正通知.pdf",
        "示督〔2026〕1号.pdf",
        "表扬现场.jpg",
    ]
    assert old.evidence.count() == 2


def test_the_card_links_the_evidence_for_those_who_may_open_it(office):
    rec = _with_files(office)
    p = provenance_of(office.contest, [rec.ref], office.entrant)[rec.ref]
    assert sorted(name for name, _ in p.evidence) == ["示督〔2026〕1号.pdf", "表扬现场.jpg"]
    other = provenance_of(office.contest, [rec.ref], office.edu_reporter)[rec.ref]
    assert other.evidence == () and other.url == ""
