"""The notice's 核验数据: a released snapshot as a ``bipin-snapshot-v1`` record.

The record itself is built by :mod:`bipin.io.snapshot_record` from what the
snapshot stored (its inputs and evaluation) and the scheme file it was
computed with; this module only gathers those from the database.
"""

from __future__ import annotations

from bipin.io.snapshot_record import build_record, canonical_bytes
from bipin.results.models import Release


def verification_record(release: Release) -> dict:
    snapshot = release.snapshot
    version = snapshot.scheme_version
    if version is None:
        # The scheme version is kept while any snapshot points at it; a deleted
        # one leaves nothing to recompute with.
        raise LookupError("the snapshot's scheme is gone")
    return build_record(
        contest=release.contest.name,
        release={"title": release.title, "released_at": release.released_at.isoformat()},
        snapshot={"number": snapshot.number, "label": f"第{snapshot.number}版 · {snapshot.short_hash}",
                  "input_hash": snapshot.input_hash},
        scheme_content=bytes(version.content), scheme_filename=version.filename,
        inputs=snapshot.inputs, evaluation=snapshot.evaluation)


def record_file(release: Release) -> bytes:
    """The record's canonical bytes: exactly what is downloaded and hashed."""
    return canonical_bytes(verification_record(release))
