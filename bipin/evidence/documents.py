"""Knowing a file by its bytes, not only by its name.

A document is kept exactly as uploaded (a signed PDF must stay byte for byte
what was signed), so it is only checked: a PDF starts with ``%PDF-``; an XLSX
or DOCX is a zip archive whose ``[Content_Types].xml`` declares a workbook or
a Word document. The archive is never unpacked beyond that one small part.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from bipin.evidence.refusals import EvidenceRefused


@dataclass(frozen=True)
class Kind:
    ext: str
    content_type: str
    photo_format: str = ""  # Pillow's name for a photo format; "" for a document
    label: str = ""


KINDS = {
    "jpg": Kind("jpg", "image/jpeg", "JPEG", "JPEG"),
    "jpeg": Kind("jpg", "image/jpeg", "JPEG", "JPEG"),
    "png": Kind("png", "image/png", "PNG", "PNG"),
    "webp": Kind("webp", "image/webp", "WEBP", "WebP"),
    "pdf": Kind("pdf", "application/pdf", label="PDF"),
    "xlsx": Kind(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        label="Excel(.xlsx)",
    ),
    "docx": Kind(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        label="Word(.docx)",
    ),
}
ACCEPTED = ".jpg,.jpeg,.png,.webp,.pdf,.xlsx,.docx"
ACCEPTED_ZH = "照片(JPG、PNG、WebP)或文件(PDF、XLSX、DOCX)"
ACCEPTED_EN = "photos (JPG, PNG, WebP) or documents (PDF, XLSX, DOCX)"

# The main part an Office file's [Content_Types].xml must declare.
_MAIN_PART = {
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
}
_CONTENT_TYPES_MAX = 1024 * 1024


def kind_of(name: str) -> Kind:
    """The kind a file name promises, or :class:`EvidenceRefused` for any other."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in KINDS:
        raise EvidenceRefused(
            name,
            f"“{name}”的类型不能作为佐证材料;可以上传{ACCEPTED_ZH}",
            f"'{name}' is not a kind of file accepted as evidence; upload {ACCEPTED_EN}",
        )
    return KINDS[ext]


def _not_what_it_says(name: str, kind: Kind) -> EvidenceRefused:
    return EvidenceRefused(
        name,
        f"“{name}”的内容不是 {kind.label} 文件,与扩展名不符;请用原文件重新上传",
        f"'{name}' is not a {kind.label} file, whatever its extension says; "
        "upload the original file",
    )


def check_document(data: bytes, name: str, kind: Kind) -> None:
    """Refuse a document whose bytes are not what its extension says."""
    if kind.ext == "pdf":
        if not data.startswith(b"%PDF-"):
            raise _not_what_it_says(name, kind)
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _CONTENT_TYPES_MAX:
                raise _not_what_it_says(name, kind)
            declared = archive.read(info)
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, OSError, RuntimeError, EOFError):
        raise _not_what_it_says(name, kind) from None
    if _MAIN_PART[kind.ext] not in declared:
        raise _not_what_it_says(name, kind)
