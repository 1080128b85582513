"""Every upload form applies BIPIN_UPLOAD_MAX_MB to files, with a message in
both languages, and keeps nothing of a refused file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bipin.audit.models import Record
from bipin.testing.files import csv_bytes

pytestmark = pytest.mark.django_db

TOO_BIG = "big.csv:文件有 1.5 MB,超过上传上限 1 MB(BIPIN_UPLOAD_MAX_MB);请拆分文件或删除无关的工作表"


@pytest.fixture
def tiny_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024


def big_csv() -> bytes:
    data = csv_bytes([["名称", "组别"]] + [[f"单位{i:07d}", "整体推进县"] for i in range(50_000)])
    return data[: 3 * 1024 * 1024 // 2]


def upload_pages(cast):
    from bipin.exams.tests.conftest import build_exam

    sitting = build_exam(cast).sitting
    return ["/c/test-contest/setup/entrants/import/", "/c/test-contest/setup/people/import/",
            "/c/test-contest/setup/scheme/", "/c/test-contest/exam/bank/import/",
            f"/c/test-contest/exam/sittings/{sitting.pk}/candidates/import/",
            "/c/test-contest/results/imports/"]


def test_every_upload_form_refuses_a_file_above_the_limit(client_as, cast, tiny_limit):
    pages = upload_pages(cast)
    client = client_as("organizer")
    # Opening the exam pages afterwards may mark absent candidates; no import may write.
    written = Record.objects.exclude(action="exam.absent")
    before = written.count()
    for url in pages:
        response = client.post(url, {"file": SimpleUploadedFile("big.csv", big_csv())}, follow=True)
        text = response.content.decode()
        assert TOO_BIG in text, url
        assert "big.csv: the file is 1.5 MB, above the upload limit of 1 MB (BIPIN_UPLOAD_MAX_MB)" in text, url
    assert written.count() == before
    assert not cast.contest.entrants.filter(name="单位1").exists()


def test_a_file_under_the_limit_still_imports(client_as, cast, tiny_limit):
    data = csv_bytes([["名称", "组别"], ["青河县", "整体推进县"]])
    client_as("organizer").post("/c/test-contest/setup/entrants/import/",
                                {"file": SimpleUploadedFile("e.csv", data)})
    assert cast.contest.entrants.filter(name="青河县").exists()


def test_the_handler_keeps_no_bytes_past_the_limit(rf, tiny_limit):
    from django.core.files.uploadhandler import load_handler

    request = rf.post("/", {"file": SimpleUploadedFile("big.csv", big_csv())})
    request.upload_handlers = [load_handler(h, request) for h in (
        "bipin.contests.uploads.LimitedUploadHandler",
        "django.core.files.uploadhandler.MemoryFileUploadHandler")]
    upload = request.FILES["file"]
    assert upload.size == len(big_csv()) and upload.read() == b""


def test_a_file_name_longer_than_stored_names_is_refused(client_as, cast):
    response = client_as("organizer").post(
        "/c/test-contest/setup/entrants/import/",
        {"file": SimpleUploadedFile("名" * 201 + ".csv", csv_bytes([["名称", "组别"], ["青河县", "整体推进县"]]))},
        follow=True)
    assert "文件名有 205 个字符,最多 200 个" in response.content.decode()
    assert not cast.contest.entrants.filter(name="青河县").exists()


def test_posting_without_a_file_says_so(client_as, cast):
    response = client_as("organizer").post("/c/test-contest/setup/entrants/import/", {}, follow=True)
    assert "请选择要上传的文件" in response.content.decode()


def test_a_sheet_name_beyond_any_sheet_name_is_refused_without_a_crash(client_as, cast):
    data = csv_bytes([["名称", "组别"], ["青河县", "整体推进县"]])
    response = client_as("organizer").post("/c/test-contest/setup/entrants/import/",
                                           {"file": SimpleUploadedFile("e.csv", data), "sheet": "表" * 300},
                                           follow=True)
    assert response.status_code == 200 and "未导入任何数据" in response.content.decode()
    assert not cast.contest.entrants.filter(name="青河县").exists()
