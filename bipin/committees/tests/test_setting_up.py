"""The organizer sets up a committee: its term, rule, rubric and members, and each
member declares their conflicts once."""

from __future__ import annotations

import pytest

from bipin.audit.models import Record
from bipin.committees import services
from bipin.committees.models import Committee, Member
from bipin.committees.rubric import parse_rubric
from bipin.committees.tests.conftest import RUBRIC, TERM, make_committee

pytestmark = pytest.mark.django_db


def create(cast, **changes):
    given = {"name": "评审委员会", "term_start": TERM[0], "term_end": TERM[1], "rule": "mean",
             "pass_mark": "70", "reviewers_per_entry": 3, "rubric": RUBRIC, **changes}
    return services.create_committee(cast.organizer, cast.contest, **given)


def refusal(call) -> tuple[str, str, str]:
    with pytest.raises(services.JudgingError) as refused:
        call()
    p = refused.value.problems[0]
    return p.field, p.zh, p.en


def test_the_organizer_creates_a_committee_with_a_rubric_and_appoints_its_members(cast):
    committee = make_committee(cast)
    assert committee.rubric == RUBRIC and committee.pass_mark == 70
    assert [m.position for m in committee.members.all()] == [
        "chair", "deputy", "member", "member", "member"]
    assert [r.action for r in Record.objects.filter(action__startswith="committee.")] == [
        "committee.create"] + ["committee.appoint"] * 5


@pytest.mark.parametrize("rubric, said", [
    ([], ("评审细则至少要有一项", "the rubric needs at least one criterion")),
    ([{"id": "a", "name": "甲", "max": "0"}],
     ("评审项“a”的分值须大于 0、不超过 1000,以 0.5 为单位",
      "criterion 'a': max points must be above 0, at most 1000, in steps of 0.5")),
    ([{"id": "a", "name": "甲", "max": "10"}, {"id": "a", "name": "乙", "max": "10"}],
     ("评审项编号“a”重复", "criterion id 'a' is used twice")),
])
def test_a_bad_rubric_is_refused_in_both_languages_and_nothing_is_saved(cast, rubric, said):
    assert refusal(lambda: create(cast, rubric=rubric)) == ("rubric", *said)
    assert not Committee.objects.exists() and not Record.objects.filter(
        action="committee.create").exists()


def test_the_rubric_is_typed_one_criterion_a_line():
    assert parse_rubric("content | 内容导向 | 40\nform,制作水平,30\n\neffect,社会效果,30") == RUBRIC
    with pytest.raises(services.JudgingError) as refused:
        parse_rubric("content | 内容导向")
    assert refused.value.problems[0].zh == "评审细则第 1 行应为“编号 | 名称 | 分值”"


def test_the_mean_rule_needs_a_pass_mark_within_the_rubric(cast):
    field, zh, en = refusal(lambda: create(cast, pass_mark="120"))
    assert field == "pass_mark" and "不超过满分 100" in zh and "at most the full 100 points" in en
    assert create(cast, rule="majority", pass_mark="").pass_mark is None


def test_a_term_cannot_end_before_it_starts(cast):
    assert refusal(lambda: create(cast, term_start=TERM[1], term_end=TERM[0]))[1] == (
        "任期结束日期不能早于开始日期")


def test_a_committee_has_one_chair(cast, committee):
    field, zh, en = refusal(lambda: services.appoint(cast.organizer, committee, cast.reviewer, "chair"))
    assert (field, zh) == ("position", "本委员会已有主任委员,只能有一位")
    assert not committee.members.filter(user=cast.reviewer).exists()


def test_members_come_from_the_contests_people(cast, committee):
    for outsider in (cast.bystander, cast.other_organizer):
        assert refusal(lambda u=outsider: services.appoint(cast.organizer, committee, u, "member"))[1] == (
            "只能从本活动的人员中任命委员")
    # anyone of the contest, whatever their role: here a county's entrant viewer
    assert services.appoint(cast.organizer, committee, cast.entrant, "member").position == "member"


def test_conflicts_are_declared_once_and_none_is_said_as_none(cast, committee):
    judge2 = committee.seat["judge2"]
    services.declare_conflicts(cast.judge2, judge2, "  示例电视台 \n\n示例传媒公司")
    assert Member.objects.get(pk=judge2.pk).conflict_list == ["示例电视台", "示例传媒公司"]
    field, zh, en = refusal(lambda: services.declare_conflicts(cast.organizer, judge2, "别的"))
    assert zh == "利益冲突已申报,每位委员申报一次,适用于所有评审事项"
    chief = services.declare_conflicts(cast.chief, committee.seat["chief"], "无")
    assert chief.conflict_list == [] and chief.conflicts_declared_at is not None
    assert refusal(lambda: services.declare_conflicts(cast.judge, committee.seat["judge"], " "))[1] == (
        "请填写利益冲突申报(没有请填“无”)")
