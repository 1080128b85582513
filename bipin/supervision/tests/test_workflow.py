"""The office's clerk enters, the reviewer approves or returns; only approved
records count, and a correction replaces the old record only once approved."""

from __future__ import annotations

from bipin.scoring import Observation
from bipin.supervision import observations, services
from bipin.supervision.models import Record
from bipin.supervision.tests.conftest import approved, entry, form


def _values(cast):
    return sorted((o.item, o.value) for o in observations.collect(cast.contest))


def test_a_clerk_enters_a_draft_that_counts_only_once_approved(office, client_as):
    client = client_as("reporter")
    r = client.post(
        "/c/test-contest/supervision/new/",
        form(office, amount="1.5"),
    )
    rec = Record.objects.get()
    assert r.status_code == 302 and rec.status == Record.Status.DRAFT
    assert rec.entered_by == office.reporter and rec.amount == 1.5
    assert observations.collect(office.contest) == []

    client.post("/c/test-contest/supervision/submit/", {"records": [rec.pk]})
    rec.refresh_from_db()
    assert rec.status == Record.Status.SUBMITTED and observations.collect(office.contest) == []

    client_as("reviewer").post(f"/c/test-contest/supervision/{rec.pk}/approve/")
    rec.refresh_from_db()
    assert rec.status == Record.Status.APPROVED and rec.reviewed_by == office.reviewer
    assert observations.collect(office.contest) == [
        Observation(
            str(office.entrants["南川县"].pk),
            "supervision",
            "监督加分",
            1.5,
            ref=f"supervision:{rec.pk}",
        )
    ]


def test_several_drafts_are_submitted_at_once(office, client_as):
    recs = [
        services.add_record(office.reporter, office.contest, entry(office, amount=a)) for a in "12"
    ]
    client_as("reporter").post(
        "/c/test-contest/supervision/submit/", {"records": [r.pk for r in recs]}
    )
    assert set(Record.objects.values_list("status", flat=True)) == {"submitted"}


def test_a_batch_with_a_submitted_record_is_refused_whole(office):
    recs = [
        services.add_record(office.reporter, office.contest, entry(office, amount=a)) for a in "12"
    ]
    services.submit_records(office.reporter, [recs[0]])
    try:
        services.submit_records(office.reporter, recs)
    except services.Refused as exc:
        assert str(exc.problems[0]) == (
            f"记录#{recs[0].pk}是“待审核”,只能提交草稿 / "
            f"record #{recs[0].pk} is submitted; only drafts are submitted"
        )
    recs[1].refresh_from_db()
    assert recs[1].status == Record.Status.DRAFT


def test_a_returned_record_carries_its_reason_and_is_edited_and_resubmitted(office, client_as):
    rec = services.add_record(office.reporter, office.contest, entry(office, amount="4"))
    services.submit_records(office.reporter, [rec])
    r = client_as("reviewer").post(f"/c/test-contest/supervision/{rec.pk}/return/", {"reason": ""})
    rec.refresh_from_db()
    assert r.status_code == 302 and rec.status == Record.Status.SUBMITTED  # a return needs a reason
    client_as("reviewer").post(
        f"/c/test-contest/supervision/{rec.pk}/return/", {"reason": "文号有误"}
    )
    rec.refresh_from_db()
    assert rec.status == Record.Status.RETURNED and rec.return_reason == "文号有误"
    page = client_as("reporter").get("/c/test-contest/supervision/").content.decode()
    assert "文号有误" in page

    client_as("reporter").post(
        f"/c/test-contest/supervision/{rec.pk}/edit/",
        form(office, date="2026-03-02", doc_number="示督〔2026〕2号", amount="1"),
    )
    rec.refresh_from_db()
    assert (rec.status, rec.doc_number, rec.amount) == (Record.Status.DRAFT, "示督〔2026〕2号", 1)


def test_an_approved_record_cannot_be_edited_only_corrected(office, client_as):
    rec = approved(office)
    r = client_as("reporter").post(
        f"/c/test-contest/supervision/{rec.pk}/edit/",
        form(office, reason="改", amount="1"),
    )
    assert r.status_code == 400 and "已通过的请提交更正" in r.content.decode()
    rec.refresh_from_db()
    assert rec.amount == 2


def test_a_correction_replaces_the_old_record_only_when_approved(office, client_as):
    old = approved(office, amount="2")
    client = client_as("reporter")
    r = client.post(
        f"/c/test-contest/supervision/{old.pk}/correct/",
        form(office, amount="1", correction_reason="文件核定为1分"),
    )
    new = Record.objects.get(supersedes=old)
    assert r.status_code == 302 and new.correction_reason == "文件核定为1分"
    # The old value keeps counting while the correction waits.
    assert _values(office) == [("监督加分", 2.0)]
    services.submit_records(office.reporter, [new])
    assert _values(office) == [("监督加分", 2.0)]
    services.approve_record(office.reviewer, new)
    assert _values(office) == [("监督加分", 1.0)]
    assert [o.ref for o in observations.collect(office.contest)] == [f"supervision:{new.pk}"]

    page = client.get(f"/c/test-contest/supervision/{old.pk}/").content.decode()
    assert f"已被更正#{new.pk}取代,不计分" in page and "文件核定为1分" in page
    again = client.post(
        f"/c/test-contest/supervision/{old.pk}/correct/",
        form(office, reason="再改", amount="0.5", correction_reason="再改", doc_number=""),
    )
    assert again.status_code == 400 and "只能更正已通过且仍有效的记录" in again.content.decode()


def test_only_one_correction_at_a_time(office):
    old = approved(office)
    services.correct_record(office.reporter, old, entry(office, amount="1"), "改为1分")
    try:
        services.correct_record(office.reporter, old, entry(office, amount="0.5"), "改为0.5分")
        raise AssertionError("a second correction was accepted")
    except services.Refused as exc:
        assert exc.problems[0].field == "status"
    assert Record.objects.filter(supersedes=old).count() == 1


def test_a_returned_correction_leaves_the_old_record_counting(office):
    old = approved(office, amount="2")
    new = services.correct_record(office.reporter, old, entry(office, amount="1"), "改为1分")
    services.submit_records(office.reporter, [new])
    services.return_record(office.reviewer, new, "无依据")
    assert _values(office) == [("监督加分", 2.0)]


def test_an_item_without_a_department_is_entered_and_approved_by_the_organizer(office, client_as):
    client = client_as("organizer")
    client.post(
        "/c/test-contest/supervision/new/",
        form(
            office,
            unit="北原县",
            item="表扬加分",
            date="2026-05-01",
            reason="市级表扬",
            doc_number="",
            amount="",
        ),
    )
    rec = Record.objects.get()
    client.post("/c/test-contest/supervision/submit/", {"records": [rec.pk]})
    client.post(f"/c/test-contest/supervision/{rec.pk}/approve/")
    rec.refresh_from_db()
    assert rec.status == Record.Status.APPROVED and rec.amount is None
    # The office's clerk may not enter it.
    page = client_as("reporter").get("/c/test-contest/supervision/new/").content.decode()
    assert "表扬加分" not in page and "监督扣分" in page
