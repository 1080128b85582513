"""The organizer sets up rounds, teams and visits; recused inspectors are never sent."""

import pytest

from bipin.audit.models import Record
from bipin.inspections import setup
from bipin.inspections.models import Round, TeamMember, Visit
from bipin.judging.services import JudgingError, recuse


def test_a_member_recused_from_an_entrant_is_never_sent_there(field):
    recuse(
        field.organizer, field.contest, field.inspector2, field.entrants["北原县"], "户籍在北原县"
    )
    with pytest.raises(JudgingError) as err:
        setup.add_visit(field.organizer, field.team, field.entrants["北原县"])
    p = err.value.problems[0]
    assert p.zh == "核查员乙须回避北原县(回避原因:户籍在北原县),不能派往该单位核查"
    assert not Visit.objects.filter(entrant=field.entrants["北原县"]).exists()


def test_a_recused_inspector_cannot_join_a_team_visiting_that_entrant(field):
    from bipin.contests.models import Role
    from bipin.contests.services import grant_role
    from bipin.testing.cast import make_user

    newcomer = make_user("inspector3", "核查员丙", contest=field.contest)
    grant_role(field.organizer, field.contest, newcomer, Role.INSPECTOR)
    recuse(field.organizer, field.contest, newcomer, field.entrants["南川县"], "曾任职")
    with pytest.raises(JudgingError) as err:
        setup.add_member(field.organizer, field.team, newcomer)
    assert (
        err.value.problems[0].en
        == "inspector3 is recused from 南川县 (曾任职) and cannot be sent there"
    )
    assert not TeamMember.objects.filter(user=newcomer).exists()


def test_only_an_inspector_joins_a_team(field):
    with pytest.raises(JudgingError) as err:
        setup.add_member(field.organizer, field.team, field.judge)
    assert err.value.problems[0].zh == "只有核查员可以加入核查组"


def test_round_fields_are_checked(field):
    import datetime

    with pytest.raises(JudgingError) as err:
        setup.create_round(
            field.organizer,
            field.contest,
            name="回头看",
            kind="recheck",
            starts_on=datetime.date(2026, 5, 2),
            ends_on=datetime.date(2026, 5, 1),
        )
    assert err.value.problems[0].field == "ends_on"
    with pytest.raises(JudgingError) as err:
        setup.create_round(field.organizer, field.contest, name="第一轮实地核查")
    assert err.value.problems[0].zh == "已有同名轮次"
    assert Round.objects.count() == 1


def test_sites_are_kept_in_order_and_repeats_refused(field):
    assert field.visit.sites == ["石桥村", "王家户"]
    with pytest.raises(JudgingError) as err:
        setup.add_visit(
            field.organizer, field.team, field.entrants["南川县"], ["石桥村", " 石桥村 "]
        )
    assert err.value.problems[0].zh == "核查点“石桥村”重复"


def test_the_round_page_creates_a_team_and_sends_it(field, client_as):
    client = client_as("organizer")
    url = f"/c/test-contest/inspections/rounds/{field.round.pk}/"
    client.post(url, {"action": "team", "name": "第二核查组"})
    team = field.round.teams.get(name="第二核查组")
    client.post(
        url,
        {
            "action": "visit",
            "team": team.pk,
            "entrant": field.entrants["北原县"].pk,
            "sites": "东村、西村\n李家户",
        },
    )
    assert Visit.objects.get(team=team).sites == ["东村", "西村", "李家户"]
    page = client.get(url).content.decode()
    assert "第二核查组" in page and "东村、西村、李家户" in page
    assert Record.objects.filter(action="inspection.visit").count() == 2


def test_the_round_page_shows_a_refusal_in_both_languages(field, client_as):
    client = client_as("organizer")
    url = f"/c/test-contest/inspections/rounds/{field.round.pk}/"
    r = client.post(
        url, {"action": "edit", "name": "x", "kind": "inspection", "appeal_days": "²"}, follow=True
    )
    assert (
        "申辩期限须为 0 到 365 的整数(天) / appeal_days must be a whole number of days, 0..365"
        in r.content.decode()
    )
