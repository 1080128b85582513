"""分桌评审: 初评 in tables of a few judges, the best of each table to a 决赛 all judges score.

Fictional marks on the 10-point report (content max 6 + delivery max 4; the
stage total is the mean of the judges' sheet totals). After the split the
organizer arranges the tables so the story is fixed:

第1桌  judge, chief · 南川县 (5+3, 5+3) → 8.00, 北原县 (4+3, 4+3) → 7.00
第2桌  judge2       · 教育局 (3+2) → 5.00
Each table's best goes on (advance: 1, per: flight): 南川县 and 教育局 — 教育局's
5.00 is below 北原县's 7.00, but the tables had different judges.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bipin.audit.models import Record
from bipin.judging import cuts, flights, services
from bipin.judging.models import Flight, FlightSample, FlightSeat, Sheet
from bipin.judging.rounds import current_round
from bipin.results.engine import engine_entrants
from bipin.scoring.flights import deal
from bipin.testing.tampering import edit, named, row, verify

pytestmark = pytest.mark.django_db

SCHEME = """contest: 分桌汇报(虚构示例)
stages:
  - {id: 初评}
  - {id: 决赛, advance: 1, per: flight, ranked_on: [决赛]}
panels:
  report:
    aggregate: mean
    criteria:
      - {id: content, name: 内容, max: 6, step: 0.5}
      - {id: delivery, name: 表达, max: 4, step: 1}
dimensions:
  - name: 汇报
    indicators:
      - {name: 脱稿汇报, points: 10, source: panel, panel: report}
"""
PAGE = "/c/test-contest/judging/flights/"
ROUNDS = "/c/test-contest/judging/rounds/"


def upload(cast, client_as, text=SCHEME):
    client = client_as("organizer")
    client.post(reverse("contests:scheme", args=[cast.contest.slug]),
                {"file": SimpleUploadedFile("scheme.yaml", text.encode())})
    assert cast.contest.scheme_versions.order_by("-pk").first().is_valid


@pytest.fixture
def flighted(event, client_as):
    upload(event, client_as)
    return event


@pytest.fixture
def tables(flighted):
    """Split into two tables, then arranged as the module's story says."""
    c = flighted
    flights.split(c.organizer, c.panel, 2)
    # Samples first to 第1桌, so no move below leaves a table with samples and no judge.
    for name in c.entrants:
        flights.move_sample(c.organizer, c.panel, c.entrants[name], 1)
    for name, table in (("judge", 1), ("chief", 1), ("judge2", 2)):
        flights.move_judge(c.organizer, c.panel, c.users[name], table)
    flights.move_sample(c.organizer, c.panel, c.entrants["教育局"], 2)
    return c


def score(cast, judge, entrant, content, delivery, key=None):
    return services.submit_sheet(cast.users[judge], cast.panel, cast.entrants[entrant],
                                 key=key or f"k-{judge}-{cast.entrants[entrant].pk}",
                                 marks={"content": content, "delivery": delivery})


def table_of(cast, name):
    return FlightSample.objects.get(entrant=cast.entrants[name]).flight.number


def test_the_organizer_deals_samples_and_judges_at_random_from_a_recorded_seed(flighted, client_as):
    client = client_as("organizer")
    response = client.post(PAGE, {"action": "split", "panel": flighted.panel.pk, "tables": "2"})
    assert response.status_code == 302
    made = list(Flight.objects.filter(panel=flighted.panel).order_by("number"))
    assert [f.name for f in made] == ["第1桌", "第2桌"] and len({f.seed for f in made}) == 1
    samples = {f.number: sorted(FlightSample.objects.filter(flight=f).values_list("entrant__code", flat=True))
               for f in made}
    judges = {f.number: sorted(FlightSeat.objects.filter(flight=f).values_list("seat__user__username", flat=True))
              for f in made}
    # Balanced (2 and 1), and the two 整体推进县 samples are at different tables.
    assert sorted(len(s) for s in samples.values()) == [1, 2]
    assert table_of(flighted, "南川县") != table_of(flighted, "北原县")
    assert sorted(len(j) for j in judges.values()) == [1, 2]
    # Anyone can redo the deal from the recorded seed.
    audit = Record.objects.get(action="flight.split")
    seed = audit.data["seed"]
    redone = deal(seed, [("A01", "整体推进县"), ("A02", "整体推进县"), ("B01", "市直部门")],
                  ["chief", "judge", "judge2"], 2)
    assert [sorted(t) for t in redone[0]] == [samples[1], samples[2]]
    assert [sorted(t) for t in redone[1]] == [judges[1], judges[2]]
    page = client.get(PAGE).content.decode()
    assert seed in page and "第2桌" in page


def test_a_judge_sees_only_the_samples_of_their_table_and_its_name(tables, client_as):
    tasks = client_as("judge2").get("/api/judging/test-contest/tasks").json()
    [panel] = tasks["panels"]
    assert panel["flight"] == "第2桌"
    assert [e["label"] for e in panel["entries"]] == ["教育局"]
    tasks = client_as("judge").get("/api/judging/test-contest/tasks").json()
    assert tasks["panels"][0]["flight"] == "第1桌"
    assert sorted(e["label"] for e in tasks["panels"][0]["entries"]) == ["北原县", "南川县"]


def test_a_judge_of_another_table_cannot_score_a_sample_not_at_their_table(tables, client_as, post_sheet):
    client_as("judge2")
    response = post_sheet("test-contest", tables.refs["南川县"], {"content": "5", "delivery": "3"})
    assert response.status_code == 403
    assert response.json()["errors"][0]["zh"] == "该样品不在您这一桌,不能评分"
    assert not Sheet.objects.exists()
    assert post_sheet("test-contest", tables.refs["教育局"], {"content": "3", "delivery": "2"},
                      key="key-00000002").status_code == 201


def test_only_the_tables_judges_owe_a_sheet_and_the_cut_takes_the_best_of_each_table(tables, client_as):
    state = cuts.closing(tables.contest)
    assert state.missing == 2 * 2 + 1  # two samples × two judges at 第1桌, one × one at 第2桌
    for judge in ("judge", "chief"):
        score(tables, judge, "南川县", 5, 3)
        score(tables, judge, "北原县", 4, 3)
    score(tables, "judge2", "教育局", 3, 2)
    client = client_as("organizer")
    page = client.get(ROUNDS)
    state = page.context["state"]
    assert (state.missing, state.unlocked) == (0, 0)
    rows = {name: (s.entrant.flight, s.total, s.rank, s.advanced) for s, name in page.context["rows"]}
    assert rows == {"南川县": ("第1桌", 8.0, 1, True), "北原县": ("第1桌", 7.0, 2, False),
                    "教育局": ("第2桌", 5.0, 1, True)}
    html = page.content.decode()
    assert 'id="per-table"' in html and '<td class="flight">第2桌</td>' in html
    client.post(ROUNDS, {"stage": "初评", "version": state.version})
    final = current_round(tables.contest)
    assert final.key == "决赛"
    assert final.entrant_ids == {tables.entrants["南川县"].pk, tables.entrants["教育局"].pk}
    # The taste-off has no tables: every seated judge scores every finalist.
    tasks = client_as("judge2").get("/api/judging/test-contest/tasks").json()
    assert "flight" not in tasks["panels"][0]
    assert sorted(e["label"] for e in tasks["panels"][0]["entries"]) == ["南川县", "教育局"]
    assert cuts.closing(tables.contest).missing == 2 * 3


def test_the_engine_gets_each_samples_table(tables):
    by_id = {e.id: e.flight for e in engine_entrants(tables.contest)}
    assert by_id == {str(tables.entrants["南川县"].pk): "第1桌", str(tables.entrants["北原县"].pk): "第1桌",
                     str(tables.entrants["教育局"].pk): "第2桌"}


def test_moves_are_refused_once_a_table_has_a_sheet_and_nothing_changes(tables, client_as):
    score(tables, "judge2", "教育局", 3, 2)
    client = client_as("organizer")
    response = client.post(PAGE, {"action": "move_sample", "panel": tables.panel.pk,
                                   "entry": tables.refs["北原县"], "table": "2"}, follow=True)
    assert "第2桌已开始评分(已有评分表),不能再调整其样品或评委" in response.content.decode()
    assert table_of(tables, "北原县") == 1
    with pytest.raises(services.JudgingError, match="table 2 has started"):
        flights.move_judge(tables.organizer, tables.panel, tables.users["chief"], 2)
    with pytest.raises(services.JudgingError, match="can no longer be dealt again"):
        flights.split(tables.organizer, tables.panel, 2)
    assert Flight.objects.count() == 2


def test_a_move_before_scoring_is_made_and_recorded(tables, client_as):
    client = client_as("organizer")
    client.post(PAGE, {"action": "move_sample", "panel": tables.panel.pk, "entry": tables.refs["北原县"],
                       "table": "2"})
    assert table_of(tables, "北原县") == 2
    moved = Record.objects.filter(action="flight.move_sample").last()
    assert moved.data == {"round": "", "sample": "A02", "from": "第1桌", "to": "第2桌"}


def test_the_last_judge_of_a_table_cannot_leave_it(tables):
    with pytest.raises(services.JudgingError) as err:
        flights.move_judge(tables.organizer, tables.panel, tables.users["judge2"], 1)
    assert err.value.problems[0].zh == "第2桌只剩这一位评委,调走后该桌样品无人评分"


def test_a_bad_table_count_is_refused_with_the_limits(flighted, client_as):
    response = client_as("organizer").post(PAGE, {"action": "split", "panel": flighted.panel.pk,
                                                  "tables": "4"}, follow=True)
    assert "桌数须在 1 到 3 之间(评委 3 位、样品 3 个,每桌至少一位评委和一个样品)" in response.content.decode()
    assert not Flight.objects.exists()


def test_a_stage_the_scheme_does_not_flight_cannot_be_split(event, client_as):
    upload(event, client_as, SCHEME.replace("per: flight", "per: group"))
    with pytest.raises(services.JudgingError) as err:
        flights.split(event.organizer, event.panel, 2)
    assert "per: flight" in err.value.problems[0].zh
    assert "分桌评审" not in client_as("organizer").get("/c/test-contest/").content.decode()


@pytest.mark.parametrize("who, status", [("judge", 403), ("chief", 403), ("inspector", 403),
                                         ("other_organizer", 404), ("bystander", 404)])
def test_only_the_organizer_may_split_or_move(flighted, client_as, who, status):
    client = client_as(who)
    assert client.get(PAGE).status_code == status
    assert client.post(PAGE, {"action": "split", "panel": flighted.panel.pk, "tables": "2"}).status_code == status
    assert not Flight.objects.exists()


def test_the_page_answers_get_and_post_only(flighted, client_as):
    assert client_as("organizer").put(PAGE).status_code == 405


def test_a_table_changed_in_the_database_is_named_by_audit_verify(tables, capsys):
    code, out = verify(capsys)
    assert code == 0, out
    sample = FlightSample.objects.get(entrant=tables.entrants["北原县"])
    edit(sample, flight=Flight.objects.get(number=2).pk)
    code, out = verify(capsys)
    assert code == 1 and (row(sample), "changed") in named(out)


def test_the_tasks_answer_keeps_to_the_published_schema(tables, client_as):
    from bipin.judging.openapi import SCHEMA

    panel = SCHEMA["components"]["schemas"]["Tasks"]["properties"]["panels"]["items"]["properties"]
    assert "flight" in panel
    body = client_as("judge").get("/api/judging/test-contest/tasks").content
    assert json.loads(body)["panels"][0]["flight"] == "第1桌"


def test_the_console_marks_a_judge_of_another_table_apart_from_a_recusal(tables, client_as):
    services.recuse(tables.organizer, tables.contest, tables.users["chief"], tables.entrants["北原县"], "同乡")
    services.put_on_stage(tables.organizer, tables.panel)
    console = client_as("organizer").get("/api/judging/test-contest/console").json()
    judges = console["judges"]
    rows = {r["label"]: dict(zip(judges, r["judges"], strict=True)) for r in console["entries"]}
    assert rows["北原县"] == {"chief": "recused", "judge": "", "judge2": "elsewhere"}
    assert rows["教育局"] == {"chief": "elsewhere", "judge": "elsewhere", "judge2": ""}


def test_the_results_rank_the_final_alone_and_show_the_tables_of_the_first_stage(tables, client_as):
    from bipin.results import services as results

    for judge in ("judge", "chief"):
        score(tables, judge, "南川县", 5, 3)
        score(tables, judge, "北原县", 4, 3)
    score(tables, "judge2", "教育局", 3, 2)
    cuts.apply_cut(tables.organizer, tables.contest, stage="初评", version=services.stage_of(tables.contest).version)
    for judge in ("judge", "judge2", "chief"):
        score(tables, judge, "南川县", 4, 3, key=f"f-{judge}-1")
        score(tables, judge, "教育局", 5, 4, key=f"f-{judge}-2")
    snapshot, _ = results.compute_snapshot(tables.organizer, tables.contest)
    # The tables are inputs like the marks: moving a sample would be another snapshot.
    flights_in = {e["name"]: e.get("flight") for e in snapshot.inputs["entrants"]}
    assert flights_in == {"南川县": "第1桌", "北原县": "第1桌", "教育局": "第2桌"}
    pk = {str(e.pk): name for name, e in tables.entrants.items()}
    placings = [(pk[p["entrant"]], p["place"], p["decided_in"])
                for g in snapshot.evaluation["placings"] for p in g["results"]]
    assert sorted(placings) == [("北原县", 2, "初评"), ("南川县", 1, "决赛"), ("教育局", 1, "决赛")]
    page = client_as("organizer").get(reverse("results:ranking", args=[tables.contest.slug])).content.decode()
    assert "(每桌;名次为本桌名次)" in page and "<th>桌次</th>" in page and "<td>第2桌</td>" in page
