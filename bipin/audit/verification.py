"""`bipin audit verify`: the chains are intact, and the data is what they say.

For each contest the chain is recomputed record by record (bipin.audit.chain);
the row digests its records carry say what every tracked row
(bipin.audit.tracked) should be now. Each row in the database is then digested
again and compared. A row is named when it

- was **changed** outside Bipin: its digest differs from the last recorded one;
- was **deleted** outside Bipin: the log's last word on it is a digest, but the
  row is gone (or now belongs to another contest);
- has **no record**: no record wrote it, so it was inserted outside Bipin (or
  before row digests existed; ``bipin audit baseline`` records such rows once,
  visibly, see docs/audit.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bipin.audit import digests
from bipin.audit.chain import SITE_CHAIN, walk
from bipin.audit.models import Chain
from bipin.audit.tracked import contest_ids, rows_of, tracked

SHOWN = 20  # problems printed in full; the rest are counted


@dataclass(frozen=True)
class Problem:
    table: str
    pk: str
    kind: str  # "changed", "deleted" or "unrecorded"
    seq: int | None = None  # the record that last wrote the row

    def __str__(self) -> str:
        row = f"{self.table} #{self.pk}"
        if self.kind == "changed":
            return (f"{row}: 数据与第 {self.seq} 条审计记录不符,在系统之外被改动 / "
                    f"changed outside Bipin: does not match audit record {self.seq}")
        if self.kind == "deleted":
            return (f"{row}: 第 {self.seq} 条审计记录写入的数据已不存在,在系统之外被删除 / "
                    f"deleted outside Bipin: written by audit record {self.seq}, now missing")
        return (f"{row}: 没有任何审计记录写入这一行,在系统之外被添加 / "
                f"no audit record wrote this row: added outside Bipin")


@dataclass(frozen=True)
class Verification:
    key: str
    count: int
    ok: bool
    first_bad_seq: int | None = None
    problems: tuple[Problem, ...] = field(default=())
    rows: int = 0

    def __str__(self) -> str:
        if self.first_bad_seq is not None:
            return (f"{self.key}: 第 {self.first_bad_seq} 条记录与哈希链不符 / "
                    f"record {self.first_bad_seq} does not match the chain")
        if self.ok and _contest_id(self.key) is None:  # the site's chain answers for no rows
            return f"{self.key}: {self.count} 条记录,哈希链完整 / {self.count} records, chain intact"
        if self.ok:
            return (f"{self.key}: {self.count} 条记录,哈希链完整;{self.rows} 行数据与记录一致 / "
                    f"{self.count} records, chain intact; {self.rows} rows match their records")
        lines = [f"{self.key}: {len(self.problems)} 行数据与审计记录不符 / "
                 f"{len(self.problems)} rows do not match the audit log"]
        lines += [f"  {p}" for p in self.problems[:SHOWN]]
        if len(self.problems) > SHOWN:
            rest = len(self.problems) - SHOWN
            lines.append(f"  …… 另有 {rest} 行 / … and {rest} more rows")
        return "\n".join(lines)


def _contest_id(key: str) -> int | None:
    return int(key.removeprefix("contest:")) if key.startswith("contest:") else None


def _compare(contest_id: int, expected: dict) -> tuple[list[Problem], int]:
    problems: list[Problem] = []
    checked = 0
    for model, path in tracked().items():
        table = digests.label(model)
        said = expected.get(table, {})
        now = digests.current(model, rows_of(model, path, contest_id))
        checked += len(now)
        for pk, digest in now.items():
            last, seq = said.get(pk, (None, None))
            if seq is None:
                problems.append(Problem(table, pk, "unrecorded"))
            elif last != digest:
                problems.append(Problem(table, pk, "changed", seq))
        problems += [Problem(table, pk, "deleted", seq) for pk, (last, seq) in said.items()
                     if last is not None and pk not in now]
    return sorted(problems, key=lambda p: (p.table, int(p.pk) if p.pk.isdigit() else 0, p.pk)), checked


def verify(key: str) -> Verification:
    count, bad_seq, expected = walk(key)
    if bad_seq is not None:
        return Verification(key, count, False, bad_seq)
    contest_id = _contest_id(key)
    if contest_id is None:
        return Verification(key, count, True)
    problems, checked = _compare(contest_id, expected)
    return Verification(key, count, not problems, problems=tuple(problems), rows=checked)


def keys() -> list[str]:
    """Every chain, and every contest with tracked rows but no chain at all."""
    found = set(Chain.objects.values_list("key", flat=True))
    found.update(f"contest:{pk}" for pk in contest_ids())
    return sorted(found, key=lambda k: (k != SITE_CHAIN, _contest_id(k) or 0, k))


def verify_all() -> list[Verification]:
    return [verify(key) for key in keys()]


def baseline(contest, reason: str, actor=None) -> int:
    """Record the rows of ``contest`` that no record wrote, once, in the open.

    For data older than row digests (an upgraded installation). Only rows with
    no record at all are taken: a row changed or deleted against its record
    stays a problem, so a baseline cannot launder a tampered mark. The record
    lists every row it took, with the reason given.
    """
    from bipin.audit.chain import record

    problems, _ = _compare(contest.pk, walk(f"contest:{contest.pk}")[2])
    missing: dict[str, list[str]] = {}
    for p in problems:
        if p.kind == "unrecorded":
            missing.setdefault(p.table, []).append(p.pk)
    models = {digests.label(m): m for m in tracked()}
    saved = [obj for table, pks in missing.items() for obj in models[table]._default_manager.filter(pk__in=pks)]
    if saved:
        record("audit.baseline", contest=contest, actor=actor, target=contest.slug, reason=reason,
               data={table: len(pks) for table, pks in missing.items()}, saved=saved)
    return len(saved)
