"""The organizer issues 获奖证书 for the released result: one per award, each with its code.

北原县 (46.80) and 南川县 (42.20) are first and second of 整体推进县, 教育局 (33.00)
alone in 市直部门 is its first; the scheme gives one 一等奖 and one 二等奖 per group.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from bipin.audit.models import Record
from bipin.certificates import services
from bipin.certificates.models import Certificate
from bipin.results import services as results

pytestmark = pytest.mark.django_db
CODE = re.compile(r"^[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}$")


def test_each_award_of_the_release_gets_one_certificate_with_its_own_code(cast, released):
    made = services.issue_certificates(cast.organizer, cast.contest)
    assert [(c.holder, c.group, c.award, c.total, c.sample) for c in made] == [
        ("北原县", "整体推进县", "一等奖", "46.80", ""),
        ("南川县", "整体推进县", "二等奖", "42.20", ""),
        ("教育局", "市直部门", "一等奖", "33.00", "")]
    assert all(CODE.match(c.code) for c in made) and len({c.code for c in made}) == 3
    audit = Record.objects.get(action="certificates.issue")
    assert audit.data["issued"] == [c.code for c in made] and audit.target == "2026年测试结果"


def test_issuing_again_changes_nothing_already_printed(cast, released, client_as):
    first = services.issue_certificates(cast.organizer, cast.contest)
    answer = client_as("organizer").post(reverse("certificates:issue", args=[cast.contest.slug]),
                                         follow=True)
    assert "这次发布的奖项都已颁发证书" in answer.content.decode()
    assert list(Certificate.objects.values_list("code", flat=True)) == [c.code for c in first]
    assert Record.objects.filter(action="certificates.issue").count() == 1


def test_nothing_is_certified_before_the_results_are_released(cast, live, client_as):
    answer = client_as("organizer").post(reverse("certificates:issue", args=[cast.contest.slug]),
                                         follow=True)
    assert "成绩尚未发布,不能颁发证书" in answer.content.decode()
    assert not Certificate.objects.exists()


def test_a_release_without_awards_has_nothing_to_certify(cast, live):
    from bipin.results.tests.conftest import OBSERVATIONS_CSV, give_scheme

    give_scheme(cast.contest)
    results.import_observations(cast.organizer, cast.contest, OBSERVATIONS_CSV.encode(), "d.csv")
    snapshot, _ = results.compute_snapshot(cast.organizer, cast.contest)
    results.release_results(cast.organizer, snapshot, "无奖项")
    with pytest.raises(services.JudgingError) as refused:
        services.issue_certificates(cast.organizer, cast.contest)
    assert refused.value.problems[0].zh.startswith("这次发布的结果中没有奖项")
    assert not Certificate.objects.exists()


def test_a_blind_contest_names_its_holders_only_after_the_key_is_released(cast, released):
    from bipin.judging import services as judging

    cast.contest.blind = True
    cast.contest.save(update_fields=["blind"])
    with pytest.raises(services.JudgingError) as refused:
        services.issue_certificates(cast.organizer, cast.contest)
    assert "盲评密钥尚未公开" in refused.value.problems[0].zh
    assert not Certificate.objects.exists()
    judging.release_key(cast.organizer, cast.contest)
    made = services.issue_certificates(cast.organizer, cast.contest)
    assert [(c.holder, c.sample) for c in made] == [("北原县", "A02"), ("南川县", "A01"), ("教育局", "B01")]


def test_a_corrected_release_replaces_the_certificates_of_the_earlier_one(cast, released, client):
    old = services.issue_certificates(cast.organizer, cast.contest)
    correction = "参评对象,来源,指标,评委,分值\n南川县,data,饮水达标率,,100\n"
    results.import_observations(cast.organizer, cast.contest, correction.encode(), "更正.csv",
                                correction=True, reason="水务局更正上报口径")
    snapshot, created = results.compute_snapshot(cast.organizer, cast.contest)
    assert created
    corrected = results.release_results(cast.organizer, snapshot, "2026年测试结果(更正)")
    new = services.issue_certificates(cast.organizer, cast.contest)
    assert {c.code for c in new}.isdisjoint(c.code for c in old)
    assert all(c.replaced_by == corrected for c in Certificate.objects.filter(release=released))
    page = client.get(reverse("certificates:check"), {"code": old[0].code}).content.decode()
    assert "证书真实,但已被更正的结果取代" in page and "2026年测试结果(更正)" in page
