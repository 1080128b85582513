"""Keeping an evidence file: checked, cleaned, stored once, recorded.

:func:`store` is what every year-round app calls with a file a person
uploaded. It refuses (:class:`EvidenceRefused`, in both languages, naming the
file) what is too large, of a kind not accepted, not what its extension says,
or an image that cannot be opened or would take too much memory to. A photo
is re-encoded without its metadata (:mod:`bipin.evidence.images`); a document
is kept byte for byte. The row and its audit record are written in the
caller's transaction, so a finding and its photos are saved together or not
at all.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from bipin.audit.chain import record
from bipin.evidence import documents, images
from bipin.evidence.models import EvidenceFile, EvidenceKind
from bipin.evidence.refusals import EvidenceRefused

__all__ = ["EvidenceRefused", "clean_name", "max_bytes", "store", "store_many"]

NAME_LENGTH = EvidenceFile._meta.get_field("name").max_length
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def max_bytes() -> int:
    """The largest evidence file in bytes (BIPIN_EVIDENCE_MAX_MB)."""
    return settings.BIPIN_EVIDENCE_MAX_BYTES


def clean_name(name: str) -> str:
    """The file's own name, without a path or characters no file system takes.

    >>> clean_name("C:\\\\相册\\\\管网 老化.JPG"), clean_name("../../etc/passwd"), clean_name(" ")
    ('管网 老化.JPG', 'passwd', 'file')
    """
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = " ".join(_UNSAFE.sub("", name).split()).strip(". ")
    if not name:
        return "file"
    if len(name) > NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        keep = ext[:10] if dot else ""
        name = (stem if dot else name)[: NAME_LENGTH - len(keep) - 1].rstrip() + (
            f".{keep}" if keep else ""
        )
    return name


@dataclass(frozen=True)
class _Prepared:
    """A file checked and ready to write: the bytes to keep and what the row says."""

    name: str
    kind: str
    content_type: str
    data: bytes
    ext: str
    sha256: str
    thumbnail: bytes = b""
    width: int | None = None
    height: int | None = None
    location_kept: bool = False


def _read(upload: UploadedFile, name: str) -> bytes:
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise _too_large(name, upload.size, limit)
    upload.seek(0)
    data = b"".join(upload.chunks())
    if len(data) > limit:
        raise _too_large(name, len(data), limit)
    if not data:
        raise EvidenceRefused(
            name, f"“{name}”是空文件;请重新选择文件", f"'{name}' is empty; choose the file again"
        )
    return data


def _too_large(name: str, size: int, limit: int) -> EvidenceRefused:
    return EvidenceRefused(
        name,
        f"“{name}”有 {size / 2**20:.1f} MB,超过佐证材料上限 {limit / 2**20:g} MB"
        "(BIPIN_EVIDENCE_MAX_MB);请压缩或拆分后再上传",
        f"'{name}' is {size / 2**20:.1f} MB, above the limit of {limit / 2**20:g} MB for "
        "evidence (BIPIN_EVIDENCE_MAX_MB); compress or split it and upload again",
    )


def prepare(upload: UploadedFile, *, keep_location: bool = False) -> _Prepared:
    """Check one upload and make the bytes to keep; writes nothing."""
    name = clean_name(upload.name or "")
    kind = documents.kind_of(name)
    data = _read(upload, name)
    if kind.photo_format:
        photo = images.reencode(data, name, kind.photo_format, keep_location=keep_location)
        if photo.ext != kind.ext:
            name = f"{name.rsplit('.', 1)[0]}.{photo.ext}"  # a WebP photo is kept as JPEG
        return _Prepared(
            name,
            EvidenceKind.PHOTO,
            photo.content_type,
            photo.data,
            photo.ext,
            hashlib.sha256(photo.data).hexdigest(),
            photo.thumbnail,
            photo.width,
            photo.height,
            photo.location_kept,
        )
    documents.check_document(data, name, kind)
    return _Prepared(
        name,
        EvidenceKind.DOCUMENT,
        kind.content_type,
        data,
        kind.ext,
        hashlib.sha256(data).hexdigest(),
    )


def _path(contest, sha: str, ext: str) -> str:
    return f"evidence/{contest.pk}/{sha[:2]}/{sha}.{ext}"


def _write(path: str, data: bytes, created: list[str]) -> str:
    # Content-addressed: a file already there holds these very bytes.
    if default_storage.exists(path):
        return path
    saved = default_storage.save(path, ContentFile(data))
    created.append(saved)
    return saved


def _keep(actor, contest, item: _Prepared, created: list[str]) -> EvidenceFile:
    existing = EvidenceFile.objects.filter(contest=contest, sha256=item.sha256).first()
    if existing is not None:
        return existing
    row = EvidenceFile(
        contest=contest,
        sha256=item.sha256,
        kind=item.kind,
        name=item.name,
        content_type=item.content_type,
        size=len(item.data),
        width=item.width,
        height=item.height,
        location_kept=item.location_kept,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    row.file.name = _write(_path(contest, item.sha256, item.ext), item.data, created)
    if item.thumbnail:
        row.thumbnail.name = _write(
            _path(contest, item.sha256, "thumb.jpg"), item.thumbnail, created
        )
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        # Someone stored the same bytes a moment ago: theirs is the row.
        return EvidenceFile.objects.get(contest=contest, sha256=item.sha256)
    record(
        "evidence.store",
        contest=contest,
        actor=actor,
        target=f"evidence:{row.pk}",
        data={
            "name": row.name,
            "kind": row.kind,
            "sha256": row.sha256,
            "size": row.size,
            "location_kept": row.location_kept,
        },
        saved=[row],
    )
    return row


def _write_all(actor, contest, prepared: list[_Prepared]) -> list[EvidenceFile]:
    created: list[str] = []
    try:
        with transaction.atomic():
            return [_keep(actor, contest, item, created) for item in prepared]
    except BaseException:
        for path in created:  # nothing half-saved: no file without its row
            default_storage.delete(path)
        raise


def store(actor, contest, upload: UploadedFile, *, keep_location: bool = False) -> EvidenceFile:
    """Keep one uploaded file as evidence of ``contest``; the same bytes again give the same row."""
    return _write_all(actor, contest, [prepare(upload, keep_location=keep_location)])[0]


def store_many(
    actor, contest, uploads: Iterable[UploadedFile], *, keep_location: bool = False
) -> list[EvidenceFile]:
    """Keep every file, or none: the first refused file stops all before anything is written."""
    prepared = [prepare(u, keep_location=keep_location) for u in uploads]
    return _write_all(actor, contest, prepared)
