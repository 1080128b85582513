"""The audit log answers for every periodic row: a year run through Bipin verifies,
and a figure edited outside it is named."""

from bipin.audit.verification import verify
from bipin.periodic import reports, setup, units
from bipin.periodic.models import Value

from .conftest import approve_all, fill


def test_a_year_run_through_bipin_verifies_and_an_edit_outside_is_named(area):
    setup.map_field(area.org, area.coverage, leaf="覆盖率")
    report = approve_all(area, fill(area, "2026-01", "甲镇", 120, 114))
    report = reports.undo(area.users["city"], report, area.city, "更正")
    report = reports.send_back(area.users["city"], report, area.city, "请更正")
    reports.save_values(
        area.users["reporter"], report.period, report.unit, {"helped": "113"}, reason="重复"
    )
    fill(area, "2026-01", "丙镇", 50, 40)
    units.delete_unit(area.org, units.add_unit(area.org, area.contest, name="临时", level="村"))
    result = verify(f"contest:{area.contest.pk}")
    assert result.ok, str(result)
    Value.objects.filter(field=area.helped, report=report).update(number=120)
    result = verify(f"contest:{area.contest.pk}")
    assert not result.ok and [(p.table, p.kind) for p in result.problems] == [
        ("periodic.value", "changed")
    ]
