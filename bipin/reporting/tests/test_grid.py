"""A department fills its grid: exact cells, range refusals, submit, review, correct."""

from decimal import Decimal

import pytest

from bipin.audit.models import Record
from bipin.judging.engine import contest_scheme
from bipin.reporting import grid as grids
from bipin.reporting import services
from bipin.reporting.models import ReviewEvent, Submission, Value
from bipin.reporting.services import ReportingError

from .conftest import full_grid


def edu(dept):
    return grids.build(dept.contest, "教育局")


def test_the_grid_is_the_departments_indicators_times_the_entrants_each_rates(dept):
    g = edu(dept)
    assert [n.id for n in g.items] == ["教育专项", "教育保障", "控辍保学率"]
    assert [e.name for e in g.entrants] == ["南川县", "北原县", "教育局"]
    assert sorted(
        (dept.entrants[n].name, i)
        for n in dept.entrants
        for i in ("教育专项", "教育保障", "控辍保学率")
        if g.node(dept.ids[n], i)
    ) == [
        ("北原县", "控辍保学率"),
        ("北原县", "教育保障"),
        ("南川县", "控辍保学率"),
        ("南川县", "教育保障"),
        ("教育局", "教育专项"),
        ("教育局", "教育保障"),
    ]
    assert len(g) == 6
    assert grids.departments(contest_scheme(dept.contest)) == ["教育局", "卫健委"]
    assert grids.build(dept.contest, "不存在的部门") is None
    assert [e.name for e in grids.build(dept.contest, "卫健委").entrants] == [
        "南川县",
        "北原县",
        "教育局",
    ]


def test_saved_values_are_exactly_what_was_typed(dept):
    n = services.save_values(
        dept.reporter, dept.contest, edu(dept), full_grid(dept, 南川县__控辍保学率="98.5%")
    )
    assert n == 6
    got = {(v.entrant.name, v.item): v.value for v in Value.objects.filter(current=True)}
    assert got[("南川县", "控辍保学率")] == Decimal("98.5")
    assert got[("北原县", "教育保障")] == Decimal("7.5")
    assert Record.objects.filter(action="dept-value.save").count() == 1
    assert (
        Record.objects.get(action="dept-value.save").data["values"][
            f"{dept.ids['南川县']}:控辍保学率"
        ]
        == "98.5"
    )


def test_saving_the_same_values_again_writes_nothing(dept):
    services.save_values(dept.reporter, dept.contest, edu(dept), full_grid(dept))
    assert services.save_values(dept.reporter, dept.contest, edu(dept), full_grid(dept)) == 0
    assert Value.objects.count() == 6
    assert Record.objects.filter(action="dept-value.save").count() == 1


def test_a_changed_cell_supersedes_the_old_row_which_stays_in_the_history(dept):
    services.save_values(dept.reporter, dept.contest, edu(dept), full_grid(dept))
    services.save_values(
        dept.reporter, dept.contest, edu(dept), full_grid(dept, 北原县__教育保障="5")
    )
    rows = Value.objects.filter(entrant=dept.entrants["北原县"], item="教育保障").order_by("pk")
    assert [(r.value, r.current) for r in rows] == [(Decimal("7.5"), False), (Decimal("5"), True)]
    assert rows[1].supersedes == rows[0]


def test_one_value_out_of_range_refuses_the_whole_save_naming_the_cell(dept):
    bad = full_grid(dept, 南川县__教育保障="11", 北原县__控辍保学率="一百")
    with pytest.raises(ReportingError) as err:
        services.save_values(dept.reporter, dept.contest, edu(dept), bad)
    zh = [p.zh for p in err.value.problems]
    assert zh == [
        "南川县 · 教育保障:“教育保障”的分值11超出有效范围[0, 10](由计分规则推定:评定分不超过分值10;"
        "若该值确实有效,请在方案中为该指标声明 range)",
        "北原县 · 控辍保学率:“一百”不是数字",
    ]
    assert err.value.problems[1].en == "北原县 · 控辍保学率: '一百' is not a number"
    assert (
        not Value.objects.exists() and not Record.objects.filter(action="dept-value.save").exists()
    )


def test_a_cell_the_indicator_does_not_rate_is_refused(dept):
    with pytest.raises(ReportingError) as err:
        services.save_values(
            dept.reporter, dept.contest, edu(dept), {(dept.ids["教育局"], "控辍保学率"): "90"}
        )
    assert err.value.problems[0].zh == "教育局 · 控辍保学率:该指标不评价该单位"


def test_too_many_decimals_are_refused_not_rounded(dept):
    with pytest.raises(ReportingError) as err:
        services.save_values(
            dept.reporter, dept.contest, edu(dept), {(dept.ids["南川县"], "教育保障"): "1.1234567"}
        )
    assert "小数超过 6 位" in err.value.problems[0].zh


def test_a_grid_with_blank_cells_cannot_be_submitted(dept):
    cells = full_grid(dept)
    cells.pop((dept.ids["教育局"], "教育保障"))
    services.save_values(dept.reporter, dept.contest, edu(dept), cells)
    with pytest.raises(ReportingError) as err:
        services.submit(dept.reporter, dept.contest, edu(dept))
    assert err.value.problems[0].zh == "还有 1 个单元格未填写,不能提交"
    assert Submission.objects.get().state == "draft"


def test_submit_return_correct_and_approve(dept):
    g = edu(dept)
    services.save_values(dept.reporter, dept.contest, g, full_grid(dept))
    sub = services.submit(dept.reporter, dept.contest, g)
    # Submitted values are frozen for the reporter.
    with pytest.raises(ReportingError) as err:
        services.save_values(dept.reporter, dept.contest, g, full_grid(dept, 南川县__教育保障="9"))
    assert err.value.status == 409
    sub = services.send_back(dept.reviewer, sub, "南川县教育保障偏高,请核实")
    assert sub.state == "returned"
    services.save_values(dept.reporter, dept.contest, g, full_grid(dept, 南川县__教育保障="7"))
    sub = services.submit(dept.reporter, dept.contest, g)
    sub = services.approve(dept.reviewer, sub)
    assert sub.state == "approved"
    assert list(ReviewEvent.objects.values_list("action", flat=True)) == [
        "submit",
        "return",
        "submit",
        "approve",
    ]
    assert set(
        Record.objects.filter(action__startswith="dept-").values_list("action", flat=True)
    ) == {
        "dept-submission.create",
        "dept-value.save",
        "dept-submission.submit",
        "dept-submission.return",
        "dept-submission.approve",
    }


def test_a_correction_after_approval_takes_effect_with_its_reason(dept):
    g = edu(dept)
    services.save_values(dept.reporter, dept.contest, g, full_grid(dept))
    sub = services.approve(dept.reviewer, services.submit(dept.reporter, dept.contest, g))
    with pytest.raises(ReportingError) as err:
        services.correct_values(
            dept.reviewer, dept.contest, g, {(dept.ids["南川县"], "教育保障"): "6"}, " "
        )
    assert err.value.problems[0].zh == "更正须填写原因"
    n = services.correct_values(
        dept.reviewer, dept.contest, g, {(dept.ids["南川县"], "教育保障"): "6"}, "录入笔误"
    )
    assert n == 1
    row = Value.objects.get(entrant=dept.entrants["南川县"], item="教育保障", current=True)
    assert (row.value, row.is_correction, row.reason, row.entered_by) == (
        Decimal("6"),
        True,
        "录入笔误",
        dept.reviewer,
    )
    ev = ReviewEvent.objects.get(action="correct")
    assert (ev.reason, ev.actor) == ("录入笔误", dept.reviewer)
    rec = Record.objects.get(action="dept-submission.correct")
    assert rec.data["values"] == {f"{dept.ids['南川县']}:教育保障": "6"}
    assert Submission.objects.get(pk=sub.pk).state == "approved"


def test_a_correction_before_approval_is_refused(dept):
    g = edu(dept)
    services.save_values(dept.reporter, dept.contest, g, full_grid(dept))
    with pytest.raises(ReportingError) as err:
        services.correct_values(
            dept.reviewer, dept.contest, g, {(dept.ids["南川县"], "教育保障"): "6"}, "x"
        )
    assert err.value.status == 409


def test_the_organizer_reopens_an_approved_grid(dept):
    g = edu(dept)
    services.save_values(dept.reporter, dept.contest, g, full_grid(dept))
    sub = services.approve(dept.reviewer, services.submit(dept.reporter, dept.contest, g))
    sub = services.reopen(dept.organizer, sub, "部门申请调整")
    assert sub.state == "draft"
    assert (
        services.save_values(dept.reporter, dept.contest, g, full_grid(dept, 南川县__教育保障="5"))
        == 1
    )


def test_a_number_too_large_for_the_column_is_refused(dept):
    with pytest.raises(ReportingError) as err:
        services.save_values(
            dept.reporter, dept.contest, edu(dept), {(dept.ids["南川县"], "控辍保学率"): "9" * 30}
        )
    assert (
        err.value.problems[0].zh == "南川县 · 控辍保学率:数值过大(绝对值须小于 100,000,000,000,000)"
    )


def test_a_decimal_comma_is_refused_not_read_as_thousands(dept):
    # "1,0" used to lose its comma and be saved as 10, inside 教育保障's [0, 10].
    with pytest.raises(ReportingError) as err:
        services.save_values(
            dept.reporter, dept.contest, edu(dept), {(dept.ids["南川县"], "教育保障"): "1,0"}
        )
    assert err.value.problems[0].zh == "南川县 · 教育保障:“1,0”不是数字"
    assert not Value.objects.exists()


def test_a_long_figure_keeps_every_digit_never_passing_through_a_float(dept):
    # A float holds 15 to 17 digits: 12345678901.123456 came back as …123455.
    assert grids.parse_value("1234567890.12345") == Decimal("1234567890.12345")
    assert grids.parse_value("9,999,999,999,999.9") == Decimal("9999999999999.9")
    assert grids.parse_value(Decimal("1234567890.12345")) == Decimal("1234567890.12345")
    assert grids.parse_value("12000000000000") == Decimal("12000000000000")


def test_a_figure_the_engine_could_not_hold_exactly_is_refused_not_rounded(dept):
    # Stored exactly it would still be scored as a float: …123456 would count as …123455.
    with pytest.raises(grids.CellError, match="more than 15 significant digits"):
        grids.parse_value("12345678901.123456")
    with pytest.raises(grids.CellError, match="more than 15 significant digits"):
        grids.parse_value(Decimal("1234567890123.456"))
    with pytest.raises(grids.CellError, match="too large"):
        grids.parse_value("1e999999999")  # abs() of it overflowed the decimal context: a 500
