"""A row's digest, and a record's hash, are the same from the values saved and read back."""

from bipin.audit import digests
from bipin.audit.chain import chain_key, record
from bipin.audit.verification import verify
from bipin.contests.models import SchemeVersion
from bipin.contests.services import upload_scheme

# What a snapshot's explanation may hold: an empty deduction is -0.0, which
# PostgreSQL's jsonb returns as 0.0; it writes 1e16 back without the exponent.
NUMBERS = [{"unrounded": -0.0, "big": 1e16, "half": 0.5, "whole": 3.0, "count": 2}]


def test_json_numbers_digest_as_the_database_gives_them_back(cast):
    version = upload_scheme(cast.organizer, cast.contest, b"contest: [", "broken.yaml")
    version.problems = NUMBERS
    version.save(update_fields=["problems"])
    stored = digests.current(SchemeVersion, SchemeVersion.objects.filter(pk=version.pk))
    assert stored == {str(version.pk): digests.of(version)}


def test_a_whole_float_and_its_integer_are_one_value():
    same = {**NUMBERS[0], "unrounded": 0, "big": 10**16, "whole": 3}
    assert digests.of(SchemeVersion(pk=1, problems=NUMBERS)) == digests.of(SchemeVersion(pk=1, problems=[same]))
    assert digests.of(SchemeVersion(pk=1, problems=[{"half": 0.5}])) != digests.of(
        SchemeVersion(pk=1, problems=[{"half": 0}]))


def test_a_record_whose_data_holds_such_numbers_keeps_its_chain(cast):
    record("observations.import", contest=cast.contest, actor=cast.organizer, target="更正.csv",
           data={"replaced": NUMBERS}, reason="更正")
    assert verify(chain_key(cast.contest)).ok


def test_a_column_added_with_a_default_leaves_older_rows_digests_alone(monkeypatch):
    from bipin.exams.models import Answer

    row = {f.attname: None for f in digests.fields(Answer)} | {"id": 7, "candidate_id": 1, "item_id": 2,
                                                              "response": ["A"], "seq": 0}
    now = digests.digest(Answer, row)
    # The same row as the table was before the column (Answer.seq, exams 0002) existed.
    before_the_column = tuple(f for f in digests.fields(Answer) if f.attname != "seq")
    monkeypatch.setattr(digests, "fields", lambda model: before_the_column)
    assert digests.digest(Answer, row) == now
    monkeypatch.undo()
    assert digests.digest(Answer, row | {"seq": 5}) != now  # a value other than the default counts
