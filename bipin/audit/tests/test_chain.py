"""The audit log is append-only and hash-chained; tampering is detected."""

from bipin.audit.chain import chain_key, record
from bipin.audit.models import Record
from bipin.audit.verification import verify


def test_every_setup_change_is_recorded_with_who_and_what(cast):
    key = chain_key(cast.contest)
    actions = list(Record.objects.filter(chain__key=key).values_list("action", flat=True))
    assert actions[:2] == ["contest.create", "role.grant"]
    assert actions.count("entrant.add") == 3
    entry = Record.objects.filter(chain__key=key, action="entrant.add").first()
    assert entry.actor == cast.organizer and entry.target == "南川县"
    assert verify(key).ok


def test_records_are_numbered_and_linked(cast):
    records = list(Record.objects.filter(chain__key=chain_key(cast.contest)).order_by("seq"))
    assert [r.seq for r in records] == list(range(1, len(records) + 1))
    for before, after in zip(records, records[1:], strict=False):
        assert after.prev_hash == before.hash


def test_changing_a_stored_record_breaks_the_chain_at_that_record(cast):
    key = chain_key(cast.contest)
    victim = Record.objects.filter(chain__key=key).order_by("seq")[3]
    Record.objects.filter(pk=victim.pk).update(target="篡改")
    result = verify(key)
    assert not result.ok and result.first_bad_seq == victim.seq
    assert "does not match the chain" in str(result)


def test_deleting_the_last_record_is_detected(cast):
    key = chain_key(cast.contest)
    Record.objects.filter(chain__key=key).order_by("-seq").first().delete()
    assert not verify(key).ok


def test_a_reason_is_kept(cast):
    rec = record("marks.correct", contest=cast.contest, actor=cast.chief, target="sheet:1",
                 data={"from": 8.5, "to": 9}, reason="录入错误")
    rec.refresh_from_db()
    assert rec.reason == "录入错误" and rec.data == {"from": 8.5, "to": 9}
    assert verify(chain_key(cast.contest)).ok


def test_the_audit_page_is_for_organizers_only(client_as, cast):
    assert client_as("organizer").get("/audit/c/test-contest/").status_code == 200
    assert "哈希链完整" in client_as("organizer").get("/audit/c/test-contest/").content.decode()
    assert client_as("judge").get("/audit/c/test-contest/").status_code == 403
    assert client_as("other_organizer").get("/audit/c/test-contest/").status_code == 404
    assert client_as("organizer").post("/audit/c/test-contest/").status_code == 405


def test_bipin_audit_verify_checks_every_chain(cast, capsys):
    from bipin.cli import main

    assert main(["audit", "verify"]) == 0
    assert "chain intact" in capsys.readouterr().out
    Record.objects.filter(chain__key=chain_key(cast.contest), seq=2).update(reason="x")
    assert main(["audit", "verify"]) == 1


def test_the_sites_chain_answers_for_no_rows_and_says_only_that_it_is_intact(db, capsys):
    from bipin.cli import main

    record("account.create", target="someone")
    assert main(["audit", "verify"]) == 0
    assert capsys.readouterr().out.splitlines() == ["site: 1 条记录,哈希链完整 / 1 records, chain intact"]


def test_the_log_is_verified_on_its_first_page_not_on_every_page(cast, client_as):
    for n in range(101):
        record("note", contest=cast.contest, actor=cast.organizer, target=f"n{n}")
    client = client_as("organizer")
    assert "哈希链完整" in client.get("/audit/c/test-contest/").content.decode()
    later = client.get("/audit/c/test-contest/?page=2").content.decode()
    assert "哈希链" not in later and "数据与审计记录不符" not in later
