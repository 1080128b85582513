"""`bipin verify-snapshot FILE`: recompute a published result from its 核验数据.

The record is the JSON a results notice (公示) offers; only :mod:`bipin.io`
and :mod:`bipin.scoring` are used, never Django, so anyone can recheck a
release on a laptop. Exit 0 when every figure agrees, 1 when any differs,
2 when the file cannot be read as a record.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="核验数据 JSON / the verification record (JSON)")
    parser.add_argument("--sha256", metavar="HEX",
                        help="公示页上的 SHA-256,核对文件未被改动 / the SHA-256 the notice shows")


def run(args: argparse.Namespace) -> int:
    import hashlib

    from bipin.io.snapshot_check import check_record
    from bipin.io.snapshot_record import RecordError, canonical_bytes, load_record

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"无法读取 / cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        record = load_record(data)
        check = check_record(record)
    except RecordError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 2
    digest = hashlib.sha256(data).hexdigest()
    snapshot = record.get("snapshot") or {}
    print(f"{record.get('contest', '')} · {snapshot.get('label', '')}")
    print(f"SHA-256 {digest}")
    problems = 0
    if args.sha256 and args.sha256.strip().lower() != digest:
        print(f"文件的 SHA-256 与公示的不同 / the file's SHA-256 differs from the published "
              f"{args.sha256.strip().lower()}")
        problems += 1
    if canonical_bytes(record) != data:
        # Only the canonical bytes hash to what the notice publishes; a file a
        # reader pretty-printed still has figures worth checking.
        print("注意:文件不是规范格式(被重新排版或改动过),其 SHA-256 与公示的不可比 / note: the "
              "file is not in canonical form (reformatted or edited); its SHA-256 is not comparable")
    if check.ok and not problems:
        print(f"一致 / consistent: {check.entrants} 个参评对象、{check.figures} 项数值全部重算一致 / "
              f"{check.entrants} entrants, {check.figures} figures recomputed and equal")
        return 0
    if check.differences:
        print(f"不一致 / NOT consistent: {len(check.differences)} 处不同 / differences "
              f"({check.entrants} 个参评对象 / entrants, {check.figures} 项 / figures):")
        for d in check.differences:
            print(f"  - {d}")
    return 1
