"""The entrant sees its confirmed findings and may appeal within the window."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from bipin.inspections import observations, services
from bipin.inspections.models import Appeal, Finding
from bipin.inspections.tests.conftest import record
from bipin.judging.services import JudgingError

CONFIRMED_AT = datetime.datetime(2026, 4, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def confirmed(field):
    finding, _ = record(field)
    with time_machine.travel(CONFIRMED_AT, tick=False):
        services.confirm_finding(field.inspector, finding)
    finding.refresh_from_db()
    return finding


def test_an_appeal_within_the_window_is_filed(field, confirmed):
    with time_machine.travel(CONFIRMED_AT + datetime.timedelta(days=5), tick=False):
        appeal = services.file_appeal(field.entrant, confirmed, "该管道已于3月更换,附照片")
    assert appeal.decision == Appeal.Decision.PENDING


def test_an_appeal_after_the_window_is_refused_with_the_deadline(field, confirmed):
    with time_machine.travel(CONFIRMED_AT + datetime.timedelta(days=5, seconds=1), tick=False):
        with pytest.raises(JudgingError) as err:
            services.file_appeal(field.entrant, confirmed, "迟到的申辩")
    shown = timezone.localtime(CONFIRMED_AT + datetime.timedelta(days=5)).strftime("%Y-%m-%d %H:%M")
    assert err.value.problems[0].zh == f"申辩期已于 {shown} 截止,不能再申辩"
    assert not Appeal.objects.exists()


def test_one_pending_appeal_at_a_time(field, confirmed):
    with time_machine.travel(CONFIRMED_AT + datetime.timedelta(days=1), tick=False):
        services.file_appeal(field.entrant, confirmed, "第一次")
        with pytest.raises(JudgingError) as err:
            services.file_appeal(field.entrant, confirmed, "第二次")
    assert err.value.problems[0].zh == "已有一份申辩待裁定"


def test_another_county_cannot_appeal(field, confirmed):
    from bipin.contests.models import Role
    from bipin.contests.services import grant_role
    from bipin.testing.cast import make_user

    other = make_user("beiyuan", contest=field.contest)
    grant_role(
        field.organizer, field.contest, other, Role.ENTRANT_VIEWER, entrant=field.entrants["北原县"]
    )
    with time_machine.travel(CONFIRMED_AT, tick=False), pytest.raises(JudgingError) as err:
        services.file_appeal(other, confirmed, "不是我的")
    assert err.value.status == 404


def test_an_appeal_upheld_keeps_the_deduction(field, confirmed):
    with time_machine.travel(CONFIRMED_AT, tick=False):
        appeal = services.file_appeal(field.entrant, confirmed, "理由")
    services.decide_appeal(field.organizer, appeal, "upheld", "照片清楚显示渗漏")
    assert len(observations.collect(field.contest)) == 1


def test_an_appeal_granted_withdraws_the_finding_and_its_provenance_says_so(field, confirmed):
    with time_machine.travel(CONFIRMED_AT, tick=False):
        appeal = services.file_appeal(field.entrant, confirmed, "已整改")
    services.decide_appeal(field.organizer, appeal, "withdrawn", "核实已整改")
    confirmed.refresh_from_db()
    assert confirmed.status == Finding.Status.WITHDRAWN
    assert confirmed.withdraw_reason == "申辩成立:核实已整改"
    assert observations.collect(field.contest) == []
    prov = observations.provenance(field.contest, [confirmed.ref], field.entrant)[confirmed.ref]
    facts = dict(prov.facts)
    assert facts["核查组"] == "第一核查组" and facts["记录人"] == "核查员乙"
    assert facts["申辩裁定"].startswith("撤销问题(组织者甲,") and facts["申辩裁定"].endswith(
        "核实已整改"
    )
    assert prov.url == f"/c/test-contest/inspections/findings/{confirmed.pk}/"


def test_provenance_gives_no_link_to_someone_who_may_not_see_the_finding(field, confirmed):
    prov = observations.provenance(field.contest, [confirmed.ref, "sheet:1"], field.judge)
    assert list(prov) == [confirmed.ref] and prov[confirmed.ref].url == ""


def test_the_entrant_sees_only_its_confirmed_findings(field, confirmed, client_as):
    record(field, description="尚未确认的问题")
    page = client_as("entrant").get("/c/test-contest/inspections/feedback/").content.decode()
    assert "主管道锈蚀渗漏" in page and "尚未确认的问题" not in page
