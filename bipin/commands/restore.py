"""`bipin restore FILE [--force]`: bring this installation to a backup's state."""

from __future__ import annotations

import argparse
import os
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="bipin backup 写出的文件 / a file written by bipin backup")
    parser.add_argument("--force", action="store_true",
                        help="替换目标数据库中已有的数据 / replace the data the target database holds")


def run(args: argparse.Namespace) -> int:
    from bipin.backup.archive import BackupError, open_checked

    # The file first, before Django or the database: a bad file changes nothing.
    try:
        backup = open_checked(args.file)
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        return _restore(backup, args.force)
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 2
    finally:
        backup.close()


def _restore(backup, force: bool) -> int:
    from bipin.commands.serve import prepare_database, setup_django
    from bipin.env import ConfigError

    try:
        setup_django()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    from django.db import DatabaseError

    from bipin.backup import load
    from bipin.backup.config import configuration

    manifest = backup.manifest
    print(f"备份 / backup: {backup.path.name}, {manifest.get('created_at', '?')}, "
          f"Bipin {manifest.get('bipin_version', '?')}, {manifest.get('database', '?')}")
    try:
        restored = load.restore(backup, force=force, migrate=prepare_database, say=print)
    except DatabaseError as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        print(f"目标数据库出错,未恢复:{reason} / the target database failed, nothing restored: {reason}",
              file=sys.stderr)
        return 1
    except OSError as exc:  # the media folder: not writable, disk full
        print(f"无法写入上传文件:{exc} / cannot write the uploaded files: {exc}", file=sys.stderr)
        return 1
    by_app: dict[str, int] = {}
    for label, count in restored.counts.items():
        by_app[label.split(".")[0]] = by_app.get(label.split(".")[0], 0) + count
    total = sum(by_app.values())
    print(f"已恢复 {total} 行数据、{restored.media_files} 个上传文件 / "
          f"restored {total} rows and {restored.media_files} uploaded files:")
    for app, count in sorted(by_app.items()):
        print(f"  {app:<14} {count:>8}")
    changed = load.configuration_changes(backup, configuration(os.environ))
    if changed:
        print("以下设置与备份时不同(备份中的 config.json 有原值) / these settings differ from the "
              f"backup's (its config.json has them): {', '.join(changed)}")
    print("请运行 bipin audit verify 核对审计日志 / run bipin audit verify to check the audit log")
    return 0
