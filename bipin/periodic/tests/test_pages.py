"""The pages, as each person uses them: a town fills and submits, the county and the
city approve, the organizer follows the board."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from bipin.periodic import nav
from bipin.periodic.models import Report, Unit, Value

from .conftest import fill


def _report_url(area, town="丙镇", period="2026-01"):
    return (
        f"/c/test-contest/periodic/forms/{area.form.pk}/periods/{area.periods[period].pk}"
        f"/units/{area.towns[town].pk}/"
    )


def test_a_town_fills_submits_and_the_county_and_city_approve(area, client, django_user_model):
    url = _report_url(area)
    client.force_login(area.users["reporter2"])
    page = client.get(url).content.decode()
    assert 'name="v-households"' in page and 'name="v-coverage"' not in page
    r = client.post(url, {"v-households": "50", "v-helped": "五十", "v-note": ""})
    assert r.status_code == 400
    assert "“已落实帮扶户数”应为数字,填的是“五十”" in r.content.decode()
    assert 'value="50"' in r.content.decode()  # what was typed stays on the page
    assert not Value.objects.exists()
    assert client.post(url, {"v-households": "50", "v-helped": "40"}).status_code == 302
    assert "80.00" in client.get(url).content.decode()  # the computed rate
    assert client.post(url + "submit/").status_code == 302
    assert Report.objects.get().state == "submitted"
    client.force_login(area.users["city"])
    client.post(url + "approve/")
    assert Report.objects.get().approved_level == ""  # not the city's turn yet
    client.force_login(area.users["reviewer2"])
    page = client.get(url).content.decode()
    assert 'id="approve"' in page and "已提交,待北原县区审核" in page
    client.post(url + "approve/", {"reason": "与台账一致"})
    client.force_login(area.users["city"])
    client.post(url + "approve/")
    report = Report.objects.get()
    assert (report.state, report.approved_level) == ("approved", area.city.key)
    client.force_login(area.org)
    board = client.get(f"/c/test-contest/periodic/forms/{area.form.pk}/").content.decode()
    assert "已审核(终审)" in board


def test_a_return_without_a_reason_is_refused_on_the_page(area, client):
    fill(area, "2026-01", "丙镇", 50, 40)
    client.force_login(area.users["reviewer2"])
    r = client.post(_report_url(area) + "return/", {"reason": ""}, follow=True)
    assert "退回须填写原因" in r.content.decode()
    assert Report.objects.get().state == "submitted"


def test_the_organizer_imports_the_hierarchy_from_the_page(cast, client):
    client.force_login(cast.organizer)
    bad = SimpleUploadedFile("u.csv", "单位名称,上级单位,层级\n甲镇,无名县,乡镇\n".encode())
    page = client.post(
        "/c/test-contest/periodic/units/import/", {"file": bad}, follow=True
    ).content.decode()
    assert "上级单位“无名县”不存在" in page and "第2行" in page
    good = SimpleUploadedFile(
        "u.csv", "单位名称,上级单位,层级\n县区,,县\n甲镇,县区,乡镇\n".encode()
    )
    client.post("/c/test-contest/periodic/units/import/", {"file": good})
    assert list(Unit.objects.values_list("name", "parent__name")) == [
        ("县区", None),
        ("甲镇", "县区"),
    ]


def test_the_organizer_declares_a_form_on_the_pages(area, client):
    client.force_login(area.org)
    r = client.post(
        "/c/test-contest/periodic/forms/new/",
        {"name": "季度报表", "periodicity": "quarterly", "level": "乡镇"},
    )
    form_url = r["Location"]
    client.post(
        form_url + "fields/",
        {"code": "jobs", "label": "稳岗就业人数", "kind": "integer", "unit": "人", "minimum": "0"},
    )
    client.post(
        form_url + "periods/", {"first": "2026-Q1", "last": "2026-Q2", "deadline_days": "15"}
    )
    page = client.get(form_url).content.decode()
    assert "稳岗就业人数" in page and "2026-Q2" in page and page.count("未开始") == 6


def test_reporters_and_reviewers_see_how_much_waits_for_them(area):
    fill(area, "2026-01", "丙镇", 50, 40)
    today = datetime.date(2026, 3, 5)
    assert nav.waiting(area.contest, area.users["reporter2"], today) == (2, 0)  # 2026-02, 2026-03
    assert nav.waiting(area.contest, area.users["reviewer2"], today) == (0, 1)
    assert nav.waiting(area.contest, area.users["city"], today) == (0, 0)
    links = nav.todo(area.contest, area.users["reviewer2"], {"dept_reviewer"})
    assert [link.label for link in links] == ["待审核定期报表 1 份"]


def test_an_entrant_reads_its_own_county_and_no_other(area, client):
    fill(area, "2026-01", "甲镇", 50, 40)
    client.force_login(area.users["entrant"])  # 南川县
    assert client.get(_report_url(area, "甲镇")).status_code == 200
    assert client.get(_report_url(area, "丙镇")).status_code == 403
    page = client.get("/c/test-contest/periodic/").content.decode()
    assert "甲镇" in page and "丙镇" not in page


def test_a_second_submit_is_refused_with_a_message_and_changes_nothing(area, client):
    report = fill(area, "2026-01", "丙镇", 50, 40)
    client.force_login(area.users["reporter2"])

    r = client.post(_report_url(area) + "submit/", follow=True)

    assert r.status_code == 200  # a double tap on 提交, not a server error
    page = r.content.decode()
    assert "只有填报中或已退回的报送可以提交" in page
    assert "only a draft or returned submission can be submitted (it is submitted)" in page
    again = Report.objects.get()
    assert (again.state, again.reported_at) == ("submitted", report.reported_at)
