"""The published verification record of a released snapshot (``bipin-snapshot-v1``).

A notice (公示) offers this record so that anyone can recompute the released
results: the scheme file exactly as the engine read it, the entrants as the
notice names them, every observation the engine used with the people masked,
the published figures and the keys the engine ranked by. Nothing here needs
Django; the results app gathers the pieces, ``bipin verify-snapshot`` and the
notice's verification page check them (:mod:`bipin.io.snapshot_check`).

Masking: a judge or reporter becomes a pseudonym (``评委01``…, ``填报人01``…)
that is stable within one snapshot. Pseudonyms are handed out in the order of
the names they replace, so rows that the engine reads in judge order ("last"
value, which of two equal marks is dropped) keep their order and every figure
stays the same. The observations carry no other personal data: comments,
names of inspectors and uploaders never reach the engine.

>>> masked = mask_observations([
...     {"source": "panel", "judge": "judge:7"}, {"source": "panel", "judge": "judge:12"},
...     {"source": "data", "judge": None}, {"source": "department", "judge": "dept:示例教育局"}])
>>> [o["judge"] for o in masked]
['评委2', '评委1', None, '填报人1']
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from bipin.io.formats import Format, sniff
from bipin.io.schemes import load_scheme
from bipin.scoring import Entrant, Observation, evaluate, ranking_keys
from bipin.scoring.panel_adjust import late_adjustment

__all__ = ["FORMAT", "RecordError", "canonical_bytes", "build_record", "counted_scheme", "load_record",
           "mask_observations", "published_results", "record_scheme"]

FORMAT = "bipin-snapshot-v1"

# Panel judges are 评委; a reporter of any other source (a department, a data
# file's 填报人) is 填报人. Two prefixes keep a record readable; the engine only
# ever compares judges of one source with each other.
_PREFIX = {"panel": "评委"}
_REPORTER = "填报人"


STAGED_ZH = ("分阶段比赛(预赛、决赛等)暂不提供核验数据:核验数据格式只含每组一个排名,"
             "不能复核阶段间的晋级;各阶段成绩见公示页和成绩单")
STAGED_EN = ("no verification record is offered for a staged contest: the record holds one ranking "
             "per group and cannot check the cuts between stages; see each stage on the notice and cards")


class RecordError(ValueError):
    """A file that is not a verification record; the message fits on one line."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        self.message_zh, self.message_en = message_zh, message_en
        super().__init__(f"{message_zh} / {message_en}")


def _pseudonyms(observations: Sequence[Mapping[str, Any]]) -> dict[tuple[str, str], str]:
    names: dict[str, set[str]] = {}
    for o in observations:
        if o.get("judge"):
            prefix = _PREFIX.get(str(o.get("source")), _REPORTER)
            names.setdefault(prefix, set()).add(str(o["judge"]))
    out: dict[tuple[str, str], str] = {}
    for prefix, found in names.items():
        # Zero-padded, so the pseudonyms sort as the names they replace did.
        width = len(str(len(found)))
        for k, name in enumerate(sorted(found), start=1):
            out[(prefix, name)] = f"{prefix}{k:0{width}d}"
    return out


def mask_observations(observations: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The observations with every judge and reporter replaced by a pseudonym."""
    names = _pseudonyms(observations)
    out = []
    for o in observations:
        row = dict(o)
        if row.get("judge"):
            prefix = _PREFIX.get(str(row.get("source")), _REPORTER)
            row["judge"] = names[(prefix, str(row["judge"]))]
        out.append(row)
    return out


def _tree(node: Mapping[str, Any]) -> dict[str, Any]:
    """One node of an explanation as the record publishes it: points, and for a
    leaf what a browser needs to recompute a panel's aggregate."""
    out: dict[str, Any] = {"id": node["id"], "points": node["points"]}
    if "children" in node:
        out["children"] = [_tree(c) for c in node["children"]]
    elif "adjustment" in node:
        out["adjustment"] = node["adjustment"]
    else:
        out["source"] = node.get("source")
        out["value"] = node.get("value")
        if node.get("source") == "panel":
            out["criteria"] = node.get("criteria")
            out["missing_marks"] = bool(node.get("missing_marks"))
        if "vetoed" in node:
            out["vetoed"] = node["vetoed"]
    return out


def published_results(evaluation: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per group, each entrant's published figures from ``Evaluation.to_dict(explain=True)``."""
    groups = []
    for g in evaluation["groups"]:
        rows = []
        for r in g["results"]:
            tree = r["explanation"]
            rows.append({"entrant": r["entrant"], "total": r["total"], "rank": r["rank"],
                         "grade": r["grade"], "award": r["award"], "vetoed": r["vetoed"],
                         "items": [_tree(c) for c in tree["children"]]})
        groups.append({"group": g["group"], "results": rows})
    return groups


def _name_panels(items: list[dict[str, Any]], panels: Mapping[str, str]) -> None:
    """Say which panel each panel leaf aggregates, so a browser can redo it."""
    for node in items:
        if node.get("source") == "panel":
            node["panel"] = panels.get(node["id"])
        _name_panels(node.get("children", []), panels)


def record_scheme(content: bytes, filename: str) -> dict[str, str]:
    """The scheme file as stored: YAML as its text, a workbook as base64."""
    text, encoding = base64.b64encode(content).decode("ascii"), "base64"
    if sniff(content, filename) is Format.TEXT:
        try:
            text, encoding = content.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass  # a YAML file in another encoding stays as its bytes
    return {"filename": filename, "sha256": hashlib.sha256(content).hexdigest(),
            "encoding": encoding, "content": text}


def _panels(scheme: Any) -> dict[str, dict[str, Any]]:
    """Each panel's aggregation parameters, as the engine read them from the scheme."""
    def criterion(c: Any) -> dict[str, Any]:
        extra = {"min": c.min} if c.min else {}
        if c.deduct_from is not None:
            extra["deduct_from"] = c.deduct_from
        return {"id": c.id, "weight": c.weight, **extra}

    def declared(p: Any) -> dict[str, Any]:
        # Only where declared, so records of other schemes keep their bytes.
        out: dict[str, Any] = {"middle": p.middle} if p.middle else {}
        if p.factor_at != "mark":
            out["factor"] = p.factor_at
        if p.values is not None:
            out["values"] = {k: {"base": v.base, "per_step": v.per_step,
                                 "steps": {str(m): f for m, f in v.steps.items()}}
                             for k, v in p.values.items()}
        return out

    return {pid: {"criteria": [criterion(c) for c in p.criteria],
                  "aggregate": p.aggregate, "trim": p.trim, "trim_min_judges": p.trim_min_judges,
                  "min_judges": p.min_judges, "on": p.on, "decimals": p.decimals,
                  "rounding_stage": p.rounding_stage, "rounds": p.rounds,
                  # Only where declared, so records of other schemes keep their bytes.
                  **({"adjust": p.adjust, "adjust_counts": p.adjust_counts}
                     if p.adjust != "none" else {}), **declared(p)}
            for pid, p in scheme.panels.items()}


def counted_scheme(content: bytes, filename: str, late: Sequence[str] | None) -> Any:
    """The scheme as the snapshot counted it: late adjustments shown, not counted."""
    return late_adjustment(load_scheme(content, filename=filename), late or ())


def build_record(*, contest: str, release: Mapping[str, Any], snapshot: Mapping[str, Any],
                 scheme_content: bytes, scheme_filename: str, inputs: Mapping[str, Any],
                 evaluation: Mapping[str, Any]) -> dict[str, Any]:
    """The verification record of one released snapshot.

    ``snapshot`` holds ``number``, ``label`` and ``input_hash``; ``inputs`` and
    ``evaluation`` are the snapshot's own, as stored. The ranking keys are
    recomputed from the masked inputs, which give the published results
    exactly (the masking keeps every order the engine depends on).

    A staged contest's snapshot is refused: ``bipin-snapshot-v1`` holds one
    ranking per group, and its checkers (``bipin verify-snapshot``, the
    notice's page) recompute that one ranking, not cuts between stages.
    """
    if evaluation.get("staged"):
        raise RecordError(STAGED_ZH, STAGED_EN)
    observations = mask_observations(inputs["observations"])
    late = inputs.get("late_adjustment")
    scheme = counted_scheme(scheme_content, scheme_filename, late)
    draw = inputs.get("draw")
    fresh = evaluate(scheme, [Entrant(**e) for e in inputs["entrants"]],
                     [Observation(**o) for o in observations], draw_order=draw)
    keys = ranking_keys(scheme, fresh, draw)
    results = published_results(evaluation)
    for g in results:
        panels = {leaf.id: leaf.panel for leaf in scheme.leaves("panel", g["group"])}
        for r in g["results"]:
            # An entrant missing from the draw ranks last on it: -inf, written as null.
            r["ranking_keys"] = [k if math.isfinite(k) else None for k in keys[r["entrant"]]]
            _name_panels(r["items"], panels)
    record = {
        "format": FORMAT,
        "contest": contest,
        "release": dict(release),
        "snapshot": dict(snapshot),
        "scheme": record_scheme(scheme_content, scheme_filename),
        "decimals": scheme.decimals,
        "tie_break": list(scheme.tie_break),
        "panels": _panels(scheme),
        "entrants": list(inputs["entrants"]),
        "observations": observations,
        "results": results,
    }
    if draw:
        record["draw"] = dict(draw)
    if late:
        record["late_adjustment"] = list(late)
    return record


def canonical_bytes(record: Mapping[str, Any]) -> bytes:
    """The record as published: sorted keys, no spaces, UTF-8; its SHA-256 is the record's."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


_REQUIRED = ("scheme", "entrants", "observations", "results")


def load_record(data: bytes) -> dict[str, Any]:
    """A verification record from a file's bytes, or :class:`RecordError` saying why not."""
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise RecordError("文件不是有效的 JSON", f"the file is not valid JSON ({exc})") from None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        got = record.get("format") if isinstance(record, dict) else None
        raise RecordError(f"不是核验数据(format 应为 {FORMAT})",
                          f"not a verification record (format must be {FORMAT}, got {got!r})")
    missing = [k for k in _REQUIRED if k not in record]
    if missing:
        raise RecordError(f"核验数据缺少字段:{', '.join(missing)}",
                          f"the record lacks {', '.join(missing)}")
    return record
