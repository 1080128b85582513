"""Filing during the notice: a unit for itself with evidence, never for another,
never outside the period, never without reasons; nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from bipin.audit.models import Record
from bipin.evidence.models import EvidenceFile
from bipin.objections import services, targets
from bipin.objections.models import Objection, Status, Target
from bipin.objections.tests.conftest import AFTER, file, photo
from bipin.results import services as results

pytestmark = pytest.mark.django_db


def new(cast) -> str:
    return reverse("objections:file", args=[cast.contest.slug])


def test_a_county_files_an_objection_to_a_finding_with_a_photo(cast, notice, client_as):
    finding = cast.findings["南川县"]
    response = client_as("entrant").post(new(cast), {
        "about": f"finding:{finding.pk}", "reasons": "该村公示栏核查前已更新", "evidence": [photo()]})
    o = Objection.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/objections/{o.pk}/")
    assert (o.status, o.target, o.finding, o.filed_by) == (Status.RECEIVED, Target.FINDING, finding,
                                                          cast.entrant)
    assert o.target_label.startswith(f"核查问题 #{finding.pk}")
    assert o.evidence.get().name == "公示栏.png"
    filed = Record.objects.get(action="objection.file")
    assert filed.target == o.ref and filed.data["reasons"] == "该村公示栏核查前已更新"
    assert "objections.objection" in filed.rows


def test_a_county_picks_from_its_own_total_indicators_and_findings(cast, notice):
    values = [c.value for c in targets.choices(notice, cast.entrants["南川县"])]
    assert values[0] == "total"
    assert "node:实地核查" in values and "node:饮水达标率" in values
    assert f"finding:{cast.findings['南川县'].pk}" in values
    assert f"finding:{cast.findings['北原县'].pk}" not in values


def test_the_form_offers_the_units_figures_as_released(cast, notice, client_as):
    text = client_as("entrant").get(new(cast)).content.decode()
    assert "总分" in text and "工作落实 › 实地核查" in text and "核查问题 #" in text


def test_a_county_cannot_file_for_another_county(cast, notice):
    with pytest.raises(services.JudgingError) as refused:
        services.file_objection(cast.entrant, notice, cast.entrants["北原县"], about="total",
                                reasons="不服")
    assert refused.value.status == 404 and "本单位" in refused.value.problems[0].zh
    assert not Objection.objects.exists()


def test_a_county_cannot_pick_another_countys_finding(cast, notice, client_as):
    other = cast.findings["北原县"]
    response = client_as("entrant").post(new(cast), {"about": f"finding:{other.pk}", "reasons": "x"})
    assert response.status_code == 400 and not Objection.objects.exists()


def test_a_typed_target_is_refused(cast, notice):
    with pytest.raises(services.JudgingError) as refused:
        file(cast, about="总分少算了两分")
    assert "从列表中选择" in refused.value.problems[0].zh


@pytest.mark.parametrize("reasons, words", [("", "请填写异议理由"), ("   ", "请填写异议理由"),
                                            ("理" * 2001, "不能超过 2000 字")])
def test_reasons_are_required_and_limited(cast, notice, client_as, reasons, words):
    response = client_as("entrant").post(new(cast), {"about": "total", "reasons": reasons})
    assert response.status_code == 400
    assert not Objection.objects.exists()
    with pytest.raises(services.JudgingError) as refused:
        file(cast, reasons=reasons)
    assert words in refused.value.problems[0].zh


def test_a_refused_form_keeps_what_was_typed(cast, notice, client_as):
    response = client_as("entrant").post(new(cast), {"about": "node:实地核查", "reasons": ""})
    text = response.content.decode()
    assert '<option value="node:实地核查" selected>' in text


def test_a_bad_file_is_refused_by_name_and_nothing_is_saved(cast, notice, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("照片.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    response = client_as("entrant").post(new(cast), {"about": "total", "reasons": "理由",
                                                     "evidence": [photo(), fake]})
    assert response.status_code == 400 and "照片.jpg" in response.content.decode()
    assert not Objection.objects.exists() and not EvidenceFile.objects.exists()


def test_filing_after_the_notice_ended_is_refused(cast, notice, client_as):
    with time_machine.travel(AFTER, tick=False):
        with pytest.raises(services.JudgingError) as refused:
            file(cast)
        page = client_as("entrant").get(new(cast)).content.decode()
        posted = client_as("entrant").post(new(cast), {"about": "total", "reasons": "迟到"})
    assert refused.value.problems[0].zh == "只能在公示期内(2026-05-08 至 2026-05-14)提出异议"
    assert "只能在公示期内(2026-05-08 至 2026-05-14)提出异议" in page
    assert posted.status_code == 200 and not Objection.objects.exists()


def test_filing_before_the_notice_starts_is_refused(cast, notice):
    with time_machine.travel(dt.datetime(2026, 5, 7, 15, 59, tzinfo=dt.UTC), tick=False):  # 23:59
        with pytest.raises(services.JudgingError):
            file(cast)
    with time_machine.travel(dt.datetime(2026, 5, 7, 16, 0, tzinfo=dt.UTC), tick=False):  # 0:00 on the 8th
        assert file(cast).status == Status.RECEIVED


def test_the_last_day_of_the_notice_still_takes_objections(cast, notice):
    with time_machine.travel(dt.datetime(2026, 5, 14, 15, 59, tzinfo=dt.UTC), tick=False):
        assert file(cast).pk


def test_an_unpublished_notice_takes_no_objections(cast, notice):
    results.publish_notice(cast.organizer, notice, start=notice.notice_start, end=notice.notice_end,
                           contact="", published=False)
    with pytest.raises(services.JudgingError) as refused:
        file(cast)
    assert "尚未发布" in refused.value.problems[0].zh


@pytest.mark.parametrize("who", ["organizer", "chief", "judge", "inspector", "reporter"])
def test_only_units_file_on_the_units_form(cast, notice, client_as, who):
    assert client_as(who).post(new(cast), {"about": "total", "reasons": "x"}).status_code == 403
    assert not Objection.objects.exists()


def test_outsiders_cannot_find_the_form(cast, notice, client, client_as):
    assert client_as("other_organizer").get(new(cast)).status_code == 404
    client.logout()
    assert client.get(new(cast)).status_code == 302
