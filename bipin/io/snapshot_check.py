"""Recompute a verification record (``bipin-snapshot-v1``) and compare every figure.

The record's scheme file is read exactly as the engine read it, its masked
observations are evaluated by :func:`bipin.scoring.evaluate`, and every
published leaf, node, total, rank, grade, award and veto is compared with the
recomputation. Any difference is named by entrant, item, published and
recomputed value. No Django, no database: the file is all it needs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from bipin.io.problems import ImportFailed
from bipin.io.snapshot_record import RecordError, counted_scheme, published_results
from bipin.scoring import Entrant, Observation, ObservationError, evaluate

__all__ = ["Difference", "SnapshotCheck", "check_record", "scheme_bytes"]

FIELDS = ("total", "rank", "grade", "award", "vetoed")


@dataclass(frozen=True)
class Difference:
    entrant: str  # "示例甲区 (1)"
    item: str  # "责任落实 / 脱稿汇报", "rank", ...
    published: Any
    recomputed: Any

    def __str__(self) -> str:
        return (f"{self.entrant} · {self.item}: 公布 / published {self.published!r}, "
                f"重算 / recomputed {self.recomputed!r}")


@dataclass
class SnapshotCheck:
    entrants: int = 0
    figures: int = 0  # leaves, nodes and per-entrant fields compared
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def scheme_bytes(record: Mapping[str, Any]) -> bytes:
    """The scheme file's bytes, checked against the SHA-256 the record gives."""
    scheme = record["scheme"]
    try:
        content = scheme["content"]
        data = (base64.b64decode(content, validate=True) if scheme.get("encoding") == "base64"
                else content.encode("utf-8"))
    except (KeyError, TypeError, AttributeError, binascii.Error):
        raise RecordError("核验数据中的考评方案无法读取",
                          "the record's scheme cannot be read") from None
    if hashlib.sha256(data).hexdigest() != scheme.get("sha256"):
        raise RecordError("考评方案与其 SHA-256 不符", "the scheme does not match its SHA-256")
    return data


def _recompute(record: Mapping[str, Any]) -> dict[str, Any]:
    try:
        scheme = counted_scheme(scheme_bytes(record), record["scheme"].get("filename"),
                                record.get("late_adjustment"))
        entrants = [Entrant(**e) for e in record["entrants"]]
        observations = [Observation(**o) for o in record["observations"]]
        result = evaluate(scheme, entrants, observations, draw_order=record.get("draw"))
    except ImportFailed as exc:
        raise RecordError("考评方案无效", f"the scheme is not valid: {exc}") from None
    except ObservationError as exc:
        raise RecordError(f"无法重算:{exc.message_zh}", f"cannot recompute: {exc}") from None
    except TypeError as exc:
        raise RecordError("参评对象或数据的字段不符合格式",
                          f"an entrant or observation has wrong fields ({exc})") from None
    return result.to_dict(explain=True)


def _figures(items: list[dict[str, Any]], path: str = "") -> Iterator[tuple[str, Any]]:
    for node in items:
        here = f"{path} / {node['id']}" if path else str(node["id"])
        yield here, node.get("points")
        if "source" in node:  # a leaf: its value (a panel's total, a rate) too
            yield f"{here} · 取值 / value", node.get("value")
        yield from _figures(node.get("children", []), here)


def _by_entrant(groups: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["entrant"]: {**r, "group": g["group"]} for g in groups for r in g["results"]}


def check_record(record: Mapping[str, Any]) -> SnapshotCheck:
    """Every published figure against the recomputation; raises RecordError if it cannot run."""
    try:
        published = _by_entrant(record["results"])
    except (KeyError, TypeError):
        raise RecordError("核验数据的结果部分格式错误",
                          "the record's results are not in the expected form") from None
    fresh = _by_entrant(published_results(_recompute(record)))
    names = {str(e.get("id")): e.get("name") for e in record["entrants"]}
    out = SnapshotCheck()
    for entrant in sorted(set(published) | set(fresh)):
        who = f"{names.get(entrant, entrant)} ({entrant})"
        mine, theirs = published.get(entrant), fresh.get(entrant)
        if mine is None or theirs is None:
            out.differences.append(Difference(who, "参评对象 / entrant", mine is not None,
                                              theirs is not None))
            continue
        out.entrants += 1
        pairs = [(f, mine.get(f), theirs.get(f)) for f in ("group", *FIELDS)]
        a, b = dict(_figures(mine.get("items", []))), dict(_figures(theirs["items"]))
        pairs += [(k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b))]
        for item, p, r in pairs:
            out.figures += 1
            if p != r:
                out.differences.append(Difference(who, item, p, r))
    return out
