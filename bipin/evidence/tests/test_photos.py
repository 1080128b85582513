"""What happens to a photo: metadata gone, upright, bounded, hashed, kept once."""

from __future__ import annotations

import hashlib
import io

from PIL import Image

from bipin.audit.models import Record
from bipin.evidence import services
from bipin.evidence.models import EvidenceFile
from bipin.evidence.tests.conftest import GPS, jpeg, png, stored_files, upload, webp


def opened(field) -> Image.Image:
    with field.open("rb") as f:
        return Image.open(io.BytesIO(f.read()))


def test_a_phone_photo_loses_its_location_and_camera_details(cast):
    row = services.store(cast.inspector, cast.contest, upload("管网老化.jpg", jpeg(gps=True)))
    img = opened(row.file)
    assert img.format == "JPEG" and dict(img.getexif()) == {}
    assert row.location_kept is False and row.kind == "photo" and row.content_type == "image/jpeg"
    assert b"SN-0042" not in row.file.open("rb").read()


def test_the_location_alone_is_kept_when_the_scheme_asks(cast):
    row = services.store(
        cast.inspector, cast.contest, upload("水表.jpg", jpeg(gps=True)), keep_location=True
    )
    exif = opened(row.file).getexif()
    assert list(exif) == [0x8825] and exif.get_ifd(0x8825) == GPS
    assert row.location_kept is True
    assert dict(opened(row.thumbnail).getexif()) == {}  # thumbnails never carry it


def test_keeping_the_location_of_a_photo_without_one_keeps_nothing(cast):
    row = services.store(cast.inspector, cast.contest, upload("a.jpg", jpeg()), keep_location=True)
    assert dict(opened(row.file).getexif()) == {} and row.location_kept is False


def test_the_orientation_is_applied_to_the_pixels(cast):
    # Orientation 6: the camera was turned; viewers rotate the picture 90° clockwise.
    row = services.store(
        cast.inspector, cast.contest, upload("竖拍.jpg", jpeg(400, 200, orientation=6))
    )
    img = opened(row.file).convert("RGB")
    assert (row.width, row.height) == img.size == (200, 400)
    top, bottom = img.getpixel((100, 50)), img.getpixel((100, 350))
    assert top[0] > 200 and top[2] < 60  # the red half is now on top
    assert bottom[2] > 200 and bottom[0] < 60


def test_the_longest_side_is_at_most_2560_and_the_thumbnail_320(cast):
    row = services.store(cast.inspector, cast.contest, upload("全景.jpg", jpeg(3000, 1000)))
    assert (row.width, row.height) == opened(row.file).size == (2560, 853)
    assert opened(row.thumbnail).size == (320, 107)
    assert (row.thumb_width, row.thumb_height) == (320, 107)


def test_the_sha256_is_that_of_the_stored_bytes_and_names_the_file(cast):
    row = services.store(cast.inspector, cast.contest, upload("a.jpg", jpeg()))
    kept = row.file.open("rb").read()
    assert row.sha256 == hashlib.sha256(kept).hexdigest() and row.size == len(kept)
    assert row.file.name == f"evidence/{cast.contest.pk}/{row.sha256[:2]}/{row.sha256}.jpg"
    assert (
        row.thumbnail.name == f"evidence/{cast.contest.pk}/{row.sha256[:2]}/{row.sha256}.thumb.jpg"
    )


def test_the_same_photo_twice_is_one_row_one_file_and_one_audit_record(cast, media):
    first = services.store(cast.inspector, cast.contest, upload("a.jpg", jpeg()))
    again = services.store(cast.organizer, cast.contest, upload("copy.jpg", jpeg()))
    assert again.pk == first.pk and again.name == "a.jpg" and EvidenceFile.objects.count() == 1
    assert len(stored_files(media)) == 2  # the photo and its thumbnail
    stored = Record.objects.filter(action="evidence.store")
    assert [(r.target, r.data["name"]) for r in stored] == [(f"evidence:{first.pk}", "a.jpg")]


def test_the_same_bytes_in_another_contest_are_that_contests_own(cast):
    here = services.store(cast.inspector, cast.contest, upload("a.jpg", jpeg()))
    there = services.store(cast.other_organizer, cast.other_contest, upload("a.jpg", jpeg()))
    assert here.pk != there.pk and here.sha256 == there.sha256
    assert there.file.name.startswith(f"evidence/{cast.other_contest.pk}/")


def test_a_png_stays_a_png_without_its_text_chunks(cast):
    row = services.store(cast.inspector, cast.contest, upload("截图.png", png()))
    img = opened(row.file)
    assert img.format == "PNG" and row.content_type == "image/png" and img.info == {}
    assert b"110101199003071234" not in row.file.open("rb").read()


def test_a_webp_photo_is_kept_as_jpeg(cast):
    row = services.store(cast.inspector, cast.contest, upload("公示栏.webp", webp()))
    assert opened(row.file).format == "JPEG" and row.name == "公示栏.jpg"
    assert row.content_type == "image/jpeg"


def test_the_original_name_is_kept_without_its_path(cast):
    row = services.store(
        cast.inspector, cast.contest, upload("D:\\相册\\2026\\水表 损坏.JPG", jpeg())
    )
    assert row.name == "水表 损坏.JPG" and row.uploaded_by == cast.inspector
