"""The organizer corrects a panel and its criteria; what judges already marked stays as it is."""

import pytest

from bipin.audit.models import Record
from bipin.judging import services
from bipin.judging.models import Panel


def _url(event, tail=""):
    return f"/c/test-contest/judging/setup/panels/{event.panel.pk}/{tail}"


@pytest.fixture
def marked(event):
    services.submit_sheet(event.judge, event.panel, event.entrants["南川县"], key="key-00000001",
                          marks={"content": "5.5", "delivery": "3"})
    return event


@pytest.mark.parametrize("tail", ["", "delete/"])
@pytest.mark.parametrize("who", ["chief", "judge", "inspector", "entrant"])
def test_only_the_organizer_may_edit_or_delete_a_panel(client_as, event, tail, who):
    response = client_as(who).post(_url(event, tail), {"action": "panel", "name": "改"})
    assert response.status_code == 403
    assert Panel.objects.get().name == "脱稿汇报"


def test_an_organizer_of_another_contest_is_told_it_does_not_exist(client_as, event):
    assert client_as("other_organizer").get(_url(event)).status_code == 404


def test_renaming_a_panel_is_audited(client_as, event):
    client_as("organizer").post(_url(event), {"action": "panel", "name": "汇报", "double_entry": "1"})
    panel = Panel.objects.get()
    assert (panel.name, panel.double_entry) == ("汇报", True)
    assert Record.objects.get(action="panel.update").data["old"] == {"name": "脱稿汇报", "double_entry": False}


def test_a_criterion_without_marks_can_change_its_maximum(client_as, event):
    client_as("organizer").post(_url(event), {"action": "criterion", "criterion": "delivery",
                                              "name": "表达能力", "max": "5", "step": "0.5", "descriptor": ""})
    delivery = Panel.objects.get().criteria[1]
    assert (delivery["name"], delivery["max"], delivery["step"]) == ("表达能力", "5", "0.5")
    audit = Record.objects.get(action="panel.criterion_update")
    assert (audit.data["old"]["max"], audit.data["new"]["max"]) == ("4", "5")


def test_a_maximum_that_is_not_a_multiple_of_the_step_is_refused_keeping_the_input(client_as, event):
    response = client_as("organizer").post(_url(event), {
        "action": "criterion", "criterion": "delivery", "name": "表达能力", "max": "4.3", "step": "1",
        "descriptor": ""})
    text = response.content.decode()
    assert response.status_code == 400
    assert "满分须为正数,且是步长的整数倍" in text and 'value="4.3"' in text and 'value="表达能力"' in text
    assert Panel.objects.get().criteria[1]["max"] == "4"


def test_a_marked_criterion_keeps_its_maximum_but_may_be_renamed(client_as, marked):
    organizer = client_as("organizer")
    response = organizer.post(_url(marked), {"action": "criterion", "criterion": "content", "name": "内容",
                                             "max": "10", "step": "0.5", "descriptor": ""})
    assert "评分项“内容”已有 1 个评分,不能再改满分或步长" in response.content.decode()
    organizer.post(_url(marked), {"action": "criterion", "criterion": "content", "name": "内容与数据",
                                  "max": "6", "step": "0.5", "descriptor": "翔实"})
    assert Panel.objects.get().criteria[0]["name"] == "内容与数据"


def test_deleting_a_marked_criterion_is_refused_saying_why(client_as, marked):
    response = client_as("organizer").post(_url(marked), {"action": "delete_criterion",
                                                          "criterion": "content"})
    assert response.status_code == 400
    assert "不能删除评分项“内容”:已有 1 个评分依赖它" in response.content.decode()
    assert len(Panel.objects.get().criteria) == 2
    assert not Record.objects.filter(action="panel.criterion_delete").exists()


def test_an_unmarked_criterion_is_deleted_but_never_the_last(client_as, event):
    organizer = client_as("organizer")
    organizer.post(_url(event), {"action": "delete_criterion", "criterion": "delivery"})
    assert [c["id"] for c in Panel.objects.get().criteria] == ["content"]
    assert Record.objects.get(action="panel.criterion_delete").data["criterion"] == "delivery"
    response = organizer.post(_url(event), {"action": "delete_criterion", "criterion": "content"})
    assert "评委组至少要有一个评分项" in response.content.decode()


def test_a_panel_with_sheets_cannot_be_deleted(client_as, marked):
    response = client_as("organizer").post(_url(marked, "delete/"), follow=True)
    assert "不能删除评委组“脱稿汇报”:已有评分表 1 条依赖它" in response.content.decode()
    assert Panel.objects.exists()


def test_a_panel_without_sheets_is_deleted_with_its_seats(client_as, event):
    client_as("organizer").post(_url(event, "delete/"))
    assert not Panel.objects.exists()
    assert Record.objects.filter(action="panel.delete", target="report").exists()
