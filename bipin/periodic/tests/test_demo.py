"""The demo's monthly form: mostly approved, one returned, one waiting; the demo
reporter and reviewer each have work to do."""

from bipin.contests.models import Contest
from bipin.periodic import nav, observations
from bipin.periodic.models import Report
from bipin.testing.demo import load_demo


def test_the_demo_has_a_year_of_monthly_figures_and_work_for_each_account(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    contest = Contest.objects.get(slug="demo-dabipin")
    states = sorted(Report.objects.values_list("period__label", "unit__name", "state"))
    assert [s for s in states if s[0] == "2026-03"] == [
        ("2026-03", "示例一县城关镇", "returned"),
        ("2026-03", "示例一县河口镇", "submitted"),
        ("2026-03", "示例二县东山乡", "approved"),
        ("2026-03", "示例二县西坪镇", "approved"),
    ]
    assert all(s[2] == "approved" for s in states if s[0] != "2026-03")
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    # 2026-03 only: earlier months are approved (the clock of the test run is past March 2026).
    assert nav.waiting(contest, users["reporter"])[0] >= 1
    assert nav.waiting(contest, users["reviewer"])[1] == 1
    found = {(o.entrant, o.round): o.value for o in observations.collect(contest)}
    one, two = (str(contest.entrants.get(name=n).pk) for n in ("示例一县", "示例二县"))
    # 示例一县: (209 + 155) / (212 + 158) for 2026-01; 2026-03 incomplete, so absent.
    assert found[(one, "2026-01")] == 100 * 364 / 370
    assert (one, "2026-03") not in found
    assert found[(two, "2026-03")] == 100 * 227 / 230


def test_the_countys_card_traces_each_month_to_the_towns_and_approvals(db, settings, client):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    contest = Contest.objects.get(slug="demo-dabipin")
    county = contest.entrants.get(name="示例二县")
    client.force_login(contest.created_by)
    card = client.get(f"/c/demo-dabipin/results/card/{county.pk}/").content.decode()
    assert "月度监测帮扶数据 · 2026-03 · 示例二县 · 监测帮扶覆盖率" in card
    # 2026-01: (90 + 127) / (96 + 131) = 95.59%; 东山乡 90 / 96 = 93.75%.
    assert "95.59%" in card and "93.75% · 示例乡镇填报员" in card
    assert "示例市 审核通过" in card
