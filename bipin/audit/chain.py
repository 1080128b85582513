"""The append-only, hash-chained audit log.

Every domain function that changes something a score depends on calls
:func:`record` inside its own transaction, so the change and its record are
saved together or not at all. Each record's hash covers its content and the
previous record's hash; :func:`verify` recomputes the chain and names the first
record that does not match.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from bipin.audit.models import Chain, Record
from bipin.db import rows

SITE_CHAIN = "site"


def chain_key(contest: Any | None) -> str:
    return f"contest:{contest.pk}" if contest is not None else SITE_CHAIN


def _digest(prev_hash: str, key: str, seq: int, at: str, actor: str, action: str,
            target: str, data: Any, reason: str) -> str:
    body = json.dumps([key, seq, at, actor, action, target, data, reason],
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
           target: str = "", data: dict[str, Any] | None = None, reason: str = "") -> Record:
    """Append one record to the contest's chain (call inside the change's transaction)."""
    data = json.loads(json.dumps(data or {}, ensure_ascii=False, default=str))
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
        digest = _digest(last_hash, key, seq, at.isoformat(), label, action, target, data, reason)
        rec = rows.insert(Record(
            chain_id=chain_id, seq=seq, at=at, actor_id=getattr(actor, "pk", None), actor_label=label,
            action=action, target=target, data=data, reason=reason, prev_hash=last_hash, hash=digest))
        rows.update(Chain, {"id": chain_id}, last_seq=seq, last_hash=digest)
    return rec


@dataclass(frozen=True)
class Verification:
    key: str
    count: int
    ok: bool
    first_bad_seq: int | None = None

    def __str__(self) -> str:
        if self.ok:
            return f"{self.key}: {self.count} 条记录,哈希链完整 / {self.count} records, chain intact"
        return (f"{self.key}: 第 {self.first_bad_seq} 条记录与哈希链不符 / "
                f"record {self.first_bad_seq} does not match the chain")


def verify(key: str) -> Verification:
    prev = "0" * 64
    count = 0
    expected_seq = 1
    for rec in Record.objects.filter(chain__key=key).order_by("seq").iterator():
        digest = _digest(prev, key, rec.seq, rec.at.isoformat(), rec.actor_label, rec.action,
                         rec.target, rec.data, rec.reason)
        if rec.seq != expected_seq or rec.prev_hash != prev or rec.hash != digest:
            return Verification(key, count, False, rec.seq)
        prev, count, expected_seq = rec.hash, count + 1, expected_seq + 1
    head = Chain.objects.filter(key=key).first()
    if head is not None and (head.last_seq != count or head.last_hash != prev):
        return Verification(key, count, False, count + 1)
    return Verification(key, count, True)


def verify_all() -> list[Verification]:
    return [verify(key) for key in Chain.objects.order_by("key").values_list("key", flat=True)]
