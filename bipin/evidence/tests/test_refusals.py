"""Each file refused says which and why, in both languages, and nothing is kept."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bipin.audit.models import Record
from bipin.evidence import services
from bipin.evidence.models import EvidenceFile
from bipin.evidence.services import EvidenceRefused
from bipin.evidence.tests.conftest import PDF, jpeg, png, stored_files, upload, xlsx


def refused(cast, name, data, **kwargs) -> EvidenceRefused:
    with pytest.raises(EvidenceRefused) as caught:
        services.store(cast.inspector, cast.contest, upload(name, data), **kwargs)
    return caught.value


@pytest.fixture
def nothing_kept(cast, media):
    yield
    assert EvidenceFile.objects.count() == 0
    assert stored_files(media) == []
    assert not Record.objects.filter(action="evidence.store").exists()


def test_a_file_above_the_limit(cast, settings, nothing_kept):
    settings.BIPIN_EVIDENCE_MAX_BYTES = 1024 * 1024
    err = refused(cast, "大图.jpg", b"\xff\xd8\xff" + b"0" * (1024 * 1024 + 200_000))
    assert err.name == "大图.jpg"
    assert err.zh == (
        "“大图.jpg”有 1.2 MB,超过佐证材料上限 1 MB(BIPIN_EVIDENCE_MAX_MB);请压缩或拆分后再上传"
    )
    assert err.en == (
        "'大图.jpg' is 1.2 MB, above the limit of 1 MB for evidence "
        "(BIPIN_EVIDENCE_MAX_MB); compress or split it and upload again"
    )


def test_the_limit_defaults_to_ten_megabytes(settings):
    assert settings.BIPIN_EVIDENCE_MAX_BYTES == 10 * 1024 * 1024


def test_a_kind_of_file_not_accepted(cast, nothing_kept):
    err = refused(cast, "setup.exe", b"MZ\x90\x00")
    assert (
        err.zh
        == "“setup.exe”的类型不能作为佐证材料;可以上传照片(JPG、PNG、WebP)或文件(PDF、XLSX、DOCX)"
    )
    assert err.en == (
        "'setup.exe' is not a kind of file accepted as evidence; "
        "upload photos (JPG, PNG, WebP) or documents (PDF, XLSX, DOCX)"
    )


def test_an_empty_file(cast, nothing_kept):
    assert refused(cast, "空.pdf", b"").zh == "“空.pdf”是空文件;请重新选择文件"


@pytest.mark.parametrize(
    "name, data, zh",
    [
        (
            "报告.pdf",
            b"<html><script>alert(1)</script>",
            "“报告.pdf”的内容不是 PDF 文件,与扩展名不符;请用原文件重新上传",
        ),
        (
            "说明.docx",
            xlsx(),
            "“说明.docx”的内容不是 Word(.docx) 文件,与扩展名不符;请用原文件重新上传",
        ),
        (
            "台账.xlsx",
            PDF,
            "“台账.xlsx”的内容不是 Excel(.xlsx) 文件,与扩展名不符;请用原文件重新上传",
        ),
        ("照片.jpg", png(), "“照片.jpg”的内容是 PNG 图片,与扩展名不符;请用原文件重新上传"),
        (
            "照片.png",
            b"%PDF-1.4 not a picture",
            "“照片.png”无法作为图片打开,可能已损坏;请重新导出或重新拍摄",
        ),
    ],
)
def test_a_file_that_is_not_what_its_extension_says(cast, nothing_kept, name, data, zh):
    err = refused(cast, name, data)
    assert err.zh == zh and err.name == name and name in err.en


def test_a_truncated_photo(cast, nothing_kept):
    err = refused(cast, "断了.jpg", jpeg(800, 600)[:600])
    assert err.zh == "“断了.jpg”无法作为图片打开,可能已损坏;请重新导出或重新拍摄"
    assert (
        err.en
        == "'断了.jpg' cannot be opened as an image; it may be damaged, export or take it again"
    )


def test_a_picture_of_too_many_pixels(cast, nothing_kept):
    out = io.BytesIO()
    Image.new("1", (8000, 7000)).save(out, "PNG")  # 56 megapixels in a few kilobytes
    err = refused(cast, "炸弹.png", out.getvalue())
    assert err.zh == (
        "“炸弹.png”有 8000×7000 像素,超过照片上限 5000 万像素,不予处理;"
        "请用手机相机的常规分辨率重新拍摄或缩小后上传"
    )
    assert "8000×7000 pixels, above the limit of 50 megapixels" in err.en


def test_a_decompression_bomb_pillow_will_not_open(cast, nothing_kept):
    out = io.BytesIO()
    Image.new("1", (14000, 14000)).save(out, "PNG")  # 196 megapixels
    err = refused(cast, "炸弹.png", out.getvalue())
    assert err.zh.startswith("“炸弹.png”像素过多,超过照片上限 5000 万像素")


def test_one_bad_file_refuses_them_all(cast, nothing_kept):
    with pytest.raises(EvidenceRefused) as caught:
        services.store_many(
            cast.inspector,
            cast.contest,
            [upload("好.jpg", jpeg()), upload("报告.pdf", PDF), upload("坏.pdf", b"nope")],
        )
    assert caught.value.name == "坏.pdf"


def test_a_failure_while_writing_leaves_no_file_behind(cast, nothing_kept, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "record", broken)
    with pytest.raises(RuntimeError):
        services.store_many(
            cast.inspector, cast.contest, [upload("好.jpg", jpeg()), upload("r.pdf", PDF)]
        )
