"""佐证材料 on a department's rows and cells: kept, shown, and opened only by those allowed."""

import pytest

from bipin.audit.models import Record
from bipin.evidence.tests.conftest import jpeg, upload
from bipin.reporting import grid as grids
from bipin.reporting import observations, services
from bipin.reporting.models import Attachment, Value

from .conftest import full_grid

URL = "/c/test-contest/reporting/d/教育局/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_reporter_attaches_a_photo_to_a_cell_and_a_document_to_a_row(dept, client_as):
    c = client_as("reporter")
    r = c.post(
        URL + "evidence/",
        {"entrant": dept.ids["南川县"], "item": "教育保障", "files": [upload("现场.jpg", jpeg())]},
        follow=True,
    )
    assert "已上传 1 个佐证材料。" in r.content.decode()
    c.post(
        URL + "evidence/",
        {
            "entrant": dept.ids["南川县"],
            "item": "",
            "files": [upload("说明.pdf", b"%PDF-1.4\n%%EOF\n")],
        },
    )
    rows = list(Attachment.objects.values_list("entrant__name", "item", "file__name"))
    assert rows[0] == ("南川县", "教育保障", "现场.jpg")
    assert Record.objects.filter(action="dept-evidence.attach").count() == len(rows)
    page = c.get(URL).content.decode()
    assert "evidence-photos" in page


def test_a_refused_file_attaches_nothing(dept, client_as):
    r = client_as("reporter").post(
        URL + "evidence/",
        {
            "entrant": dept.ids["南川县"],
            "item": "",
            "files": [upload("a.jpg", jpeg()), upload("病毒.exe", b"MZ")],
        },
        follow=True,
    )
    assert "病毒.exe" in r.content.decode()
    assert not Attachment.objects.exists()


def test_a_cell_outside_the_grid_is_refused(dept, client_as):
    r = client_as("reporter").post(
        URL + "evidence/",
        {"entrant": dept.ids["教育局"], "item": "控辍保学率", "files": [upload("a.jpg", jpeg())]},
        follow=True,
    )
    assert "本表没有该单元格" in r.content.decode()
    assert not Attachment.objects.exists()


def test_the_county_opens_its_evidence_once_approved_and_other_departments_never(dept, client_as):
    g = grids.build(dept.contest, "教育局")
    services.save_values(dept.reporter, dept.contest, g, full_grid(dept))
    (row,) = services.attach(
        dept.reporter, dept.contest, g, dept.ids["南川县"], "教育保障", [upload("现场.jpg", jpeg())]
    )
    url = row.file.get_absolute_url()
    assert client_as("reviewer").get(url).status_code == 200
    assert client_as("health").get(url).status_code == 403
    assert client_as("entrant").get(url).status_code == 403  # not approved yet
    services.approve(dept.reviewer, services.submit(dept.reporter, dept.contest, g))
    assert client_as("entrant").get(url).status_code == 200
    value = Value.objects.get(current=True, entrant=dept.entrants["南川县"], item="教育保障")
    p = observations.provenance(dept.contest, [f"dept-value:{value.pk}"], dept.entrant)
    assert p[f"dept-value:{value.pk}"].evidence == (("现场.jpg", url),)
    other = Value.objects.get(current=True, entrant=dept.entrants["北原县"], item="教育保障")
    assert (
        observations.provenance(dept.contest, [f"dept-value:{other.pk}"], dept.entrant)[
            f"dept-value:{other.pk}"
        ].evidence
        == ()
    )
