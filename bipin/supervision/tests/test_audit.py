"""Every add, edit, submit, approve, return and correction is in the audit chain,
with the rows it wrote, and the chain verifies."""

from __future__ import annotations

from bipin.audit.models import Record as AuditRecord
from bipin.supervision import services
from bipin.supervision.tests.conftest import approved, entry
from bipin.testing.tampering import delete, edit, named, row, verify


def test_each_step_is_recorded(office, capsys):
    rec = approved(office, amount="2")
    fix = services.correct_record(office.reporter, rec, entry(office, amount="1"), "核定为1分")
    services.submit_records(office.reporter, [fix])
    services.return_record(office.reviewer, fix, "缺文件")
    services.edit_record(office.reporter, fix, entry(office, amount="1.5"))
    actions = list(
        AuditRecord.objects.filter(action__startswith="supervision.")
        .order_by("seq")
        .values_list("action", "actor_label", "target", "reason")
    )
    assert actions == [
        ("supervision.add", "reporter", rec.ref, ""),
        ("supervision.submit", "reporter", rec.ref, ""),
        ("supervision.approve", "reviewer", rec.ref, ""),
        ("supervision.correct", "reporter", fix.ref, "核定为1分"),
        ("supervision.submit", "reporter", fix.ref, ""),
        ("supervision.return", "reviewer", fix.ref, "缺文件"),
        ("supervision.edit", "reporter", fix.ref, ""),
    ]
    correct = AuditRecord.objects.get(action="supervision.correct")
    assert correct.data["supersedes"] == rec.ref and correct.data["amount"] == "1"
    assert correct.rows  # the row it wrote, as digests the audit can check
    code, out = verify(capsys)
    assert code == 0, out


def test_an_amount_edited_in_the_database_is_named(office, capsys):
    rec = approved(office, amount="2")
    edit(rec, amount="3")
    code, out = verify(capsys)
    assert code == 1 and named(out) == {(row(rec), "changed")}


def test_a_record_deleted_in_the_database_is_named(office, capsys):
    rec = approved(office, amount="2")
    delete(rec)
    code, out = verify(capsys)
    assert code == 1 and named(out) == {(row(rec), "deleted")}


def test_a_file_unlinked_in_the_database_is_named(office, capsys):
    from bipin.evidence.tests.conftest import PDF, upload
    from bipin.supervision.models import RecordEvidence

    services.add_record(
        office.reporter, office.contest, entry(office), files=[upload("a.pdf", PDF)]
    )
    link = RecordEvidence.objects.get()
    delete(link)
    code, out = verify(capsys)
    assert code == 1 and named(out) == {(row(link), "deleted")}
