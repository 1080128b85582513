"""Re-encoding a photo before it is kept.

A phone photo carries more than the picture: the place it was taken (GPS),
the phone's serial number, the time, sometimes a thumbnail of the picture as
it was before it was cropped. Decoding the pixels and encoding them again is
the one sure way to keep none of that; the GPS position alone is kept when the
scheme asks for it (``keep_location``). Orientation is applied to the pixels,
so the photo shows upright without its EXIF tag.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from bipin.evidence.models import THUMB_SIDE
from bipin.evidence.refusals import EvidenceRefused

# Longest side of a stored photo: enough to read a meter's digits or a notice
# on a wall, and a tenth of a phone's original size.
MAX_SIDE = 2560
JPEG_QUALITY = 85
THUMB_QUALITY = 80
# A JPEG is decoded at 1/2, 1/4 or 1/8 scale when it is large (Pillow's draft
# mode), so even a 108-megapixel phone photo needs little memory. PNG and WebP
# are decoded whole: 50 megapixels are 200 MB as RGBA, the most one upload may
# cost. (Pillow itself refuses anything above about 179 megapixels.)
MAX_PIXELS = {"JPEG": 150_000_000, "PNG": 50_000_000, "WEBP": 50_000_000}
GPS_IFD = 0x8825


@dataclass(frozen=True)
class Photo:
    data: bytes
    ext: str  # "jpg" or "png"
    content_type: str
    width: int
    height: int
    thumbnail: bytes
    location_kept: bool


def _pixels_refused(name: str, size: tuple[int, int] | None, limit: int) -> EvidenceRefused:
    zh = f"有 {size[0]}×{size[1]} 像素," if size else "像素过多,"
    en = f"has {size[0]}×{size[1]} pixels," if size else "has too many pixels,"
    return EvidenceRefused(
        name,
        f"“{name}”{zh}超过照片上限 {limit // 10_000} 万像素,不予处理;"
        "请用手机相机的常规分辨率重新拍摄或缩小后上传",
        f"'{name}' {en} above the limit of {limit // 1_000_000} "
        "megapixels for a photo; take it at the camera's usual resolution or scale it down",
    )


def _broken(name: str) -> EvidenceRefused:
    return EvidenceRefused(
        name,
        f"“{name}”无法作为图片打开,可能已损坏;请重新导出或重新拍摄",
        f"'{name}' cannot be opened as an image; it may be damaged, export or take it again",
    )


def _to_srgb(img: Image.Image) -> Image.Image:
    """Colours as the camera meant them once the colour profile is dropped (e.g. Display P3)."""
    icc = img.info.get("icc_profile")
    if not icc or img.mode not in ("RGB", "RGBA"):
        return img
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(
            img, source, ImageCms.createProfile("sRGB"), outputMode=img.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return img  # a broken profile: the pixels as they are


def _flatten(img: Image.Image) -> Image.Image:
    """An RGB or L image for JPEG: transparency over white."""
    if img.mode in ("RGB", "L"):
        return img
    if img.mode in ("RGBA", "LA", "P", "PA") or "transparency" in img.info:
        rgba = img.convert("RGBA")
        white = Image.new("RGB", rgba.size, "white")
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return img.convert("RGB")


def reencode(data: bytes, name: str, expected: str, *, keep_location: bool) -> Photo:
    """The photo as it is kept, or :class:`EvidenceRefused`.

    ``expected`` is the Pillow format the file's extension promises
    ("JPEG", "PNG", "WEBP"); a file whose bytes are another format is refused.
    """
    size = None
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own limit; MAX_PIXELS below decides instead.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            size = img.size
            if img.format != expected:
                raise EvidenceRefused(
                    name,
                    f"“{name}”的内容是 {img.format} 图片,与扩展名不符;请用原文件重新上传",
                    f"'{name}' holds a {img.format} image, not what its extension says; "
                    "upload the original file",
                )
            width, height = img.size
            if width * height > MAX_PIXELS[expected]:
                raise _pixels_refused(name, size, MAX_PIXELS[expected])
            gps = img.getexif().get_ifd(GPS_IFD) if keep_location else {}
            if expected == "JPEG":
                img.draft("RGB", (MAX_SIDE, MAX_SIDE))
            img.load()
            img = ImageOps.exif_transpose(img)
    except EvidenceRefused:
        raise
    except Image.DecompressionBombError:
        raise _pixels_refused(name, size, MAX_PIXELS[expected]) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise _broken(name) from None
    img = _to_srgb(img)
    img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    exif = None
    if gps:
        exif = Image.Exif()
        exif[GPS_IFD] = gps
    out = io.BytesIO()
    if expected == "PNG":
        kept = (
            img
            if img.mode in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16")
            else img.convert("RGBA")
        )
        kept = kept.copy()
        kept.info.clear()  # no text chunks, no profile, no EXIF of the original
        kept.save(out, "PNG", **({"exif": exif} if exif else {}))
        ext, content_type = "png", "image/png"
    else:
        kept = _flatten(img).copy()
        kept.info.clear()
        kept.save(out, "JPEG", quality=JPEG_QUALITY, **({"exif": exif} if exif else {}))
        ext, content_type = "jpg", "image/jpeg"
    thumb = _flatten(img).copy()
    thumb.info.clear()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    small = io.BytesIO()
    thumb.save(small, "JPEG", quality=THUMB_QUALITY)
    return Photo(
        out.getvalue(), ext, content_type, kept.width, kept.height, small.getvalue(), bool(gps)
    )
