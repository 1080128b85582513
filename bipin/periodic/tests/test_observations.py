"""Approved period figures reach the engine: one observation per county, mapped field
and complete period, with the reports behind it on the card."""

import pytest

from bipin.periodic import observations, reports, setup
from bipin.periodic.errors import PeriodicError
from bipin.results.engine import compute
from bipin.scoring import Observation, ObservationError

from .conftest import approve_all, fill


def _map(area):
    setup.map_field(area.org, area.coverage, leaf="覆盖率")
    setup.map_field(area.org, area.households, leaf="帮扶户数", combine="sum")


def test_a_county_counts_a_period_only_when_every_town_is_approved_at_the_top(area):
    _map(area)
    approve_all(area, fill(area, "2026-01", "甲镇", 120, 114))
    report = fill(area, "2026-01", "乙镇", 80, 80)
    reports.approve(area.users["reviewer"], report, area.nc)  # the city has not approved yet
    assert observations.collect(area.contest) == []


def test_exact_observations_sum_the_towns_and_compute_the_rate(area):
    _map(area)
    for period, (a, b) in {
        "2026-01": ((120, 114), (80, 80)),
        "2026-02": ((120, 117), (80, 79)),
    }.items():
        approve_all(area, fill(area, period, "甲镇", *a))
        approve_all(area, fill(area, period, "乙镇", *b))
    approve_all(area, fill(area, "2026-01", "丙镇", 50, 40))
    p1, p2 = area.periods["2026-01"].pk, area.periods["2026-02"].pk
    nc, by = str(area.cast.entrants["南川县"].pk), str(area.cast.entrants["北原县"].pk)
    ref = "period-value:{}:{}:{}".format
    got = sorted(observations.collect(area.contest), key=lambda o: o.ref)
    want = sorted(
        [
            Observation(
                nc,
                "data",
                "覆盖率",
                97.0,
                round="2026-01",
                ref=ref(p1, area.nc.pk, area.coverage.pk),
            ),
            Observation(
                nc,
                "data",
                "帮扶户数",
                200.0,
                round="2026-01",
                ref=ref(p1, area.nc.pk, area.households.pk),
            ),
            Observation(
                nc,
                "data",
                "覆盖率",
                98.0,
                round="2026-02",
                ref=ref(p2, area.nc.pk, area.coverage.pk),
            ),
            Observation(
                nc,
                "data",
                "帮扶户数",
                200.0,
                round="2026-02",
                ref=ref(p2, area.nc.pk, area.households.pk),
            ),
            Observation(
                by,
                "data",
                "覆盖率",
                80.0,
                round="2026-01",
                ref=ref(p1, area.by.pk, area.coverage.pk),
            ),
            Observation(
                by,
                "data",
                "帮扶户数",
                50.0,
                round="2026-01",
                ref=ref(p1, area.by.pk, area.households.pk),
            ),
        ],
        key=lambda o: o.ref,
    )
    assert got == want
    # 南川县: 覆盖率 194/200 = 97%, 196/200 = 98%; mean 97.5 → 10 − 2.5 = 7.5 points;
    # 帮扶户数 sum 200 + 200 = 400 of target 1000 → 5 × 0.4 = 2 points.
    evaluation = compute(area.contest).evaluation
    result = next(r for g in evaluation["groups"] for r in g["results"] if r["entrant"] == nc)
    points = {n["name"]: n["points"] for n in _leaves(result["explanation"])}
    assert points["覆盖率"] == pytest.approx(7.5)
    assert points["帮扶户数"] == pytest.approx(2.0)


def _leaves(node):
    children = node.get("children") or []
    return [node] if not children else [leaf for c in children for leaf in _leaves(c)]


def test_provenance_names_each_town_its_reporter_and_each_approval(area):
    _map(area)
    approve_all(area, fill(area, "2026-01", "甲镇", 120, 114))
    approve_all(area, fill(area, "2026-01", "乙镇", 80, 80))
    ref = f"period-value:{area.periods['2026-01'].pk}:{area.nc.pk}:{area.coverage.pk}"
    found = observations.provenance(area.contest, [ref, "sheet:1", "period-value:x"], area.org)
    assert list(found) == [ref]
    p = found[ref]
    assert p.title == "月度监测帮扶数据 · 2026-01 · 南川县区 · 帮扶覆盖率"
    labels = [label for label, _ in p.facts]
    assert labels == [
        "合计",
        "甲镇 填报",
        "南川县区 审核通过",
        "示例市 审核通过",
        "乙镇 填报",
        "南川县区 审核通过",
        "示例市 审核通过",
    ]
    assert p.facts[0][1] == "97%"
    assert p.facts[1][1].startswith("95% · reporter · ")
    assert p.url == f"/c/test-contest/periodic/forms/{area.form.pk}/"
    assert observations.provenance(area.contest, [ref], area.users["entrant"])[ref].url == ""


def test_a_mapping_that_disagrees_with_the_scheme_is_refused(area):
    with pytest.raises(PeriodicError) as err:
        setup.map_field(area.org, area.households, leaf="帮扶户数", combine="mean")
    assert (
        err.value.problems[0].zh
        == "表单声明各期按 mean 合并,而方案中指标“帮扶户数”按 sum 合并;请改为一致"
    )
    with pytest.raises(PeriodicError) as err:
        setup.map_field(area.org, area.households, leaf="最大值")
    assert err.value.problems[0].zh.startswith("指标“最大值”按 max 合并各行")
    with pytest.raises(PeriodicError) as err:
        setup.map_field(area.org, area.note, leaf="覆盖率")
    assert err.value.problems[0].zh == "文字字段不能计分"
    with pytest.raises(PeriodicError) as err:
        setup.map_field(area.org, area.households, leaf="没有")
    assert err.value.problems[0].zh == "考评方案中没有指标“没有”"
    area.households.refresh_from_db()
    assert (area.households.leaf, area.households.combine) == ("", "")


def test_a_rate_typed_by_towns_cannot_feed_a_county(area):
    typed = setup.add_field(area.org, area.form, code="typed", label="填报覆盖率", kind="percent")
    with pytest.raises(PeriodicError) as err:
        setup.map_field(area.org, typed, leaf="覆盖率")
    assert err.value.problems[0].zh.startswith("县以下单位填报的比率不能直接相加")


def test_a_scheme_changed_after_mapping_stops_the_computation_by_name(area):
    from bipin.contests import services as contests

    from .conftest import SCHEME

    _map(area)
    approve_all(area, fill(area, "2026-01", "甲镇", 120, 114))
    contests.upload_scheme(
        area.org,
        area.contest,
        SCHEME.replace("reduce: sum", "reduce: mean").encode(),
        "scheme.yaml",
    )
    with pytest.raises(ObservationError) as err:
        observations.collect(area.contest)
    assert "按 mean 合并" in err.value.message_zh
