"""`bipin draw verify FILE.json`: recompute a published draw and compare.

Needs no server and no database: the record downloaded from a contest's public
draw page is enough. Exit status 0 when it matches, 1 when it does not.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="draw_command", metavar="ACTION", required=True)
    verify = sub.add_parser("verify", help="验证抽签记录 / verify a published draw record")
    verify.add_argument("file", type=Path, help="抽签记录 JSON / the draw record (JSON)")


def run(args: argparse.Namespace) -> int:
    from bipin.scoring.draw import verify_record

    try:
        record = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"无法读取 / cannot read {args.file}: {exc}")
        return 1
    if not isinstance(record, dict):
        print("记录格式错误 / the record must be a JSON object")
        return 1
    check = verify_record(record)
    if check.ok:
        print(f"抽签记录验证通过 / draw verified: {len(check.order)} 个参评对象顺序一致 / order matches")
        for i, entrant in enumerate(check.order, start=1):
            print(f"  {i:>3}. {entrant}")
        return 0
    print("抽签记录验证失败 / draw does NOT verify:")
    for problem in check.problems:
        print(f"  - {problem}")
    return 1
