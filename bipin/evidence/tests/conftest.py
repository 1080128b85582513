"""Files for the evidence tests, made here with Pillow, openpyxl and zipfile."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, PngImagePlugin

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (30.0, 15.0, 10.5),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (120.0, 5.0, 1.0),
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test stores its files in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list[str]:
    return (
        sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        if root.exists()
        else []
    )


def two_halves(width: int, height: int) -> Image.Image:
    """Left half red, right half blue: which way up it is can be read off the pixels."""
    img = Image.new("RGB", (width, height), (255, 0, 0))
    img.paste((0, 0, 255), (width // 2, 0, width, height))
    return img


def jpeg(width=400, height=200, *, orientation=None, gps=False, camera=True) -> bytes:
    exif = Image.Exif()
    if camera:
        exif[ExifTags.Base.Make] = "示例手机"
        exif[ExifTags.Base.BodySerialNumber] = "SN-0042"
        exif[ExifTags.Base.DateTimeOriginal] = "2026:05:01 09:30:00"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.IFD.GPSInfo] = GPS
    out = io.BytesIO()
    two_halves(width, height).save(out, "JPEG", quality=95, exif=exif)
    return out.getvalue()


def png(width=300, height=100, *, mode="RGBA") -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "张三 110101199003071234")
    out = io.BytesIO()
    Image.new(mode, (width, height)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def webp(width=200, height=100) -> bytes:
    out = io.BytesIO()
    two_halves(width, height).save(out, "WEBP")
    return out.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["问题", "整改措施"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)
