"""Two counties on the same total: the lot drawn on the day decides, as the scheme says."""

from bipin.contests.services import upload_scheme
from bipin.judging.draws import commit_draw, draw_id, reveal_draw
from bipin.results import services
from bipin.testing.files import csv_bytes

SCHEME = """
contest: 抽签决胜测试
groups: [整体推进县, 市直部门]
dimensions:
  - name: 维度
    indicators:
      - {name: 指标, points: 10, source: data, rule: "scaled(max=10)"}
ranking: {tie_break: [draw]}
""".encode()


def tied_contest(cast):
    upload_scheme(cast.organizer, cast.contest, SCHEME, "scheme.yaml")
    services.import_observations(cast.organizer, cast.contest, csv_bytes([
        ["参评对象", "来源", "指标", "分值"], ["南川县", "data", "指标", 8], ["北原县", "data", "指标", 8],
        ["教育局", "data", "指标", 9]]), "data.csv")


def ranks(snapshot, group="整体推进县"):
    results = next(g for g in snapshot.evaluation["groups"] if g["group"] == group)["results"]
    return {r["entrant"]: r["rank"] for r in results}


def test_without_a_revealed_draw_the_tie_stands_and_is_reported(cast):
    tied_contest(cast)
    snapshot, _ = services.compute_snapshot(cast.organizer, cast.contest)
    nanchuan, beiyuan = cast.entrants["南川县"], cast.entrants["北原县"]
    assert ranks(snapshot) == {str(nanchuan.pk): 1, str(beiyuan.pk): 1}
    assert any("no draw order given" in w for w in snapshot.evaluation["warnings"])


def test_the_entrant_drawn_first_ranks_first(cast):
    tied_contest(cast)
    draw = reveal_draw(cast.organizer, commit_draw(cast.organizer, cast.contest,
                                                   cast.groups["整体推进县"]), ["17", "42"])
    first, second = (next(e for e in cast.entrants.values() if draw_id(e) == i) for i in draw.order)
    snapshot, _ = services.compute_snapshot(cast.organizer, cast.contest)
    assert ranks(snapshot) == {str(first.pk): 1, str(second.pk): 2}
    assert snapshot.inputs["draw"] == {str(first.pk): 1, str(second.pk): 2}
