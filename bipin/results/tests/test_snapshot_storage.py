"""A snapshot is stored compressed, reads back as computed, and keeps its audit digest.

A campaign's snapshot (every household's explanation tree and every value) was
over PostgreSQL's 1 GB for one jsonb value; stored compressed it is a tenth of
that. Nothing a reader sees changes: the figures, the audit's digests and
`bipin audit verify` are the same as when it was stored as JSON, also for a
snapshot computed before the change and packed by the migration.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from bipin.audit import digests
from bipin.results.models import Snapshot
from bipin.testing.tampering import verify

pytestmark = pytest.mark.django_db


def stored(snapshot: Snapshot, column: str):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM results_snapshot WHERE id = %s", [snapshot.pk])
        return cursor.fetchone()[0]


def test_the_snapshot_is_stored_compressed_and_reads_back_as_computed(snapshot):
    evaluation = Snapshot.objects.get(pk=snapshot.pk).evaluation
    assert evaluation == snapshot.evaluation
    as_json = json.dumps(evaluation, ensure_ascii=False, separators=(",", ":")).encode()
    packed = bytes(stored(snapshot, "evaluation"))
    assert len(packed) * 3 < len(as_json)


def test_a_value_json_cannot_hold_is_refused_and_nothing_is_saved(snapshot):
    with pytest.raises(ValueError), transaction.atomic():
        Snapshot.objects.create(contest=snapshot.contest, number=2, input_hash="0" * 64,
                                scheme_sha256="0" * 64, evaluation={"total": float("nan")},
                                inputs={"entrants": [], "observations": []})
    assert list(Snapshot.objects.values_list("number", flat=True)) == [1]


def test_a_snapshot_stored_as_json_is_packed_by_the_migration_with_the_same_digest(
        transactional_db, snapshot, capsys):
    digest = digests.of(snapshot)
    executor = MigrationExecutor(connection)
    # Every app's last migration: going back to results 0004 also takes back the
    # migrations of other apps that depend on a later one (certificates).
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([("results", "0004_pending_batches")])
        as_json = stored(snapshot, "evaluation")  # text on SQLite, jsonb on PostgreSQL
        assert (as_json if isinstance(as_json, dict) else json.loads(as_json)) == snapshot.evaluation
    finally:
        executor.loader.build_graph()
        executor.migrate(latest)
    # Going back to 0004 also dropped the later engine column (0006): its value put back.
    Snapshot.objects.filter(pk=snapshot.pk).update(engine=snapshot.engine)
    again = Snapshot.objects.get(pk=snapshot.pk)
    assert (again.evaluation, again.inputs) == (snapshot.evaluation, snapshot.inputs)
    assert digests.of(again) == digest
    assert verify(capsys)[0] == 0


def test_bytes_written_by_hand_are_named_by_the_audit_not_a_crash(snapshot, capsys):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE results_snapshot SET inputs = %s WHERE id = %s",
                       [b"not what Bipin wrote", snapshot.pk])
    assert Snapshot.objects.get(pk=snapshot.pk).inputs == b"not what Bipin wrote"
    code, out = verify(capsys)
    assert code == 1 and f"results.snapshot #{snapshot.pk}" in out
