"""A town attaches its ledger and photos to a report; those who may read the report
open them, and the card's provenance carries them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bipin.audit.models import Record
from bipin.evidence.access import may_see
from bipin.evidence.models import EvidenceFile
from bipin.evidence.tests.conftest import PDF, png
from bipin.periodic import observations, reports, setup
from bipin.periodic.errors import PeriodicError

from .conftest import approve_all, fill


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _url(area, town="甲镇"):
    return (
        f"/c/test-contest/periodic/forms/{area.form.pk}/periods/{area.periods['2026-01'].pk}"
        f"/units/{area.towns[town].pk}/"
    )


def test_a_town_attaches_files_that_its_readers_open(area, client):
    client.force_login(area.users["reporter"])
    files = [SimpleUploadedFile("台账.pdf", PDF), SimpleUploadedFile("入户照片.png", png())]
    assert client.post(_url(area) + "attach/", {"files": files}).status_code == 302
    report = fill(area, "2026-01", "甲镇", 120, 114)
    assert sorted(report.evidence.values_list("name", flat=True)) == ["入户照片.png", "台账.pdf"]
    assert Record.objects.filter(action="period-report.attach").count() == 1
    pdf = EvidenceFile.objects.get(name="台账.pdf")
    for name, allowed in (
        ("reviewer", True),
        ("city", True),
        ("entrant", True),
        ("reviewer2", False),
        ("reporter2", False),
        ("inspector", False),
    ):
        assert may_see(area.users[name], area.contest, pdf) is allowed, name
    client.force_login(area.users["reviewer"])
    assert pdf.get_absolute_url() in client.get(_url(area)).content.decode()


def test_no_file_is_added_once_the_report_is_submitted(area):
    report = fill(area, "2026-01", "甲镇", 120, 114)
    with pytest.raises(PeriodicError) as err:
        reports.attach(
            area.users["reporter"], report.period, report.unit, [SimpleUploadedFile("a.pdf", PDF)]
        )
    assert err.value.status == 409
    assert not EvidenceFile.objects.exists()


def test_a_refused_file_is_named_and_nothing_is_kept(area):
    with pytest.raises(PeriodicError) as err:
        reports.attach(
            area.users["reporter"],
            area.periods["2026-01"],
            area.towns["甲镇"],
            [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("x.exe", b"MZ")],
        )
    assert "x.exe" in err.value.problems[0].zh
    assert not EvidenceFile.objects.exists()


def test_the_cards_provenance_carries_the_files_its_viewer_may_open(area):
    setup.map_field(area.org, area.coverage, leaf="覆盖率")
    reports.attach(
        area.users["reporter"],
        area.periods["2026-01"],
        area.towns["甲镇"],
        [SimpleUploadedFile("台账.pdf", PDF)],
    )
    approve_all(area, fill(area, "2026-01", "甲镇", 120, 114))
    approve_all(area, fill(area, "2026-01", "乙镇", 80, 80))
    ref = f"period-value:{area.periods['2026-01'].pk}:{area.nc.pk}:{area.coverage.pk}"
    pdf = EvidenceFile.objects.get()
    assert observations.provenance(area.contest, [ref], area.users["entrant"])[ref].evidence == (
        ("台账.pdf", pdf.get_absolute_url()),
    )
    assert observations.provenance(area.contest, [ref], area.users["reviewer2"])[ref].evidence == ()
