"""A 考核指标表 saved as .xls or .ods becomes the scheme in force; a photo named
scheme.xlsx is no scheme at all: refused on the page, no version kept."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bipin.audit.models import Record
from bipin.contests.models import SchemeVersion

pytestmark = pytest.mark.django_db
FILES = Path(__file__).resolve().parents[2] / "io" / "tests" / "formats"


def upload(client, cast, name: str, data: bytes):
    return client.post(f"/c/{cast.contest.slug}/setup/scheme/", {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("ext", ["xls", "ods"])
def test_a_scheme_sheet_from_wps_or_libreoffice_comes_into_force(cast, client_as, ext):
    response = upload(client_as("organizer"), cast, f"考核指标表.{ext}", (FILES / f"scheme.{ext}").read_bytes())
    assert response.status_code == 302
    version = SchemeVersion.objects.get(contest=cast.contest)
    assert version.is_valid, version.problems
    assert version.filename == f"考核指标表.{ext}"


def test_a_photo_named_xlsx_is_refused_and_no_version_is_kept(cast, client_as):
    records = Record.objects.count()
    response = upload(client_as("organizer"), cast, "方案.xlsx", b"\xff\xd8\xff\xe0JFIF" + bytes(100))
    assert response.status_code == 400
    page = response.content.decode()
    assert "方案.xlsx" in page and "这是 JPEG 文件,不是表格" in page and "YAML 格式错误" not in page
    assert not SchemeVersion.objects.filter(contest=cast.contest).exists()
    assert Record.objects.count() == records


def test_the_scheme_picker_offers_yaml_and_every_workbook_format(cast, client_as):
    page = client_as("organizer").get(f"/c/{cast.contest.slug}/setup/scheme/").content.decode()
    assert 'accept=".yaml,.yml,.xlsx,.xlsm,.xls,.ods"' in page
