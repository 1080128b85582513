"""The organizer imports registrations typed from paper forms: every row checked as the public
form checks one, each problem named by its row and column, and one bad row saves nothing."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bipin.audit.models import Record
from bipin.io.problems import ImportFailed
from bipin.registration import imports
from bipin.registration.models import Registration
from bipin.registration.tests.conftest import registered

pytestmark = pytest.mark.django_db

HEAD = "报名登记表(示例)\n报送者,联系人,联系电话,组别,品种,产地,果园面积(亩),备注\n"
GOOD = HEAD + ("示例果农甲,示例甲,13900000001,整体推进县,示例红富士,示例东村,12.5,纸质报名\n"
               "示例合作社,示例乙,13900000002,市直部门,示例嘎啦,示例西村,80,\n")


def run(cast, text: str):
    return imports.import_registrations(cast.organizer, cast.contest, text.encode(), "报名.csv")


def test_a_good_file_adds_every_row_with_its_own_number(cast, window):
    registered(cast)
    made = run(cast, GOOD)
    assert [(r.number, r.producer, r.group.name, r.channel) for r in made] == [
        (2, "示例果农甲", "整体推进县", "import"), (3, "示例合作社", "市直部门", "import")]
    assert Record.objects.get(action="registration.import").data == {"numbers": [2, 3]}


def test_every_bad_row_is_named_and_nothing_is_imported(cast, window):
    registered(cast)  # 示例果农1, 13900000001, 整体推进县
    bad = HEAD + ("示例果农1,示例丙,13900000001,整体推进县,示例红富士,示例南村,3,\n"
                  "示例果农乙,示例丁,13900000009,苹果,示例红富士,示例南村,3,\n"
                  "示例果农丙,示例戊,13900000008,市直部门,示例红富士,示例南村,1.234,\n"
                  "示例果农丁,示例己,13900000007,市直部门,示例红富士,示例南村,5,\n"
                  "示例果农丁,示例己,13900000007,市直部门,示例嘎啦,示例南村,5,\n")
    with pytest.raises(ImportFailed) as failed:
        run(cast, bad)
    said = sorted((p.row, p.column, p.message_zh) for p in failed.value.problems)
    assert said[0] == (3, "D", "“示例果农1”在“整体推进县”组已报 1 个样品,每个报送者每组最多 1 个")
    assert said[1][:2] == (4, "D") and said[1][2].startswith("组别“苹果”不是本活动的组别")
    assert said[2][:2] == (5, "G")
    assert said[3] == (7, "D", "“示例果农丁”在“市直部门”组已报 1 个样品,每个报送者每组最多 1 个")
    assert len(said) == 4 and Registration.objects.count() == 1


def test_the_import_page_shows_the_problems_and_the_list_exports(cast, window, client_as):
    client = client_as("organizer")
    url = reverse("registration:import", args=[cast.contest.slug])
    upload = io.BytesIO((HEAD + "示例果农甲,,13900000001,整体推进县,示例红富士,示例东村,12,\n").encode())
    upload.name = "报名.csv"
    page = client.post(url, {"file": upload}, follow=True).content.decode()
    assert "文件有误,未导入任何报名" in page and "联系人" in page
    good = io.BytesIO(GOOD.encode())
    good.name = "报名.csv"
    assert "已导入 2 条报名" in client.post(url, {"file": good}, follow=True).content.decode()
    book = load_workbook(io.BytesIO(client.get(
        reverse("registration:export", args=[cast.contest.slug])).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("报名号", "报送者", "联系人", "联系电话")
    assert [r[:2] for r in rows[1:]] == [("001", "示例果农甲"), ("002", "示例合作社")]
