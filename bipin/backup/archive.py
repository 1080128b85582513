"""The backup file: one zip whose manifest names every member with its SHA-256.

No Django here: the file is written member by member as a stream (the
database dump never sits in memory whole), and read back only after every
member has been checked against the manifest, so a truncated or edited file
is refused before anything is written anywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

__all__ = [
    "CONFIG", "DATABASE", "FORMAT", "MANIFEST", "MEDIA",
    "Backup", "BackupError", "Writer", "open_checked",
]

# Raised when a change to the file layout means an older Bipin could not read it.
FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
CONFIG = "config.json"
MEDIA = "media/"
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup file, or a restore target, that is refused: one line, Chinese / English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")


class _HashingStream:
    """What a member is written through: counts and hashes the bytes on their way.

    Django's serializers write each JSON token on its own (a dozen per row);
    text is gathered into blocks first, or the zip's per-write work is most
    of a backup's time.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.sha, self.size = raw, hashlib.sha256(), 0
        self._text: list[str] = []
        self._text_size = 0

    def write(self, data: str | bytes) -> int:
        if isinstance(data, str):
            self._text.append(data)
            self._text_size += len(data)
            if self._text_size >= _CHUNK:
                self.flush()
            return len(data)
        self.flush()
        self._put(data)
        return len(data)

    def flush(self) -> None:
        if self._text:
            block = "".join(self._text).encode("utf-8")
            self._text.clear()
            self._text_size = 0
            self._put(block)

    def _put(self, data: bytes) -> None:
        self.sha.update(data)
        self.size += len(data)
        self.raw.write(data)


class Writer:
    """Writes ``path`` under a temporary name; only :meth:`finish` gives it its own.

    A backup that fails half-way (disk full, a database error) leaves no file
    that looks like a backup.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.zip = zipfile.ZipFile(self.partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self.members: dict[str, dict[str, Any]] = {}

    @contextmanager
    def member(self, name: str) -> Iterator[_HashingStream]:
        with self.zip.open(name, "w", force_zip64=True) as raw:
            stream = _HashingStream(raw)
            yield stream
            stream.flush()
        self.members[name] = {"sha256": stream.sha.hexdigest(), "size": stream.size}

    def add_file(self, name: str, source: Path) -> None:
        with self.member(name) as out, open(source, "rb") as src:
            while chunk := src.read(_CHUNK):
                out.write(chunk)

    def finish(self, manifest: dict[str, Any]) -> Path:
        manifest = {**manifest, "format": FORMAT, "members": self.members}
        self.zip.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        self.zip.close()
        os.replace(self.partial, self.path)
        return self.path

    def abandon(self) -> None:
        self.zip.close()
        self.partial.unlink(missing_ok=True)


class Backup:
    """A backup file whose manifest and members have all been checked."""

    def __init__(self, path: Path, zf: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
        self.path, self.zip, self.manifest = path, zf, manifest

    def open(self, name: str) -> IO[bytes]:
        return self.zip.open(name)

    def media(self) -> list[str]:
        """Paths under MEDIA_ROOT, as stored (``evidence/1/ab/ab….pdf``)."""
        return sorted(name[len(MEDIA):] for name in self.manifest["members"] if name.startswith(MEDIA))

    def close(self) -> None:
        self.zip.close()


def _refuse_manifest(why_zh: str, why_en: str) -> BackupError:
    return BackupError(f"备份文件的清单无效:{why_zh}", f"the backup's manifest is not valid: {why_en}")


def _safe_member(name: str) -> bool:
    """Whether a member's name stays inside the folder it is restored to."""
    return (
        "\\" not in name
        and not name.startswith("/")
        and posixpath.normpath(name) == name
        and ".." not in name.split("/")
    )


def _read_manifest(zf: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except KeyError:
        raise BackupError(f"文件中没有清单 {MANIFEST},不是 Bipin 备份",
                          f"no {MANIFEST} in the file: not a Bipin backup") from None
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, OSError):
        raise _refuse_manifest("无法读取(已损坏)", "cannot be read (damaged)") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("format"), int):
        raise _refuse_manifest("缺少格式版本", "no format version")
    if manifest["format"] > FORMAT:
        raise BackupError(
            f"备份文件格式为第 {manifest['format']} 版,本程序只认识到第 {FORMAT} 版,请先升级 Bipin",
            f"the backup is in format {manifest['format']}, this Bipin reads up to {FORMAT}: "
            "upgrade Bipin first")
    members = manifest.get("members")
    if not isinstance(members, dict) or DATABASE not in members:
        raise _refuse_manifest("没有列出数据库", "it lists no database")
    for name, entry in members.items():
        if not (isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
                and isinstance(entry.get("size"), int) and _safe_member(name)):
            raise _refuse_manifest(f"成员 {name} 的记录无效", f"the entry for member {name} is not valid")
    for key in ("migrations", "counts"):
        if not isinstance(manifest.get(key), dict):
            raise _refuse_manifest(f"缺少 {key}", f"{key} is missing")
    return manifest


def _check_member(zf: zipfile.ZipFile, name: str, entry: dict[str, Any]) -> None:
    sha, size = hashlib.sha256(), 0
    try:
        with zf.open(name) as member:
            while chunk := member.read(_CHUNK):
                sha.update(chunk)
                size += len(chunk)
    except KeyError:
        raise BackupError(f"备份文件不完整:缺少 {name}", f"the backup is incomplete: {name} is missing") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        # zlib and CRC errors: the bytes on disk are not what was written.
        raise BackupError(f"备份文件已损坏:{name} 无法读出", f"the backup is damaged: {name} cannot be read") from None
    if size != entry["size"] or sha.hexdigest() != entry["sha256"]:
        raise BackupError(f"备份文件被改动过:{name} 与清单中的 SHA-256 不符",
                          f"the backup has been altered: {name} does not match its SHA-256 in the manifest")


def open_checked(path: Path) -> Backup:
    """Open a backup and check the manifest and every member's SHA-256 (raises :class:`BackupError`)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到文件:{path}", f"no such file: {path}")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise BackupError(f"{path.name} 不是完整的 zip 文件(不是备份,或已被截断)",
                          f"{path.name} is not a whole zip file (not a backup, or truncated)") from None
    try:
        manifest = _read_manifest(zf)
        listed = set(manifest["members"])
        for name in zf.namelist():
            if name != MANIFEST and name not in listed:
                raise BackupError(f"备份文件被改动过:多出未列入清单的 {name}",
                                  f"the backup has been altered: {name} is not in the manifest")
        for name, entry in manifest["members"].items():
            _check_member(zf, name, entry)
    except BaseException:
        zf.close()
        raise
    return Backup(path, zf, manifest)
