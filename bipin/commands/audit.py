"""`bipin audit verify|baseline`: the hash chains, and the data against them."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["verify", "baseline"],
                        help="verify: 校验哈希链与数据 / check the chains and the data against them; "
                             "baseline: 为升级前的数据补记摘要 / record digests of rows older than them")
    parser.add_argument("--contest", metavar="SLUG", help="只看这一个活动 / this contest only")
    parser.add_argument("--reason", default="", help="baseline 的原因(必填) / why (required for baseline)")


def run(args: argparse.Namespace) -> int:
    from bipin.commands.serve import setup_django

    setup_django()
    from bipin.audit import verification
    from bipin.audit.chain import chain_key
    from bipin.contests.models import Contest

    contests = Contest.objects.order_by("pk")
    if args.contest:
        contests = contests.filter(slug=args.contest)
        if not contests:
            print(f"没有这个活动:{args.contest} / no such contest: {args.contest}")
            return 2
    if args.action == "baseline":
        if not args.reason.strip():
            print("baseline 须用 --reason 说明原因 / baseline needs --reason")
            return 2
        for contest in contests:
            n = verification.baseline(contest, args.reason.strip())
            print(f"{contest.slug}: 补记 {n} 行 / {n} rows recorded")
        return 0
    keys = [chain_key(c) for c in contests] if args.contest else verification.keys()
    results = [verification.verify(key) for key in keys]
    for result in results:
        print(result)
    if not results:
        print("审计日志为空 / the audit log is empty")
    return 0 if all(r.ok for r in results) else 1
