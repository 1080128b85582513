"""`bipin demo`: set up the fictional demo contests and serve them."""

from __future__ import annotations

import argparse
import os
import sys

from bipin.commands import serve as serve_command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    serve_command.add_arguments(parser)
    parser.add_argument("--load-only", action="store_true",
                        help="只准备示例数据,不启动网站 / load the demo data and exit")


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("BIPIN_MODE", "demo")
    from bipin.env import ConfigError

    try:
        serve_command.listen_options(args)
        serve_command.setup_django()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    # Said before the demo is loaded, not after the minute that takes.
    if not args.load_only and serve_command.port_is_taken(args.host, args.port):
        return 2
    serve_command.prepare_database()
    from bipin.contests import demo

    result = demo.load()
    for name in result.created:
        print(f"已创建示例活动 / created demo contest: {name}")
    for name in result.existing:
        print(f"示例活动已存在,保持不变 / demo contest already there: {name}")
    print(f"\n示例账号(密码均为 {demo.PASSWORD}) / demo accounts (password {demo.PASSWORD}):")
    for username, duties in demo.accounts():
        print(f"  {username:<18} {duties}")
    print("所有数据均为虚构的示例数据 / all data is fictional demo data.")
    if args.load_only:
        return 0
    print(f"\n打开 / open http://{args.host}:{args.port}/", flush=True)
    return serve_command.serve(args.host, args.port, args.threads, args.workers, args.job_worker)
