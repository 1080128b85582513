"""The append-only, hash-chained audit log.

Every domain function that changes something a score depends on calls
:func:`record` inside its own transaction, so the change and its record are
saved together or not at all. Each record's hash covers its content and the
previous record's hash, and the digests of the rows the change wrote
(bipin.audit.digests); :func:`verify` recomputes the chain and names the first
record that does not match, and bipin.audit.verification compares the rows as
they are now with the digests the chain holds for them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from bipin.audit import digests
from bipin.audit.models import Chain, Record
from bipin.db import rows

SITE_CHAIN = "site"


def chain_key(contest: Any | None) -> str:
    return f"contest:{contest.pk}" if contest is not None else SITE_CHAIN


def _digest(prev_hash: str, key: str, seq: int, at: str, actor: str, action: str,
            target: str, data: Any, reason: str, rows: dict) -> str:
    fields = [key, seq, at, actor, action, target, data, reason]
    if rows:  # records written before row digests existed keep their hashes
        fields.append(rows)
    body = json.dumps(fields,
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def _lock_chain(key: str) -> tuple[int, int, str]:
    """(id, last_seq, last_hash) of the chain's head row, locked until commit."""
    head = rows.select(Chain, ("id", "last_seq", "last_hash"), {"key": key}, for_update=True)
    if head:
        return head[0]
    try:
        with transaction.atomic():
            Chain.objects.create(key=key)
    except IntegrityError:
        pass  # another writer created it first; the lock below waits for it
    return rows.select(Chain, ("id", "last_seq", "last_hash"), {"key": key}, for_update=True)[0]


def _actor_label(actor: Any | None) -> str:
    if actor is None:
        return "system"
    return getattr(actor, "get_username", lambda: str(actor))()


def record(action: str, *, contest: Any | None = None, actor: Any | None = None,
           target: str = "", data: dict[str, Any] | None = None, reason: str = "",
           saved: Iterable[Model] = (), deleted: Iterable[Model | tuple] = (),
           digested: dict[str, dict[str, str]] | None = None) -> Record:
    """Append one record to the contest's chain (call inside the change's transaction).

    ``saved`` are the rows of tracked tables (bipin.audit.tracked) the change
    inserted or updated, as they now are; ``deleted`` the rows it removed;
    ``digested`` rows written without model instances, as ``{label: {pk:
    digest}}`` (bipin.audit.digests.digest of their column values).
    """
    # As stored: the hash is recomputed from what the database gives back.
    data = digests.json_as_stored(json.loads(json.dumps(data or {}, ensure_ascii=False, default=str)))
    written = digests.written(saved, deleted)
    for table, pks in (digested or {}).items():
        written.setdefault(table, {}).update(pks)
    key = chain_key(contest)
    # No savepoint inside the caller's transaction: a failed record must undo
    # the change anyway, and the SAVEPOINT/RELEASE pair was two statements on
    # every sheet. Called outside a transaction, this still opens one.
    # The statements are fixed SQL (bipin.db.rows): this runs on every sheet,
    # while the write lock is held.
    with transaction.atomic(savepoint=False):
        chain_id, last_seq, last_hash = _lock_chain(key)
        seq = last_seq + 1
        at = timezone.now()
        label = _actor_label(actor)
        digest = _digest(last_hash, key, seq, at.isoformat(), label, action, target, data, reason, written)
        rec = rows.insert(Record(
            chain_id=chain_id, seq=seq, at=at, actor_id=getattr(actor, "pk", None), actor_label=label,
            action=action, target=target, data=data, reason=reason, rows=written,
            prev_hash=last_hash, hash=digest))
        rows.update(Chain, {"id": chain_id}, last_seq=seq, last_hash=digest)
    return rec


def walk(key: str) -> tuple[int, int | None, dict[str, dict[str, tuple[str | None, int]]]]:
    """Recompute the chain ``key``: (records, first bad seq or None, rows).

    ``rows`` is what the intact chain says each tracked row should be now:
    ``{label: {pk: (digest or None if deleted, seq of the record that said so)}}``.
    """
    prev = "0" * 64
    count = 0
    expected: dict[str, dict[str, tuple[str | None, int]]] = {}
    for rec in Record.objects.filter(chain__key=key).order_by("seq").iterator():
        digest = _digest(prev, key, rec.seq, rec.at.isoformat(), rec.actor_label, rec.action,
                         rec.target, rec.data, rec.reason, rec.rows)
        if rec.seq != count + 1 or rec.prev_hash != prev or rec.hash != digest:
            return count, rec.seq, expected
        for table, pks in rec.rows.items():
            expected.setdefault(table, {}).update((pk, (d, rec.seq)) for pk, d in pks.items())
        prev, count = rec.hash, count + 1
    head = Chain.objects.filter(key=key).first()
    if head is not None and (head.last_seq != count or head.last_hash != prev):
        return count, count + 1, expected
    return count, None, expected
