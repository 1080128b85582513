"""The audit log answers for imported data, snapshots and releases, not only for itself.

The organizer runs a year through Bipin: imports the data, computes and
releases a first result, imports a correction that replaces a value, imports
findings and withdraws them, releases the corrected result with its public
notice, and computes again. `bipin audit verify` passes. Then someone with
database access edits a value, withdraws a batch, swaps the released snapshot
or adds a row straight in SQLite or PostgreSQL: verify exits 1 and names
that row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from bipin.db.packed import pack
from bipin.results import services
from bipin.results.models import ImportBatch, ImportedObservation, Release, Snapshot, Supersession
from bipin.results.tests.conftest import OBSERVATIONS_CSV
from bipin.testing.cast import Cast
from bipin.testing.demo import load_demo
from bipin.testing.tampering import copy, delete, edit, named, row, verify

pytestmark = pytest.mark.django_db

HEADER = "参评对象,来源,指标,填报人,分值,类别\n"


@dataclass
class Year:
    cast: Cast
    data: ImportBatch
    correction: ImportBatch  # replaces 南川县's rate
    withdrawn: ImportBatch  # findings imported twice by mistake
    first: Snapshot  # released, then corrected
    corrected: Snapshot  # released with its notice
    latest: Snapshot  # after the withdrawal, not released

    def observation(self, batch: ImportBatch, row_number: int) -> ImportedObservation:
        return batch.rows.get(row_number=row_number)


def imp(cast, text: str, filename: str, **kwargs) -> ImportBatch:
    return services.import_observations(cast.organizer, cast.contest, text.encode(), filename, **kwargs)


@pytest.fixture
def year(cast, scheme, live) -> Year:
    c, organizer = cast, cast.organizer
    data = imp(c, OBSERVATIONS_CSV, "data.csv")
    first, _ = services.compute_snapshot(organizer, c.contest)
    services.release_results(organizer, first, "2026年测试结果")
    correction = imp(c, HEADER + "南川县,data,饮水达标率,,99.9,\n", "更正.csv", correction=True,
                     reason="水务局更正上报口径")
    withdrawn = imp(c, HEADER + "北原县,inspection,实地核查,核查组,1,管网老化\n", "核查补报.csv")
    corrected, _ = services.compute_snapshot(organizer, c.contest)
    release = services.release_results(organizer, corrected, "2026年测试结果(更正)")
    services.publish_notice(organizer, release, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 7),
                            contact="考评办 0000-0000000")
    services.withdraw_batch(organizer, withdrawn, "与第一批重复上报")
    latest, created = services.compute_snapshot(organizer, c.contest)
    assert created and [first.number, corrected.number, latest.number] == [1, 2, 3]
    assert Supersession.objects.filter(new__batch=correction).count() == 1
    return Year(c, data, correction, withdrawn, first, corrected, latest)


def test_a_year_run_through_bipin_verifies(year, capsys):
    code, out = verify(capsys)
    assert code == 0, out
    assert "chain intact" in out and "rows match their records" in out


def test_the_demo_data_and_snapshot_verify(capsys):
    load_demo()
    assert ImportBatch.objects.exists() and Snapshot.objects.exists()
    _, out = verify(capsys)
    assert not {r for r in named(out) if r[0].startswith("results.")}, out


def supersession(y: Year) -> Supersession:
    return Supersession.objects.get(new__batch=y.correction)


# model: (the row, the edit that would change a result)
EDITS = {
    ImportBatch: (lambda y: y.data, lambda y: {"status": ImportBatch.Status.WITHDRAWN}),
    ImportedObservation: (lambda y: y.observation(y.data, 7), lambda y: {"value": 100.0}),
    # 南川县's first rate counts again, and 北原县's is left out.
    Supersession: (supersession, lambda y: {"old": y.observation(y.data, 3).pk}),
    Snapshot: (lambda y: y.corrected, lambda y: {"evaluation": pack({"groups": []})}),
    Release: (lambda y: y.cast.contest.releases.get(snapshot=y.corrected),
              lambda y: {"snapshot": y.first.pk}),
}


@pytest.mark.parametrize("model", list(EDITS), ids=lambda m: m.__name__)
def test_a_row_edited_in_the_database_is_named(year, capsys, model):
    victim, values = EDITS[model][0](year), EDITS[model][1](year)
    edit(victim, **values)
    code, out = verify(capsys)
    assert code == 1
    assert named(out) == {(row(victim), "changed")}, out


# Rows a database client may delete as they are (nothing refers to them).
DELETIONS = {
    ImportedObservation: lambda y: y.observation(y.data, 5),  # a finding
    Supersession: supersession,
    Snapshot: lambda y: y.latest,
    Release: lambda y: y.cast.contest.releases.get(snapshot=y.first),
}


@pytest.mark.parametrize("model", list(DELETIONS), ids=lambda m: m.__name__)
def test_a_row_deleted_in_the_database_is_named(year, capsys, model):
    victim = DELETIONS[model](year)
    delete(victim)
    code, out = verify(capsys)
    assert code == 1
    assert named(out) == {(row(victim), "deleted")}, out


def test_a_batch_deleted_in_the_database_is_named_with_its_rows(year, capsys):
    rows = list(year.withdrawn.rows.all())
    for observation in rows:  # its rows first, as the database's foreign key demands
        delete(observation)
    delete(year.withdrawn)
    code, out = verify(capsys)
    assert code == 1
    assert named(out) == {(row(r), "deleted") for r in [year.withdrawn, *rows]}, out


# A copy of a row, with whatever must differ for the table's unique constraints.
COPIES = {
    ImportBatch: (lambda y: y.data, lambda y: {}),
    ImportedObservation: (lambda y: y.observation(y.data, 5), lambda y: {}),  # a finding twice
    Supersession: (supersession, lambda y: {"old": y.observation(y.data, 3).pk}),
    Snapshot: (lambda y: y.latest, lambda y: {"number": 4}),
    Release: (lambda y: y.cast.contest.releases.get(snapshot=y.corrected), lambda y: {}),
}


@pytest.mark.parametrize("model", list(COPIES), ids=lambda m: m.__name__)
def test_a_row_added_in_the_database_is_named(year, capsys, model):
    original, changes = COPIES[model][0](year), COPIES[model][1](year)
    added = model.objects.get(pk=copy(original, **changes))
    code, out = verify(capsys)
    assert code == 1
    assert named(out) == {(row(added), "unrecorded")}, out
