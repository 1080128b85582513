import pytest

from bipin.contests import services
from bipin.contests.models import Membership, Role
from bipin.io import ImportFailed
from bipin.testing.files import xlsx_bytes


def test_people_are_imported_with_roles_in_chinese(cast):
    data = xlsx_bytes([["用户名", "姓名", "角色", "所属单位"],
                       ["expert1", "专家一", "评委", ""],
                       ["nc_viewer", "联络员", "参评单位", "南川县"]], sheet="人员")
    services.import_people(cast.organizer, cast.contest, data, "people.xlsx")
    assert Membership.objects.get(user__username="expert1").role == Role.JUDGE
    viewer = Membership.objects.get(user__username="nc_viewer")
    assert viewer.role == Role.ENTRANT_VIEWER and viewer.entrant.name == "南川县"


def test_an_unknown_role_and_unit_fail_the_whole_file(cast):
    data = xlsx_bytes([["用户名", "角色", "所属单位"], ["expert1", "评委", ""],
                       ["x", "观众", ""], ["y", "参评单位", "无此县"]], sheet="人员")
    with pytest.raises(ImportFailed) as caught:
        services.import_people(cast.organizer, cast.contest, data, "people.xlsx")
    text = [p.zh for p in caught.value.problems]
    assert text[0].startswith("people.xlsx 工作表“人员” 第3行 B列(角色):角色“观众”无效")
    assert text[1] == "people.xlsx 工作表“人员” 第4行 C列:参评单位“无此县”不存在"
    assert not Membership.objects.filter(user__username="expert1").exists()


def test_a_username_longer_than_an_account_holds_is_refused_at_its_cell(cast):
    data = xlsx_bytes([["用户名", "角色"], ["u" * 151, "评委"], ["ok", ""]], sheet="人员")
    with pytest.raises(ImportFailed) as caught:
        services.import_people(cast.organizer, cast.contest, data, "people.xlsx")
    assert [p.zh for p in caught.value.problems] == [
        "people.xlsx 工作表“人员” 第2行 A列(用户名):内容过长:151个字符,最多150个",
        "people.xlsx 工作表“人员” 第3行 B列(角色):不能为空"]
    assert not Membership.objects.filter(user__username="ok").exists()
