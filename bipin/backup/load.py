"""`bipin restore`: bring a database and its uploaded files to a backup's state.

Everything that can be checked is checked before anything is written: the
file and every member's SHA-256 (bipin.backup.archive), that this Bipin has
exactly the backup's migrations, and that the target holds no contests or
users unless the operator said ``--force``. The rows then go in within one
transaction, with the ids they had; the files are unpacked beside the media
folder first and moved into place only once that transaction has committed.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader

from bipin.backup import archive
from bipin.backup.archive import Backup, BackupError
from bipin.backup.dump import RECREATED, dump_models

__all__ = ["Restored", "check_schema", "existing_data", "restore"]


@dataclass
class Restored:
    counts: dict[str, int]
    media_files: int
    replaced: dict[str, int]


def _known_migrations() -> set[tuple[str, str]]:
    """What a complete `migrate` of this Bipin records as applied."""
    known: set[tuple[str, str]] = set()
    for key, migration in MigrationLoader(None, ignore_no_migrations=True).disk_migrations.items():
        known.update(migration.replaces or [key])
    return known


def check_schema(backup: Backup) -> None:
    """Refuse a backup whose database schema is not this Bipin's."""
    theirs = {(app, name) for app, names in backup.manifest["migrations"].items() for name in names}
    known = _known_migrations()
    version = backup.manifest.get("bipin_version", "?")
    # (migrations one side lacks, Chinese, English) with {v}: version, {m}: the first of them
    mismatches = (
        (theirs - known, "备份由更新版本的 Bipin({v})制作,本程序没有迁移 {m}:请先升级 Bipin 再恢复",
         "the backup was made by a newer Bipin ({v}): migration {m} is unknown here; "
         "upgrade Bipin, then restore"),
        (known - theirs, "备份由较旧版本的 Bipin({v})制作,没有迁移 {m}:请用该版本恢复,再升级",
         "the backup was made by an older Bipin ({v}) without migration {m}: "
         "restore it with that version, then upgrade"),
    )
    for lacking, zh, en in mismatches:
        if lacking:
            first = ".".join(min(lacking))
            raise BackupError(zh.format(v=version, m=first), en.format(v=version, m=first))


def existing_data() -> dict[str, int]:
    """Contests and user accounts the target already holds (an empty dict: none)."""
    from bipin.contests.models import Contest

    if connection.vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).exists():
        return {}  # connecting would create the file: a refused restore writes nothing
    tables = set(connection.introspection.table_names())
    found = {}
    for label, model in (("contests", Contest), ("users", get_user_model())):
        if model._meta.db_table in tables:
            count = model._base_manager.count()
            if count:
                found[label] = count
    return found


def _in_words(found: dict[str, int]) -> tuple[str, str]:
    zh = {"contests": "个活动", "users": "个用户"}
    return ("、".join(f"{n} {zh[k]}" for k, n in found.items()),
            ", ".join(f"{n} {k}" for k, n in found.items()))


def refuse_to_overwrite(found: dict[str, int]) -> BackupError:
    zh, en = _in_words(found)
    return BackupError(f"目标数据库已有数据({zh}),未恢复;确认要替换请加 --force",
                       f"the target database already holds data ({en}); nothing restored; "
                       "add --force to replace it")


def replacing(found: dict[str, int]) -> str:
    zh, en = _in_words(found)
    return (f"将替换目标数据库中的全部数据({zh})及同名的上传文件 / "
            f"replacing all data in the target database ({en}) and uploaded files of the same name")


def _stage_media(backup: Backup, root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    # Beside the files they replace (the same file system: moving is renaming),
    # in a folder whose dot keeps it out of the next backup.
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=root))
    for name in backup.media():
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with backup.open(archive.MEDIA + name) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    return staging


def _flush() -> None:
    """Delete every row a backup holds (and the sessions): the target becomes the backup."""
    tables = [model._meta.db_table for model in apps.get_models(include_auto_created=True)
              if model._meta.label_lower not in RECREATED and model._meta.managed
              and not model._meta.proxy]
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), tables, reset_sequences=False):
            cursor.execute(sql)


def _load_rows(backup: Backup) -> dict[str, int]:
    counts = {model._meta.label_lower: 0 for model in dump_models()}
    with backup.open(archive.DATABASE) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8")
        for obj in serializers.deserialize("jsonl", text):
            # force_insert: one INSERT a row, not an UPDATE tried first.
            obj.save(force_insert=True)
            label = obj.object._meta.label_lower
            counts[label] = counts.get(label, 0) + 1
    expected = backup.manifest["counts"]
    for label in sorted(set(counts) | set(expected)):
        if counts.get(label, 0) != expected.get(label, 0):
            raise BackupError(
                f"{label} 载入 {counts.get(label, 0)} 行,清单为 {expected.get(label, 0)} 行,未恢复",
                f"{label}: {counts.get(label, 0)} rows loaded, the manifest says "
                f"{expected.get(label, 0)}; nothing restored")
    # PostgreSQL's sequences do not follow ids given explicitly; the next
    # row would otherwise take id 1 and collide. SQLite's follow by themselves.
    models = apps.get_models(include_auto_created=True)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    connection.check_constraints()
    return counts


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


def restore(backup: Backup, *, force: bool = False, migrate=None, say=None) -> Restored:
    """Restore ``backup`` (already checked) into the configured database and MEDIA_ROOT.

    ``migrate`` brings the target's schema up to date; it runs after every
    check that needs no schema and before anything else is written. ``say``
    is told, before it happens, what data is about to be replaced.
    """
    check_schema(backup)
    found = existing_data()
    if found and not force:
        raise refuse_to_overwrite(found)
    if found and say is not None:
        say(replacing(found))
    root = Path(settings.MEDIA_ROOT)
    staging = _stage_media(backup, root)
    try:
        if migrate is not None:
            migrate()
        try:
            with transaction.atomic():
                # With --force, whatever the target holds goes (sessions and
                # stray rows too, not only what `found` counted); without it,
                # a stray row that collides fails the load and nothing is written.
                if force:
                    _flush()
                counts = _load_rows(backup)
        except (DeserializationError, IntegrityError, DatabaseError,
                ValueError, LookupError) as exc:
            raise BackupError(f"数据无法载入,未恢复:{_first_line(exc)}",
                              f"the data could not be loaded; nothing restored: {_first_line(exc)}") from None
        for name in backup.media():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            (staging / name).replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Restored(counts, len(backup.media()), found)


def configuration_changes(backup: Backup, now: dict[str, str]) -> list[str]:
    """The settings that differ between the backup and this environment, by name."""
    if archive.CONFIG not in backup.manifest["members"]:
        return []
    with backup.open(archive.CONFIG) as raw:
        then = json.load(raw)
    return sorted(name for name in set(then) | set(now) if then.get(name) != now.get(name))
