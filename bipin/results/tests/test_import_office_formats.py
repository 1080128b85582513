"""An official imports the .xls that WPS saved, and a photo renamed .xlsx is refused
on the page with its name and the formats Bipin reads, nothing stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bipin.audit.models import Record
from bipin.results.models import ImportBatch, ImportedObservation
from bipin.results.tests.conftest import DATA

pytestmark = pytest.mark.django_db
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)


def post(client, cast, name: str, data: bytes):
    url = reverse("results:imports", args=[cast.contest.slug])
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def test_an_xls_saved_by_wps_imports_end_to_end(cast, scheme, client_as):
    client = client_as("organizer")
    response = post(client, cast, "考评数据.xls", (DATA / "observations.xls").read_bytes())
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.filename == "考评数据.xls" and batch.row_count == 3
    rows = [(r.entrant.name, r.source, r.item, r.judge, r.value, r.row_number)
            for r in batch.rows.order_by("row_number")]
    assert rows == [("南川县", "data", "饮水达标率", "", 99.7, 3),
                    ("北原县", "data", "饮水达标率", "", 100.0, 4),
                    ("教育局", "department", "部门评价", "市委办", 85.0, 5)]
    assert Record.objects.filter(action="observations.import", target="考评数据.xls").exists()


def test_a_jpeg_renamed_xlsx_is_refused_with_a_precise_message_and_nothing_stored(cast, scheme,
                                                                                   client_as):
    records = Record.objects.count()
    response = post(client_as("organizer"), cast, "考评数据.xlsx", JPEG)
    assert response.status_code == 400
    page = response.content.decode()
    assert "考评数据.xlsx" in page and "这是 JPEG 文件,不是表格" in page and ".xls" in page
    assert not ImportBatch.objects.exists() and not ImportedObservation.objects.exists()
    assert Record.objects.count() == records


def test_the_import_page_offers_every_readable_format_in_the_file_picker(cast, scheme, client_as):
    page = client_as("organizer").get(reverse("results:imports", args=[cast.contest.slug]))
    assert 'accept=".xlsx,.xlsm,.xls,.ods,.csv,.txt"' in page.content.decode()
