"""The organizer imports and edits the area's hierarchy, and names who reports and reviews."""

import pytest

from bipin.audit.models import Record
from bipin.io import ImportFailed
from bipin.periodic import units
from bipin.periodic.errors import PeriodicError
from bipin.periodic.models import Unit, UnitPerson

from .conftest import fill

GOOD = "单位名称,上级单位,层级,对应参评单位\n示例市,,市,\n南川县区,示例市,县,南川县\n甲镇,南川县区,乡镇,\n乙镇,南川县区,乡镇,\n"


def _messages(exc):
    return [(p.row, p.column, p.message_zh) for p in exc.value.problems]


def test_a_good_file_adds_every_unit_with_its_parent(cast):
    assert units.import_units(cast.organizer, cast.contest, GOOD.encode(), "units.csv") == 4
    got = {
        u.name: (u.parent.name if u.parent else "", u.level, u.entrant.name if u.entrant else "")
        for u in Unit.objects.select_related("parent", "entrant")
    }
    assert got == {
        "示例市": ("", "市", ""),
        "南川县区": ("示例市", "县", "南川县"),
        "甲镇": ("南川县区", "乡镇", ""),
        "乙镇": ("南川县区", "乡镇", ""),
    }
    assert Record.objects.get(action="periodic.unit.import").data == {"count": 4}


def test_a_parent_further_down_the_file_is_found(cast):
    data = "单位名称,上级单位,层级\n甲镇,南川县区,乡镇\n南川县区,,县\n"
    assert units.import_units(cast.organizer, cast.contest, data.encode(), "units.csv") == 2
    assert Unit.objects.get(name="甲镇").parent.name == "南川县区"


def test_a_bad_file_is_refused_whole_with_each_problem_located(cast):
    units.add_unit(cast.organizer, cast.contest, name="已有镇", level="乡镇")
    data = (
        "单位名称,上级单位,层级,对应参评单位\n"
        "甲镇,无名县,乡镇,\n"  # row 2: unknown parent
        "乙镇,,乡镇,不存在县\n"  # row 3: unknown entrant
        "甲镇,,乡镇,\n"  # row 4: duplicate
        "已有镇,,乡镇,\n"  # row 5: exists already
        "环一,环二,乡镇,\n环二,环一,乡镇,\n"  # rows 6-7: a cycle
        "丙镇,,,\n"
    )  # row 8: no level
    with pytest.raises(ImportFailed) as err:
        units.import_units(cast.organizer, cast.contest, data.encode(), "units.csv")
    assert sorted(_messages(err)) == sorted(
        [
            (2, "B", "上级单位“无名县”不存在"),
            (3, "D", "参评单位“不存在县”不存在"),
            (4, "A", "与第2行重复"),
            (5, "A", "单位“已有镇”已存在"),
            (6, "B", "“环一”的上级关系形成循环"),
            (7, "B", "“环二”的上级关系形成循环"),
            (8, "C", "不能为空"),
        ]
    )
    assert list(Unit.objects.values_list("name", flat=True)) == ["已有镇"]


def test_an_entrant_maps_to_one_unit_only(cast):
    units.add_unit(
        cast.organizer, cast.contest, name="南川县区", level="县", entrant=cast.entrants["南川县"]
    )
    with pytest.raises(ImportFailed) as err:
        units.import_units(
            cast.organizer,
            cast.contest,
            "单位名称,层级,参评单位\n南川二区,县,南川县\n".encode(),
            "u.csv",
        )
    assert _messages(err) == [(2, "C", "参评单位“南川县”已对应单位“南川县区”")]
    with pytest.raises(PeriodicError) as err2:
        units.add_unit(
            cast.organizer, cast.contest, name="又一区", level="县", entrant=cast.entrants["南川县"]
        )
    assert err2.value.problems[0].zh == "参评单位“南川县”已对应单位“南川县区”"


def test_a_unit_cannot_be_put_under_its_own_child(cast):
    top = units.add_unit(cast.organizer, cast.contest, name="县", level="县")
    town = units.add_unit(cast.organizer, cast.contest, name="镇", level="乡镇", parent=top)
    with pytest.raises(PeriodicError) as err:
        units.update_unit(cast.organizer, top, name="县", level="县", parent=town, entrant=None)
    assert err.value.problems[0].zh == "“镇”在“县”之下,不能作其上级"


def test_a_unit_with_reports_keeps_its_place(area):
    fill(area, "2026-01", "甲镇", 10, 9)
    with pytest.raises(PeriodicError) as err:
        units.update_unit(
            area.org, area.towns["甲镇"], name="甲镇", level="乡镇", parent=area.by, entrant=None
        )
    assert err.value.problems[0].zh.startswith("“甲镇”或其下级已有报表")
    with pytest.raises(PeriodicError):
        units.update_unit(
            area.org, area.nc, name="南川县区", level="县", parent=None, entrant=area.nc.entrant
        )
    renamed = units.update_unit(
        area.org, area.towns["甲镇"], name="甲镇(新)", level="乡镇", parent=area.nc, entrant=None
    )
    assert renamed.name == "甲镇(新)"
    with pytest.raises(PeriodicError) as err:
        units.delete_unit(area.org, renamed)
    assert err.value.problems[0].zh == "“甲镇(新)”已有报表,不能删除"


def test_only_a_holder_of_the_role_can_report_or_review(area):
    with pytest.raises(PeriodicError) as err:
        units.assign(
            area.org, area.towns["丙镇"], area.users["inspector"], UnitPerson.Duty.REPORTER
        )
    assert (
        err.value.problems[0].zh
        == "inspector 在本活动中没有“行业部门填报”角色,请先在人员与角色中授予"
    )
    with pytest.raises(PeriodicError):
        units.assign(area.org, area.by, area.users["reporter"], UnitPerson.Duty.REVIEWER)
    assert not UnitPerson.objects.filter(user=area.users["inspector"]).exists()
