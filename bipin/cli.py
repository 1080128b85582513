"""The ``bipin`` command line.

Each subcommand lives in its own module that exposes ``add_arguments(parser)``
and ``run(args) -> int``; this file only lists them, so adding a command is one
line here and the command's code stays next to the capability it belongs to.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# name -> (module, one-line help). A command module imports its heavy
# dependencies (Django, numpy) inside run(), so `bipin --help` stays fast and
# `bipin compute` never loads Django.
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("bipin.commands.serve", "启动 Bipin 网站 / start the web server"),
    "worker": ("bipin.commands.worker", "运行后台任务 / run background jobs"),
    "demo": ("bipin.commands.demo", "准备示例数据并启动 / load demo data and serve"),
    "audit": ("bipin.commands.audit", "校验审计日志 / verify the audit log"),
    "compute": ("bipin.commands.compute", "按方案从文件计分 / score a contest from files"),
    "propose-rules": ("bipin.commands.propose_rules",
                      "按评价标准建议计分规则 / propose rules from a 考核细则's 评价标准"),
    "draw": ("bipin.judging.draw_command", "抽签记录验证 / verify a lot drawing"),
    "exam": ("bipin.commands.exam", "政策测试题库检查 / check a question bank file"),
    "verify-snapshot": ("bipin.commands.verify_snapshot",
                        "重算公示的核验数据 / recompute a published result record"),
    "backup": ("bipin.commands.backup", "备份数据与上传文件 / back up the data and uploaded files"),
    "restore": ("bipin.commands.restore", "从备份恢复 / restore from a backup"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bipin",
        description="Bipin (比拼) — 评审与综合考评系统 / judging and composite assessment",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        module = importlib.import_module(module_name)
        module.add_arguments(command_parser)
        command_parser.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args._module.run(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
