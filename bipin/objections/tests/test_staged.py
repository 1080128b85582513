"""Objections in a staged contest (examples/diving: 预赛 → 半决赛 → 决赛), released with
its notice: a diver objects to its final place and the stage that decided it, to one
stage's total or to a figure of one stage; never to a stage it did not reach.

Figures (examples/diving/README.md, worked in docs/results.md): D04 示例选手丁 is 2nd of 6
in 预赛 with 189.30, 4th of 4 in 半决赛 with 161.80 (ranked on 189.30 + 161.80 = 351.10)
and out, so its final place is 4, decided in 半决赛. D03 示例选手丙 wins 决赛 with 244.40.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from bipin.audit.models import Record
from bipin.contests.models import Role
from bipin.contests.services import grant_role
from bipin.objections import services, targets
from bipin.objections.models import Objection, Target
from bipin.objections.tests.conftest import END, START
from bipin.results import services as results
from bipin.results.tests.staged import by_code, diving  # noqa: F401  (fixture)
from bipin.testing.cast import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def meet(cast, diving):  # noqa: F811  (the fixture imported above)
    """The diving meet computed, released with its notice running, and D04's own
    account (an entrant viewer of 示例选手丁)."""
    snapshot, _ = results.compute_snapshot(cast.organizer, diving)
    release = results.release_results(cast.organizer, snapshot, "跳水邀请赛成绩")
    results.publish_notice(cast.organizer, release, start=START, end=END, contact="赛事办公室")
    cast.users["diver"] = make_user("diver", "示例选手丁", contest=diving)
    d04 = diving.entrants.get(code="D04")
    grant_role(cast.organizer, diving, cast.diver, Role.ENTRANT_VIEWER, entrant=d04)
    return release


def diver(meet, code: str):
    return meet.contest.entrants.get(code=code)


def new(meet) -> str:
    return reverse("objections:file", args=[meet.contest.slug])


def test_a_diver_objects_to_its_final_place_and_the_stage_that_decided_it(cast, meet, client_as):
    page = client_as("diver").get(new(meet)).content.decode()
    assert "最终名次 第 4 名(半决赛 排名总分 351.10 分)" in page
    response = client_as("diver").post(new(meet), {"about": "total", "reasons": "第2跳裁判打分有误"})
    o = Objection.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/objections/{o.pk}/")
    assert (o.target, o.node, o.entrant.code) == (Target.TOTAL, "", "D04")
    assert o.target_label == "最终名次 第 4 名(半决赛 排名总分 351.10 分)"
    assert Record.objects.get(action="objection.file").data["about"] == o.target_label


def test_a_diver_picks_each_stage_it_dived_in_and_that_stages_figures(cast, meet):
    picked = [(c.value, c.label) for c in targets.choices(meet, diver(meet, "D04"))]
    assert picked == [
        ("total", "最终名次 第 4 名(半决赛 排名总分 351.10 分)"),
        ("node:预赛", "预赛 本轮 189.30 分(排名总分 189.30 分,第 2 名)"),
        ("node:预赛/跳水", "预赛 › 跳水 189.30 分"),
        ("node:预赛/得分", "预赛 › 跳水 › 得分 189.30 分"),
        ("node:半决赛", "半决赛 本轮 161.80 分(排名总分 351.10 分,第 4 名)"),
        ("node:半决赛/跳水", "半决赛 › 跳水 161.80 分"),
        ("node:半决赛/得分", "半决赛 › 跳水 › 得分 161.80 分")]


def test_an_objection_to_one_stages_figure_keeps_the_stage(cast, meet):
    o = services.file_objection(cast.diver, meet, diver(meet, "D04"), about="node:半决赛/得分",
                                reasons="半决赛第1跳难度系数登记错误")
    assert (o.target, o.node, o.target_label) == (Target.INDICATOR, "半决赛/得分",
                                                 "半决赛 › 跳水 › 得分 161.80 分")


def test_a_diver_cannot_object_to_a_stage_it_did_not_reach(cast, meet, client_as):
    response = client_as("diver").post(new(meet), {"about": "node:决赛", "reasons": "不服"})
    assert response.status_code == 400 and "请选择" in response.content.decode()
    with pytest.raises(services.JudgingError) as refused:
        services.file_objection(cast.diver, meet, diver(meet, "D04"), about="node:决赛", reasons="不服")
    assert "异议对象" in refused.value.problems[0].zh and "choose" in refused.value.problems[0].en
    assert not Objection.objects.exists()


def test_the_public_objects_to_a_final_place_or_a_stage_total_but_sees_no_stage_detail(
        cast, meet, client):
    services.set_policy(cast.organizer, meet, public_may_file=True, publish_answers=False)
    d03 = diver(meet, "D03")
    base = reverse("objections:public", args=[meet.contest.slug])
    page = client.get(f"{base}?entrant={d03.pk}").content.decode()
    assert "最终名次 第 1 名(决赛 排名总分 244.40 分)" in page
    assert "半决赛 本轮 212.40 分(排名总分 395.50 分,第 2 名)" in page
    assert "› 得分" not in page
    assert [c.value for c in targets.choices(meet, d03, public=True)] == [
        "total", "node:预赛", "node:半决赛", "node:决赛"]
    response = client.post(base, {"entrant": d03.pk, "public_name": "张三", "public_phone": "13912345678",
                                  "about": "node:决赛", "reasons": "决赛排名与现场不符"})
    assert response.status_code == 302
    assert Objection.objects.get().target_label == "决赛 本轮 244.40 分(排名总分 244.40 分,第 1 名)"
