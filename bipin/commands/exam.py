"""`bipin exam check FILE`: check a question bank file without a server.

Only :mod:`bipin.io.question_bank` is used, never Django, so an official can
check a bank on a laptop before uploading it.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="exam_command", metavar="ACTION", required=True)
    check = sub.add_parser(
        "check",
        help="检查题库文件 / validate a question bank file",
        description="检查题库文件 / validate a question bank file (.xlsx, .xls, .ods or .csv)",
    )
    check.add_argument("file", help="题库文件 / bank file (.xlsx, .xls, .ods, .csv)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bipin.io import ImportFailed
    from bipin.io.question_bank import read_bank, summarise

    try:
        questions = read_bank(Path(args.file))
    except ImportFailed as exc:
        print(f"题库有 {len(exc.problems)} 处错误 / {len(exc.problems)} problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"- {problem.zh}\n  {problem.en}", file=sys.stderr)
        return 2
    for line in summarise(questions).lines():
        print(line)
    return 0
