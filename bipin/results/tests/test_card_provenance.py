"""The report card says where each record came from, as far as the viewer may see."""

from __future__ import annotations

import types

import pytest
from django.urls import reverse
from django.utils import timezone

from bipin.contests import provenance as contest_provenance
from bipin.contests.provenance import Provenance
from bipin.evidence import services as evidence
from bipin.evidence.tests.conftest import PDF, jpeg, upload
from bipin.results import services
from bipin.results.models import ImportedObservation
from bipin.results.observations import provenance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def card(client_as, cast, who="organizer", name="南川县") -> str:
    url = reverse("results:card", args=[cast.contest.slug, cast.entrants[name].pk])
    response = client_as(who).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_imported_row_says_which_file_row_who_and_when(cast, imported):
    row = ImportedObservation.objects.get(batch=imported, row_number=5)  # 南川县 管网老化
    ref = f"import:{imported.pk}:5"
    when = timezone.localtime(imported.uploaded_at)
    found = provenance(
        cast.contest, [ref, "import:x:1", "sheet:1", f"import:{imported.pk}:99"], cast.organizer
    )
    assert list(found) == [ref] and row.category == "管网老化"
    assert found[ref] == Provenance(
        ref,
        "导入数据:data.csv 第 5 行",
        (
            ("文件", "data.csv"),
            ("行号", "5"),
            ("导入人", "组织者甲"),
            ("导入时间", when.strftime("%Y-%m-%d %H:%M")),
        ),
        "/c/test-contest/results/imports/",
    )


def test_a_correction_names_the_row_it_replaced_and_why(cast, imported):
    batch = services.import_observations(
        cast.organizer,
        cast.contest,
        "参评对象,来源,指标,分值\n南川县,data,饮水达标率,96\n".encode(),
        "更正.csv",
        correction=True,
        reason="复核后更正",
    )
    ref = f"import:{batch.pk}:2"
    facts = dict(provenance(cast.contest, [ref], cast.organizer)[ref].facts)
    assert facts["更正前"] == "data.csv 第 2 行:99.7" and facts["更正原因"] == "复核后更正"


def test_the_organizers_card_shows_each_records_provenance_under_its_row(cast, snapshot, client_as):
    text = card(client_as, cast)
    assert 'class="provenance"' in text
    for n in (2, 5, 6):  # 饮水达标率 and the two findings of 南川县
        assert f"导入数据:data.csv 第 {n} 行" in text
    assert "导入人</span> 组织者甲" in text
    assert 'href="/c/test-contest/results/imports/">查看记录</a>' in text


def test_an_entrant_reads_the_facts_but_gets_no_link_to_the_organizers_pages(
    cast, released, client_as
):
    text = card(client_as, cast, who="entrant")
    assert "导入数据:data.csv 第 5 行" in text and "导入人</span> 组织者甲" in text
    assert "/results/imports/" not in text and "查看记录" not in text


@pytest.fixture
def app_records(cast, monkeypatch):
    """An app that recorded the imported findings: its facts, its page and its photos."""
    photo = evidence.store(cast.inspector, cast.contest, upload("管网老化.jpg", jpeg()))
    report = evidence.store(cast.organizer, cast.contest, upload("核查报告.pdf", PDF))

    def answer(contest, refs, user):
        organizer = user == cast.organizer
        return {
            ref: Provenance(
                ref,
                "实地核查问题 #7",
                (
                    ("记录人", "核查员甲"),
                    ("描述", "户主 110101199003071234 家水表损坏"),
                    ("审核", "组长乙"),
                ),
                url="/c/test-contest/inspections/findings/7/" if organizer else "",
                evidence=(
                    (photo.name, photo.get_absolute_url()),
                    (report.name, report.get_absolute_url()),
                ),
            )
            for ref in refs
            if ref.startswith("import:") and ref.endswith(":5")
        }

    module = types.SimpleNamespace(provenance=answer)
    monkeypatch.setattr(contest_provenance, "app_modules", lambda name: [("示例", module)])
    return types.SimpleNamespace(photo=photo, report=report)


def test_an_apps_provenance_shows_with_its_facts_link_and_evidence(
    cast, snapshot, app_records, client_as
):
    text = card(client_as, cast)
    p = app_records.photo
    assert (
        "实地核查问题 #7" in text
        and "记录人</span> 核查员甲" in text
        and "审核</span> 组长乙" in text
    )
    assert "户主 1101**********1234 家水表损坏" in text and "110101199003071234" not in text
    assert 'href="/c/test-contest/inspections/findings/7/">查看记录</a>' in text
    assert (
        f'<a href="/c/test-contest/evidence/{p.pk}/" target="_blank" rel="noopener">'
        f'<img src="/c/test-contest/evidence/{p.pk}/thumb/" alt="管网老化.jpg" loading="lazy"'
    ) in text
    assert f'<a href="/c/test-contest/evidence/{app_records.report.pk}/">核查报告.pdf</a>' in text
    assert "导入数据:data.csv" not in text  # the app's answer is the only one asked for here


def test_a_viewer_who_may_not_open_the_record_or_its_files_gets_no_links(
    cast, released, app_records, client_as
):
    text = card(client_as, cast, who="entrant")
    assert "实地核查问题 #7" in text and "记录人</span> 核查员甲" in text
    assert "查看记录" not in text and "/evidence/" not in text


def test_files_the_viewer_may_open_are_linked_for_that_viewer(
    cast, released, app_records, client_as, monkeypatch
):
    from bipin.evidence import access

    photo = app_records.photo
    module = types.SimpleNamespace(may_see=lambda user, contest, ev: ev.pk == photo.pk)
    monkeypatch.setattr(access, "app_modules", lambda name: [("示例", module)])
    text = card(client_as, cast, who="entrant")
    assert f"/c/test-contest/evidence/{photo.pk}/thumb/" in text
    assert f"/c/test-contest/evidence/{app_records.report.pk}/" not in text
