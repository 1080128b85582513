"""The organizer enters each received sample's 糖度, 果径 and 单果重; the scheme scores those
it names as data leaves.

By hand, with 糖度 ``bands(bands=[[16, 10], [14, 7], [12, 4]])`` and 单果重
``proportional(target=300)`` (10 points each): 示例果农1 at 15.2 °Brix and 255 g
scores 7 + 8.5 = 15.5; 示例果农2 at 16.4 °Brix and 310 g scores 10 + 10 = 20 (a
proportional value above its target gives full points). 果径 is measured but the
scheme does not name it: kept, shown as not scored, never sent to the engine.
"""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from bipin.audit.models import Record
from bipin.registration import coding, measures, services
from bipin.registration.models import Measurement, Registration
from bipin.registration.observations import collect
from bipin.registration.tests.conftest import registered
from bipin.results.tests.conftest import give_scheme

pytestmark = pytest.mark.django_db

SCHEME = """
contest: 测试苹果
groups: [整体推进县, 市直部门]
rounding: {decimals: 2}
dimensions:
  - name: 客观指标
    points: 20
    indicators:
      - {name: 糖度, points: 10, source: data, rule: "bands(bands=[[16, 10], [14, 7], [12, 4]])"}
      - {name: 单果重, points: 10, source: data, rule: "proportional(target=300)", range: [0, null]}
""".encode()


@pytest.fixture
def declared(cast, window):
    return {name: measures.add_measure(cast.organizer, cast.contest, name, unit, Decimal(lo),
                                       Decimal(hi), d)
            for name, unit, lo, hi, d in [("糖度", "°Brix", "5", "30", 1), ("果径", "mm", "50", "120", 0),
                                         ("单果重", "g", "100", "600", 0)]}


@pytest.fixture
def received(cast, window):
    regs = registered(cast, 2)
    for reg in regs:
        services.receive(cast.organizer, reg)
    return regs


def enter(client, cast, reg, declared, **values):
    return client.post(reverse("registration:sample", args=[cast.contest.slug, reg.pk]),
                       {f"m-{declared[k].pk}": v for k, v in values.items()}, follow=True)


def test_values_are_kept_as_typed_and_a_change_is_audited(cast, declared, received, client_as):
    client = client_as("organizer")
    page = enter(client, cast, received[0], declared, 糖度="15.2", 果径="82", 单果重="255")
    assert "已保存 3 项客观指标" in page.content.decode()
    enter(client, cast, received[0], declared, 糖度="15.4", 果径="82", 单果重="")
    kept = {m.measure.name: m.shown for m in Measurement.objects.select_related("measure")}
    assert kept == {"糖度": "15.4", "果径": "82", "单果重": "255"}
    changes = [r.data["changed"] for r in Record.objects.filter(action="registration.measurements")
               .order_by("seq")]
    assert changes == [{"糖度": ["", "15.2"], "果径": ["", "82"], "单果重": ["", "255"]},
                       {"糖度": ["15.2", "15.4"]}]


@pytest.mark.parametrize(("typed", "message"), [
    ({"糖度": "35"}, "糖度(°Brix)应在 5–30 之间,填写了 35 / 糖度 must be 5 to 30 °Brix, got 35"),
    ({"糖度": "14.25"}, "糖度(°Brix)最多 1 位小数,填写了 14.25 / 糖度: at most 1 decimals, got 14.25"),
    ({"果径": "八十"}, "果径(mm)“八十”不是数字 / 果径: '八十' is not a number"),
    ({"单果重": "NaN"}, "单果重(g)“NaN”不是数字"),
])
def test_a_value_out_of_range_or_too_precise_is_refused_and_nothing_is_saved(
        cast, declared, received, client_as, typed, message):
    page = enter(client_as("organizer"), cast, received[0], declared, **{"单果重": "250", **typed})
    assert message in html.unescape(page.content.decode())
    assert not Measurement.objects.exists()


def test_a_sample_not_received_takes_no_measurements(cast, declared, window):
    reg = registered(cast)[0]
    with pytest.raises(services.JudgingError) as refused:
        measures.record_measurements(cast.organizer, reg, {declared["糖度"]: "15"})
    assert "尚未收样,不能录入客观指标" in refused.value.problems[0].zh


def test_a_measure_is_declared_once_with_a_sensible_range(cast, declared):
    with pytest.raises(services.JudgingError) as refused:
        measures.add_measure(cast.organizer, cast.contest, "糖度", "", Decimal(1), Decimal(2), 1)
    assert refused.value.problems[0].zh == "已有指标“糖度”"
    with pytest.raises(services.JudgingError) as refused:
        measures.add_measure(cast.organizer, cast.contest, "硬度", "kg/cm²", Decimal(9), Decimal(2), 1)
    assert refused.value.problems[0].zh.startswith("最小值应小于最大值")


def test_the_scheme_scores_the_measures_it_names_and_only_those(cast, declared, received):
    from bipin.results import engine

    give_scheme(cast.contest, SCHEME)
    for reg, (brix, size, weight) in zip(received, [("15.2", "82", "255"), ("16.4", "85", "310")],
                                         strict=True):
        measures.record_measurements(cast.organizer, reg, {
            declared["糖度"]: brix, declared["果径"]: size, declared["单果重"]: weight})
    assert collect(cast.contest) == []  # not coded yet: no entrant to score
    coding.generate_codes(cast.organizer, cast.contest)
    sent = collect(cast.contest)
    assert sorted((o.item, o.value) for o in sent) == [
        ("单果重", 255.0), ("单果重", 310.0), ("糖度", 15.2), ("糖度", 16.4)]
    assert measures.scored(cast.contest) == {"糖度", "单果重"}
    evaluation = engine.compute(cast.contest).evaluation
    totals = {e["name"]: e["total"] for e in _entrants(evaluation)}
    assert totals["示例果农1"] == pytest.approx(15.5) and totals["示例果农2"] == pytest.approx(20)


def _entrants(evaluation):
    return [e for g in evaluation["groups"] for e in g["results"]]


STAGED = SCHEME.replace(b"dimensions:", b"""stages:
  - {id: \xe5\x88\x9d\xe8\xaf\x84}
  - {id: \xe5\x86\xb3\xe8\xb5\x9b, from: \xe5\x88\x9d\xe8\xaf\x84, advance: 1, ranked_on: [\xe5\x86\xb3\xe8\xb5\x9b]}
dimensions:""")


def test_in_a_staged_contest_a_measurement_counts_in_every_stage_the_sample_reached(
        cast, declared, received):
    from bipin.judging.models import Cut
    from bipin.results import engine

    give_scheme(cast.contest, STAGED)
    for reg, (brix, weight) in zip(received, [("15.2", "255"), ("16.4", "310")], strict=True):
        measures.record_measurements(cast.organizer, reg, {declared["糖度"]: brix, declared["单果重"]: weight})
    coding.generate_codes(cast.organizer, cast.contest)
    first, second = (Registration.objects.get(pk=reg.pk).entrant for reg in received)
    # Measured once, sent for the first stage only while nobody has advanced.
    assert {(o.entrant, o.round) for o in collect(cast.contest)} == {
        (str(first.pk), "初评"), (str(second.pk), "初评")}
    Cut.objects.create(contest=cast.contest, stage="", next_stage="决赛", advancing=[second.pk])
    sent = sorted((o.entrant, o.round, o.item, o.value) for o in collect(cast.contest))
    assert [row for row in sent if row[0] == str(second.pk)] == [
        (str(second.pk), "决赛", "单果重", 310.0), (str(second.pk), "决赛", "糖度", 16.4),
        (str(second.pk), "初评", "单果重", 310.0), (str(second.pk), "初评", "糖度", 16.4)]
    assert {row[1] for row in sent if row[0] == str(first.pk)} == {"初评"}
    stages = engine.compute(cast.contest).evaluation["stages"]
    final = {e["entrant"]: e["total"] for g in stages[1]["groups"] for e in g["results"]}
    assert final[str(second.pk)] == 20.0  # 16.4 °Brix: 10, 310 g: 10, in the final too
