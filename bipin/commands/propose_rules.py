"""`bipin propose-rules 细则.xlsx`: the rules proposed from a 考核细则's 评价标准.

Prints, for every row whose 计分规则 is blank, the 评价标准 and the proposed
rule, or why it needs a person. Nothing is written: paste the rules into the
sheet, or upload it on the scheme page to accept them there. Only
:mod:`bipin.io` is used, never Django. Exit status: 0 when every row was read,
1 when some need a person, 2 for a file that cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="考核指标表 / indicator sheet (.xlsx)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="输出格式 / output format (default: text)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bipin.io import ImportFailed
    from bipin.io.formats import read_file
    from bipin.io.scheme_proposals import sheet_proposals

    path = Path(args.file)
    try:
        found = sheet_proposals(read_file(path), path.name, strict=True)
    except ImportFailed as exc:
        for problem in exc.problems:
            print(f"{problem.zh}\n  {problem.en}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps([{"row": f.row, "place": list(f.place), "standard": f.standard,
                           "points": f.points, "rule": f.proposal.rule,
                           "why_zh": f.proposal.why_zh, "why_en": f.proposal.why_en}
                          for f in found], ensure_ascii=False, indent=2))
    else:
        for f in found:
            points = "" if f.points is None else f"({f.points:g}分)"
            print(f"第{f.row}行 {' › '.join(f.place)}{points}\n  评价标准:{f.standard}")
            if f.proposal.flagged:
                print(f"  未能读懂 / not read:{f.proposal.why_zh} / {f.proposal.why_en}")
            else:
                print(f"  建议 / proposed:{f.proposal.rule}")
        unread = sum(f.proposal.flagged for f in found)
        print(f"计分规则为空 {len(found)} 行,读出 {len(found) - unread} 行,需人工 {unread} 行 / "
              f"{len(found)} blank rules, {len(found) - unread} read, {unread} need a person")
    return 1 if any(f.proposal.flagged for f in found) else 0
