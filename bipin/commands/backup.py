"""`bipin backup [--out FILE]`: the database, uploaded files and configuration in one zip."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="FILE",
                        help="备份文件或文件夹(默认当前文件夹下 bipin-backup-<日期>-<时间>.zip) / "
                             "the file, or a folder for the default name bipin-backup-<date>-<time>.zip")


def output_path(out: str | None) -> Path:
    from bipin.backup.dump import default_name

    if out is None:
        return Path.cwd() / default_name()
    path = Path(out)
    return path / default_name() if path.is_dir() else path


def run(args: argparse.Namespace) -> int:
    from bipin.commands.serve import setup_django
    from bipin.env import ConfigError

    try:
        setup_django()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    from django.db import DatabaseError

    from bipin.backup.dump import write_backup

    path = output_path(args.out)
    if path.exists():
        print(f"文件已存在,未覆盖:{path} / the file already exists, not overwritten: {path}",
              file=sys.stderr)
        return 2
    if not path.parent.is_dir():
        print(f"没有这个文件夹:{path.parent} / no such folder: {path.parent}", file=sys.stderr)
        return 2
    try:
        summary = write_backup(path)
    except (OSError, DatabaseError) as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        print(f"备份失败,未写入文件:{reason} / the backup failed, no file written: {reason}",
              file=sys.stderr)
        return 1
    rows = sum(summary.counts.values())
    size = summary.size / 1024 / 1024
    print(f"已写入备份 / backup written: {summary.path}")
    print(f"  {rows} 行数据、{summary.media_files} 个上传文件,共 {size:.1f} MB / "
          f"{rows} rows, {summary.media_files} uploaded files, {size:.1f} MB")
    print("请另存一份到第二个介质(U 盘或另一台电脑) / keep a copy on a second medium (a USB stick, another computer)")
    return 0
