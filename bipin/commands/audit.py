"""`bipin audit verify`: recompute every hash chain of the audit log."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["verify"], help="verify: 校验哈希链 / check the hash chains")


def run(args: argparse.Namespace) -> int:
    from bipin.commands.serve import setup_django

    setup_django()
    from bipin.audit.chain import verify_all

    results = verify_all()
    for result in results:
        print(result)
    if not results:
        print("审计日志为空 / the audit log is empty")
    return 0 if all(r.ok for r in results) else 1
