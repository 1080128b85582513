"""A town's monthly report goes up: the county approves, then the city; a higher
approval locks the lower ones until it is undone with a reason."""

import pytest

from bipin.audit.models import Record
from bipin.periodic import reports
from bipin.periodic.errors import PeriodicError
from bipin.periodic.models import Correction, Report

from .conftest import approve_all, fill


def test_the_chain_is_the_county_then_the_city(area):
    report = fill(area, "2026-01", "甲镇", 120, 114)
    assert report.levels == [area.nc.key, area.city.key]
    assert (report.state, report.approved_level) == ("submitted", "")


def test_the_city_cannot_approve_before_the_county(area):
    report = fill(area, "2026-01", "甲镇", 120, 114)
    with pytest.raises(PeriodicError) as err:
        reports.approve(area.users["city"], report, area.city)
    assert err.value.problems[0].zh.startswith("该报送不在本级待审核")
    assert Report.objects.get().approved_level == ""


def test_approval_goes_up_level_by_level_and_is_audited(area):
    report = fill(area, "2026-01", "甲镇", 120, 114)
    report = reports.approve(area.users["reviewer"], report, area.nc)
    assert (report.state, report.approved_level) == ("submitted", area.nc.key)
    report = reports.approve(area.users["city"], report, area.city)
    assert (report.state, report.approved_level) == ("approved", area.city.key)
    actions = list(
        Record.objects.filter(action__startswith="period-report.").values_list(
            "action", "actor_label", "target"
        )
    )
    target = f"period-report:{report.pk}"
    assert actions == [
        ("period-report.save", "reporter", target),
        ("period-report.submit", "reporter", target),
        ("period-report.approve", "reviewer", target),
        ("period-report.approve", "city", target),
    ]


def test_a_higher_approval_locks_the_lower_one_until_it_is_undone(area):
    report = approve_all(area, fill(area, "2026-01", "甲镇", 120, 114))
    with pytest.raises(PeriodicError) as err:
        reports.undo(area.users["reviewer"], report, area.nc, "填错了")
    assert "须先由上级撤销" in err.value.problems[0].zh
    with pytest.raises(PeriodicError) as err:
        reports.undo(area.users["city"], report, area.city, "  ")
    assert err.value.problems[0].zh == "撤销审核须填写原因"
    report = reports.undo(area.users["city"], report, area.city, "甲镇户数与台账不符")
    assert (report.state, report.approved_level) == ("submitted", area.nc.key)
    # The county's approval is no longer locked: it may undo it in turn.
    report = reports.undo(area.users["reviewer"], report, area.nc, "请甲镇核实")
    assert (report.state, report.approved_level) == ("submitted", "")
    record = Record.objects.filter(action="period-report.undo").order_by("seq").first()
    assert (record.reason, record.actor_label) == ("甲镇户数与台账不符", "city")


def test_values_are_locked_once_submitted(area):
    report = fill(area, "2026-01", "甲镇", 120, 114)
    with pytest.raises(PeriodicError) as err:
        reports.save_values(
            area.users["reporter"], report.period, report.unit, {"households": "121"}
        )
    assert err.value.status == 409
    assert report.values.get(field=area.households).number == 120


def test_a_return_needs_a_reason_and_clears_every_approval(area):
    report = fill(area, "2026-01", "甲镇", 120, 114)
    report = reports.approve(area.users["reviewer"], report, area.nc)
    with pytest.raises(PeriodicError):
        reports.send_back(area.users["city"], report, area.city, "")
    report = reports.send_back(area.users["city"], report, area.city, "已落实户数偏高,请核实")
    assert (report.state, report.approved_level) == ("returned", "")


def test_a_correction_after_approval_needs_a_reason_is_kept_and_is_approved_again(area):
    report = approve_all(area, fill(area, "2026-01", "甲镇", 120, 114))
    report = reports.undo(area.users["city"], report, area.city, "需更正")
    report = reports.send_back(area.users["city"], report, area.city, "已落实户数应为112")
    reporter = area.users["reporter"]
    with pytest.raises(PeriodicError) as err:
        reports.save_values(reporter, report.period, report.unit, {"helped": "112"})
    assert err.value.problems[0].zh == "该报表曾审核通过,更正数值须填写更正原因"
    assert report.values.get(field=area.helped).number == 114
    reports.save_values(
        reporter, report.period, report.unit, {"helped": "112"}, reason="两户重复统计"
    )
    c = Correction.objects.get()
    assert (c.old_number, c.new_number, c.reason, c.by) == (114, 112, "两户重复统计", reporter)
    assert Record.objects.get(action="period-report.correct").reason == "两户重复统计"
    report = approve_all(area, reports.submit(reporter, Report.objects.get(pk=report.pk)))
    assert report.state == "approved"


def test_the_organizer_reopens_an_approved_report(area):
    report = approve_all(area, fill(area, "2026-01", "甲镇", 120, 114))
    report = reports.reopen(area.org, report, "市里统一重报")
    assert (report.state, report.approved_level) == ("draft", "")


def test_submitting_needs_every_number(area):
    reporter = area.users["reporter"]
    report = reports.save_values(
        reporter, area.periods["2026-01"], area.towns["甲镇"], {"households": "120"}
    )
    with pytest.raises(PeriodicError) as err:
        reports.submit(reporter, report)
    assert [(p.field, p.zh) for p in err.value.problems] == [
        ("helped", "“已落实帮扶户数”未填写,不能提交")
    ]


def test_a_numerator_above_its_denominator_cannot_be_submitted(area):
    reporter = area.users["reporter"]
    report = reports.save_values(
        reporter,
        area.periods["2026-01"],
        area.towns["甲镇"],
        {"households": "100", "helped": "101"},
    )
    with pytest.raises(PeriodicError) as err:
        reports.submit(reporter, report)
    assert err.value.problems[0].zh == "“帮扶覆盖率”的分子101须在0到分母100之间"
