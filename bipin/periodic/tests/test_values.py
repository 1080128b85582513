"""A town's figures are checked field by field; one bad value saves nothing."""

from decimal import Decimal

import pytest

from bipin.periodic import reports, setup
from bipin.periodic.errors import PeriodicError
from bipin.periodic.models import Report, Value


def _save(area, raw, town="甲镇"):
    return reports.save_values(
        area.users["reporter"], area.periods["2026-01"], area.towns[town], raw
    )


def test_good_values_are_saved_exactly(area):
    report = _save(area, {"households": "1,200", "helped": "1188", "note": "  两户外出务工  "})
    got = {v.field.code: (v.number, v.text) for v in report.values.select_related("field")}
    assert got == {"households": (1200, ""), "helped": (1188, ""), "note": (None, "两户外出务工")}


def test_every_bad_value_is_named_and_nothing_is_saved(area):
    setup.add_field(
        area.org,
        area.form,
        code="funds",
        label="帮扶资金",
        kind="decimal",
        unit="万元",
        minimum="0",
        maximum="500",
    )
    with pytest.raises(PeriodicError) as err:
        _save(area, {"households": "12.5", "helped": "九十", "funds": "600", "note": "x" * 501})
    assert [(p.field, p.zh) for p in err.value.problems] == [
        ("households", "“监测对象户数”须为整数,填的是12.5"),
        ("helped", "“已落实帮扶户数”应为数字,填的是“九十”"),
        ("note", "“情况说明”不能超过500字"),
        ("funds", "“帮扶资金”600超出范围[0, 500]"),
    ]
    assert err.value.problems[0].en == "households: must be a whole number, got 12.5"
    assert not Report.objects.exists() and not Value.objects.exists()


def test_decimals_beyond_four_places_are_refused_not_rounded(area):
    setup.add_field(area.org, area.form, code="funds", label="帮扶资金", kind="decimal")
    with pytest.raises(PeriodicError) as err:
        _save(area, {"funds": "1.23456"})
    assert err.value.problems[0].zh == "“帮扶资金”最多4位小数,填的是1.23456"
    assert _save(area, {"funds": "1.23450"}).values.get().number == Decimal("1.2345")


@pytest.mark.parametrize("raw", ["nan", "inf", "1e20", "-1"])
def test_non_finite_huge_and_out_of_range_numbers_are_refused(area, raw):
    with pytest.raises(PeriodicError):
        _save(area, {"households": raw})
    assert not Value.objects.exists()


def test_a_percent_field_is_bounded_0_to_100_unless_declared(area):
    typed = setup.add_field(area.org, area.form, code="typed", label="填报覆盖率", kind="percent")
    assert (typed.minimum, typed.maximum) == (0, 100)
    with pytest.raises(PeriodicError) as err:
        _save(area, {"typed": "100.5"})
    assert err.value.problems[0].zh == "“填报覆盖率”100.5超出范围[0, 100]"


def test_a_computed_rate_is_never_typed_in(area):
    report = _save(area, {"households": "100", "helped": "95", "coverage": "12"})
    assert not report.values.filter(field=area.coverage).exists()


def test_field_declarations_are_checked(area):
    form = area.form
    cases = [
        (
            dict(code="1x", label="a", kind="integer"),
            "代号须以字母开头,只含字母、数字、下划线,不超过40字",
        ),
        (dict(code="households", label="a", kind="integer"), "代号“households”已存在"),
        (dict(code="a", label="a", kind="integer", minimum="5", maximum="1"), "上限须不小于下限"),
        (
            dict(code="a", label="a", kind="integer", numerator="helped", denominator="households"),
            "只有百分比字段可以由分子、分母计算",
        ),
        (
            dict(code="a", label="a", kind="percent", numerator="note", denominator="households"),
            "分子字段“情况说明”须为整数或小数",
        ),
    ]
    for kwargs, zh in cases:
        with pytest.raises(PeriodicError) as err:
            setup.add_field(area.org, form, **kwargs)
        assert err.value.problems[0].zh == zh


def test_periods_are_opened_once_with_their_deadlines(area):
    quarterly = setup.create_form(
        area.org, area.contest, name="季报", periodicity="quarterly", level="乡镇"
    )
    added = setup.add_periods(
        area.org, quarterly, first="2026-Q3", last="2027-Q1", deadline_days=15
    )
    assert [(p.label, p.deadline.isoformat()) for p in added] == [
        ("2026-Q3", "2026-10-15"),
        ("2026-Q4", "2027-01-15"),
        ("2027-Q1", "2027-04-15"),
    ]
    with pytest.raises(PeriodicError) as err:
        setup.add_periods(area.org, area.form, first="2026-03", last="2026-04")
    assert err.value.problems[0].zh == "期别2026-03已存在"
    with pytest.raises(PeriodicError) as err:
        setup.add_periods(area.org, area.form, first="2026-13", last="2026-13")
    assert err.value.problems[0].zh == "期别“2026-13”格式应为 2026-01"
