"""A finding's photos: re-encoded by bipin.evidence, shown to whom may see the finding."""

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bipin.audit.models import Record
from bipin.evidence.models import EvidenceFile
from bipin.evidence.tests.conftest import jpeg
from bipin.inspections import services
from bipin.inspections.models import Finding
from bipin.inspections.tests.conftest import record


def _post(client, field, key="photo-key-0001", photos=()):
    return client.post(
        "/api/inspections/test-contest/findings",
        {
            "key": key,
            "visit": str(field.visit.pk),
            "item": "实地核查",
            "category": "水表损坏",
            "severity": "一般",
            "site": "王家户",
            "description": "水表破损",
            "photos": list(photos),
        },
    )


def test_a_photo_sent_with_a_finding_is_stored_without_its_location(field, client_as):
    photo = SimpleUploadedFile("水表.jpg", jpeg(gps=True), content_type="image/jpeg")
    r = _post(client_as("inspector2"), field, photos=[photo])
    assert r.status_code == 201, r.json()
    finding = Finding.objects.get()
    stored = finding.photos.get()
    data = stored.file.read()
    assert r.json()["photos"] == [stored.sha256] == [hashlib.sha256(data).hexdigest()]
    assert stored.location_kept is False
    with Image.open(stored.file.path) as img:
        assert not img.getexif().get_ifd(0x8825)  # no GPS block
    rec = Record.objects.get(action="finding.record")
    assert rec.data["photos"] == [stored.sha256]


def test_a_resend_with_the_photo_stores_neither_a_second_finding_nor_a_second_file(
    field, client_as
):
    client = client_as("inspector2")
    for _ in range(2):
        _post(
            client, field, photos=[SimpleUploadedFile("a.jpg", jpeg(), content_type="image/jpeg")]
        )
    assert Finding.objects.count() == 1 and EvidenceFile.objects.count() == 1


def test_a_file_that_is_not_a_photo_refuses_the_whole_finding(field, client_as):
    bad = SimpleUploadedFile("水表.jpg", b"not a jpeg at all", content_type="image/jpeg")
    r = _post(client_as("inspector2"), field, photos=[bad])
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "photos"
    assert "水表.jpg" in r.json()["errors"][0]["zh"]
    assert not Finding.objects.exists() and not EvidenceFile.objects.exists()


def test_the_photo_is_shown_to_the_team_and_to_the_entrant_only_once_confirmed(field, client_as):
    photo = SimpleUploadedFile("p.jpg", jpeg(), content_type="image/jpeg")
    finding, _ = record(field, photos=[photo])
    url = finding.photos.get().get_absolute_url()
    assert client_as("inspector").get(url).status_code == 200
    assert client_as("entrant").get(url).status_code == 403
    services.confirm_finding(field.inspector, finding)
    assert client_as("entrant").get(url).status_code == 200
    assert client_as("judge").get(url).status_code == 403


def test_id_numbers_typed_into_a_description_are_masked_on_the_page(field, client_as):
    finding, _ = record(field, description="户主身份证110101199003071234未登记")
    page = client_as("organizer").get(f"/c/test-contest/inspections/findings/{finding.pk}/")
    text = page.content.decode()
    assert "1101**********1234" in text and "110101199003071234" not in text


def test_the_organizer_list_costs_the_same_queries_for_more_findings(field, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("organizer")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/c/test-contest/inspections/findings/").status_code == 200
        return len(ctx.captured_queries)

    for n in range(2):
        record(
            field, photos=[SimpleUploadedFile(f"{n}.jpg", jpeg(100 + n), content_type="image/jpeg")]
        )
    few = queries()
    for n in range(2, 8):
        record(
            field, photos=[SimpleUploadedFile(f"{n}.jpg", jpeg(100 + n), content_type="image/jpeg")]
        )
    assert queries() == few
