"""Verifiable lot drawing (抽签) by commit–reveal, algorithm ``bipin-draw-v1``.

Before the day the organizer picks a secret *seed* and publishes only its
*commitment*, ``SHA-256(seed)`` of the seed's text (UTF-8). At the ceremony the
delegates call out or draw numbers, the *inputs*; nobody can steer the result,
because the seed was fixed before the inputs were known and the inputs were
not known to whoever chose the seed. The order is then a pure function of
``(seed, inputs, entrant ids)``:

1. ``canonical_inputs(inputs)`` is the JSON array of the inputs as strings,
   without spaces, non-ASCII kept (``["7","42"]``).
2. Each entrant's key is ``SHA-256(seed + "\\n" + canonical + "\\n" + entrant_id)``
   as lowercase hex, all text UTF-8.
3. Entrants go up in ascending key order (ties, which SHA-256 will not produce
   in practice, fall back to the entrant id).

After the ceremony the seed and inputs are published and anyone can redo all
three steps with nothing but a SHA-256 tool; ``bipin draw verify FILE.json``
does it for a record (see ``docs/draw.md`` for the record format and vectors).

>>> c = commitment("demo-seed")
>>> c[:16]
'5ea2ed298e3e4168'
>>> draw_order("demo-seed", ["7", "42"], ["C01", "C02", "C03", "C04"])
['C02', 'C01', 'C03', 'C04']
>>> verify_record({"algorithm": ALGORITHM, "commitment": c, "seed": "demo-seed",
...                "inputs": ["7", "42"], "entrants": ["C01", "C02", "C03", "C04"],
...                "order": ["C02", "C01", "C03", "C04"]}).ok
True
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["ALGORITHM", "DrawCheck", "canonical_inputs", "commitment", "draw_keys", "draw_order",
           "new_seed", "verify_record"]

ALGORITHM = "bipin-draw-v1"


def new_seed() -> str:
    """A fresh secret seed: 32 random bytes as 64 hex digits."""
    return secrets.token_hex(32)


def commitment(seed: str) -> str:
    """``SHA-256(seed)`` of the seed text, as published before the ceremony.

    >>> commitment("abc")
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    """
    if not isinstance(seed, str) or not seed:
        raise ValueError(f"seed must be a non-empty string, got {seed!r}")
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def canonical_inputs(inputs: Sequence[object]) -> str:
    """The inputs as one canonical text: a compact JSON array of strings.

    >>> canonical_inputs([7, "42", "三"])
    '["7","42","三"]'
    """
    return json.dumps([str(v).strip() for v in inputs], ensure_ascii=False, separators=(",", ":"))


def draw_keys(seed: str, inputs: Sequence[object], entrant_ids: Sequence[str]) -> dict[str, str]:
    """Each entrant's sort key (lowercase hex SHA-256)."""
    if not seed:
        raise ValueError("seed must not be empty")
    ids = [str(e) for e in entrant_ids]
    if len(set(ids)) != len(ids):
        dupes = sorted({e for e in ids if ids.count(e) > 1})
        raise ValueError(f"entrant ids must be distinct, repeated: {dupes}")
    prefix = f"{seed}\n{canonical_inputs(inputs)}\n"
    return {e: hashlib.sha256((prefix + e).encode("utf-8")).hexdigest() for e in ids}


def draw_order(seed: str, inputs: Sequence[object], entrant_ids: Sequence[str]) -> list[str]:
    """The presentation order: entrants sorted by their draw key."""
    keys = draw_keys(seed, inputs, entrant_ids)
    return sorted(keys, key=lambda e: (keys[e], e))


@dataclass(frozen=True)
class DrawCheck:
    """The outcome of :func:`verify_record`; ``problems`` says what did not match."""

    ok: bool
    order: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def verify_record(record: Mapping[str, object]) -> DrawCheck:
    """Recompute a published draw record and compare it with what it claims.

    >>> verify_record({"algorithm": ALGORITHM, "commitment": commitment("s"), "seed": "t",
    ...                "inputs": [], "entrants": ["a"], "order": ["a"]}).problems
    ['seed does not match the commitment']
    """
    problems: list[str] = []
    if record.get("algorithm") != ALGORITHM:
        problems.append(f"unknown algorithm {record.get('algorithm')!r} (expected {ALGORITHM})")
    seed = record.get("seed")
    inputs = record.get("inputs")
    entrants = record.get("entrants")
    claimed = record.get("order")
    if not isinstance(seed, str) or not seed:
        return DrawCheck(False, [], problems + ["the record has no seed (not revealed yet)"])
    if not isinstance(inputs, list) or not isinstance(entrants, list) or not isinstance(claimed, list):
        return DrawCheck(False, [], problems + ["inputs, entrants and order must be lists"])
    if commitment(seed) != record.get("commitment"):
        problems.append("seed does not match the commitment")
    try:
        order = draw_order(seed, inputs, [str(e) for e in entrants])
    except ValueError as exc:
        return DrawCheck(False, [], problems + [str(exc)])
    if [str(e) for e in claimed] != order:
        problems.append("the published order differs from the recomputed order")
    return DrawCheck(not problems, order, problems)
