"""A day in two stages: 初评 for everyone, then a 决赛 for the top two overall.

Fictional marks on the 10-point report (content max 6 + delivery max 4; the
panel's mean of the three judges' sheet totals is the stage total):

初评   南川县 (5+3, 5+3, 5+3) → 8.00; 北原县 (4+3, 4+2, 5+3) → 7.00;
       教育局 (5+4, 5+3, 6+4) → 9.00.
       Overall 教育局 9, 南川县 8, 北原县 7: the top two go on, 北原县 is out.
决赛   南川县 (6+4 three times) → 10.00, ranked on 8 + 10 = 18.00;
       教育局 (4+3, 4+4, 5+4) → 8.00, ranked on 9 + 8 = 17.00.
"""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bipin.audit.models import Record
from bipin.judging import cuts, draws, screen_links, services
from bipin.judging.models import Cut, Sheet
from bipin.judging.observations import collect
from bipin.judging.rounds import current_round

pytestmark = pytest.mark.django_db

SCHEME = """contest: 两轮汇报(虚构示例)
stages:
  - {id: 初评}
  - {id: 决赛, from: 初评, advance: 2, per: overall, ranked_on: [初评, 决赛]}
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
JUDGES = ("judge", "judge2", "chief")
PRELIM = {"南川县": [(5, 3), (5, 3), (5, 3)], "北原县": [(4, 3), (4, 2), (5, 3)],
          "教育局": [(5, 4), (5, 3), (6, 4)]}
FINAL = {"南川县": [(6, 4), (6, 4), (6, 4)], "教育局": [(4, 3), (4, 4), (5, 4)]}
PAGE = "/c/test-contest/judging/rounds/"


@pytest.fixture
def staged(event, client_as):
    client = client_as("organizer")
    client.post(reverse("contests:scheme", args=[event.contest.slug]),
                {"file": SimpleUploadedFile("scheme.yaml", SCHEME.encode())})
    assert event.contest.scheme_versions.get().is_valid
    return event


def mark(cast, marks: dict, stage: str = "") -> None:
    for entrant, sheets in marks.items():
        for judge, (content, delivery) in zip(JUDGES, sheets, strict=True):
            services.submit_sheet(cast.users[judge], cast.panel, cast.entrants[entrant],
                                  key=f"k-{2 if stage else 1}-{judge}-{cast.entrants[entrant].pk}",
                                  marks={"content": content, "delivery": delivery})


def confirm(client, version=None):
    if version is None:
        version = client.get(PAGE).context["state"].version
    return client.post(PAGE, {"stage": "初评", "version": version})


def names_in(cast, ids) -> list[str]:
    by_pk = {e.pk: name for name, e in cast.entrants.items()}
    return [by_pk[int(i)] for i in ids]


def test_the_organizer_sees_the_standings_and_the_cut_opens_the_final_to_the_top_two(staged, client_as):
    mark(staged, PRELIM)
    client = client_as("organizer")
    page = client.get(PAGE)
    state = page.context["state"]
    assert (state.stage.id, state.next_stage.id, state.missing, state.unlocked) == ("初评", "决赛", 0, 0)
    rows = {name: (s.total, s.rank, s.overall_rank, s.advanced) for s, name in page.context["rows"]}
    assert rows == {"南川县": (8.0, 1, 2, True), "北原县": (7.0, 2, 3, False), "教育局": (9.0, 1, 1, True)}
    assert "确认晋级:2 个参评对象进入“决赛”" in page.content.decode()

    response = confirm(client)
    assert response.status_code == 302
    cut = Cut.objects.get()
    assert (cut.stage, cut.next_stage, cut.created_by) == ("初评", "决赛", staged.organizer)
    assert names_in(staged, cut.advancing) == ["教育局", "南川县"]
    assert current_round(staged.contest).key == "决赛"
    audit = Record.objects.filter(action="round.cut").get()
    assert audit.data["advancing"] == cut.advancing and audit.data["next_stage"] == "决赛"
    assert names_in(staged, audit.data["eliminated"]) == ["北原县"]


def test_the_final_is_ranked_on_both_stages_and_its_marks_reach_the_engine_as_the_final(staged, client_as):
    mark(staged, PRELIM)
    client = client_as("organizer")
    confirm(client)
    mark(staged, FINAL, "决赛")
    rounds = sorted({(o.round, o.entrant) for o in collect(staged.contest)})
    assert {r for r, _ in rounds} == {"初评", "决赛"}
    final = cuts.standings(staged.contest, "决赛")
    by_name = dict(zip(names_in(staged, [s.entrant.id for s in final.standings]), final.standings, strict=True))
    assert (by_name["南川县"].total, by_name["南川县"].ranked_total) == (10.0, 18.0)
    assert (by_name["教育局"].total, by_name["教育局"].ranked_total) == (8.0, 17.0)
    assert by_name["南川县"].overall_rank == 1 and by_name["教育局"].overall_rank == 2
    page = client.get(PAGE)
    assert page.context["state"].next_stage is None
    assert "这是最后一轮" in page.content.decode() and "确认晋级" not in page.content.decode()


def test_after_the_cut_a_judges_list_holds_only_the_advancing_entrants(staged, client_as):
    mark(staged, PRELIM)
    confirm(client_as("organizer"))
    judge = client_as("judge")
    tasks = judge.get("/api/judging/test-contest/tasks").json()
    entries = tasks["panels"][0]["entries"]
    assert sorted(e["label"] for e in entries) == ["南川县", "教育局"]
    # The judge filed 南川县 in 初评; in 决赛 the sheet is open again.
    assert {e["status"] for e in entries} == {"open"}


def test_a_judge_cannot_score_an_entrant_who_did_not_advance(staged, client_as, post_sheet):
    mark(staged, PRELIM)
    confirm(client_as("organizer"))
    client_as("judge")
    r = post_sheet("test-contest", staged.refs["北原县"], {"content": "5", "delivery": "3"}, key="after-cut-1")
    assert r.status_code == 404
    r = post_sheet("test-contest", staged.refs["南川县"], {"content": "6", "delivery": "4"}, key="after-cut-2")
    assert r.status_code == 201
    assert Sheet.objects.get(key="after-cut-2").round == "决赛"


def test_the_console_the_big_screen_and_paper_entry_follow_the_current_stage(staged, client_as):
    mark(staged, PRELIM)
    client = client_as("organizer")
    confirm(client)
    console = client.get("/c/test-contest/judging/console/")
    assert "当前:决赛" in console.content.decode()
    assert sorted(label for _ref, label in console.context["entrants"]) == ["南川县 · A01", "教育局 · B01"]
    board = client.get("/api/judging/test-contest/board").json()
    # Nobody has a 决赛 sheet yet: the 初评 marks do not show as this stage's.
    assert {(e["label"], e["submitted"]) for e in board["entries"]} == {("南川县", 0), ("教育局", 0)}
    api_console = client.get("/api/judging/test-contest/console").json()
    assert sorted(e["label"] for e in api_console["entries"]) == ["南川县", "教育局"]
    paper = client.get("/c/test-contest/judging/paper/", {"judge": staged.judge.pk})
    assert sorted(label for _ref, label, _recused in paper.context["entrants"]) == ["南川县 · A01", "教育局 · B01"]


def round_line(page: str) -> str:
    """The text of the page's #round-name line, or "hidden" when it is hidden."""
    found = re.search(r'<p id="round-name" class="round-name"( hidden)?>(.*?)</p>', page)
    return "hidden" if found.group(1) else found.group(2)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_judges_phone_and_the_big_screen_name_the_stage_being_judged(staged):
    judge, organizer = signed_in(staged.judge), signed_in(staged.organizer)
    assert round_line(judge.get("/c/test-contest/judging/score/").content.decode()) == "当前轮次:初评"
    assert judge.get("/api/judging/test-contest/tasks").json()["round"] == "初评"
    assert round_line(organizer.get("/c/test-contest/judging/screen/").content.decode()) == "当前轮次:初评"
    assert organizer.get("/api/judging/test-contest/board").json()["round"] == "初评"
    mark(staged, PRELIM)
    confirm(organizer)
    # The phones and the screen read the stage from their next poll: the cut renames it.
    assert judge.get("/api/judging/test-contest/tasks").json()["round"] == "决赛"
    assert organizer.get("/api/judging/test-contest/board").json()["round"] == "决赛"
    assert round_line(judge.get("/c/test-contest/judging/score/").content.decode()) == "当前轮次:决赛"
    _link, token = screen_links.create_screen_link(staged.organizer, staged.contest)
    assert round_line(Client().get(f"/screen/{token}/").content.decode()) == "当前轮次:决赛"
    assert Client().get(f"/api/judging/screen/{token}/board").json()["round"] == "决赛"


def test_an_english_phone_and_screen_say_which_stage_is_judged(staged):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(staged.judge)
    page = client.get("/c/test-contest/judging/score/").content.decode()
    assert round_line(page) == "Now judging: 初评"
    assert '"round": "Now judging: {name}"' in page  # the phrase the script fills after a cut
    client.force_login(staged.organizer)
    assert round_line(client.get("/c/test-contest/judging/screen/").content.decode()) == "Now judging: 初评"


def test_without_stages_the_phone_and_screen_name_no_stage(event, client_as):
    assert round_line(client_as("judge").get("/c/test-contest/judging/score/").content.decode()) == "hidden"
    assert client_as("judge").get("/api/judging/test-contest/tasks").json()["round"] == ""
    assert round_line(client_as("organizer").get("/c/test-contest/judging/screen/").content.decode()) == "hidden"
    assert client_as("organizer").get("/api/judging/test-contest/board").json()["round"] == ""


def test_the_order_draw_of_the_final_is_over_the_advancing_entrants_only(staged, client_as):
    first = draws.commit_draw(staged.organizer, staged.contest)
    draws.reveal_draw(staged.organizer, first, ["7"])
    mark(staged, PRELIM)
    confirm(client_as("organizer"))
    final = draws.commit_draw(staged.organizer, staged.contest)
    assert sorted(final.entrant_ids) == ["A01", "B01"] and final.round == "决赛"
    assert first.round == ""
    draws.reveal_draw(staged.organizer, final, ["3"])
    final.refresh_from_db()
    order = [e.name for e in draws.stage_order(staged.contest)]
    assert sorted(order) == ["南川县", "教育局"]
    assert order == [{"A01": "南川县", "B01": "教育局"}[i] for i in final.order]


def test_a_cut_is_refused_while_a_sheet_is_missing_or_open(staged, client_as):
    mark(staged, {k: v for k, v in PRELIM.items() if k != "北原县"})
    client = client_as("organizer")
    page = client.get(PAGE)
    assert page.context["state"].missing == 3 and page.context["rows"] == []
    response = client.post(PAGE, {"stage": "初评", "version": page.context["state"].version}, follow=True)
    assert "本轮还有 3 张评分表未提交、0 张未锁定" in response.content.decode()
    assert not Cut.objects.exists()
    mark(staged, {"北原县": PRELIM["北原县"]})
    sheet = Sheet.objects.filter(entrant=staged.entrants["北原县"]).first()
    services.reopen_sheet(staged.chief, sheet, "看错了")
    with pytest.raises(services.JudgingError) as refused:
        cuts.apply_cut(staged.organizer, staged.contest, stage="初评",
                       version=services.stage_of(staged.contest).version)
    assert refused.value.status == 409
    assert refused.value.problems[0].zh.startswith("本轮还有 0 张评分表未提交、1 张未锁定")
    assert "1 not locked" in refused.value.problems[0].en
    assert not Cut.objects.exists() and current_round(staged.contest).key == ""


def test_a_stage_cannot_be_cut_twice_and_its_sheets_can_no_longer_be_reopened(staged, client_as):
    mark(staged, PRELIM)
    client = client_as("organizer")
    version = client.get(PAGE).context["state"].version
    confirm(client, version)
    with pytest.raises(services.JudgingError) as refused:
        cuts.apply_cut(staged.organizer, staged.contest, stage="初评", version=version)
    assert refused.value.status == 409
    assert (refused.value.problems[0].zh, refused.value.problems[0].en) == (
        "“初评”已完成晋级,不能再次晋级", "stage '初评' has already been cut")
    assert Cut.objects.count() == 1
    old = Sheet.objects.filter(round="").first()
    with pytest.raises(services.JudgingError) as reopened:
        services.reopen_sheet(staged.chief, old, "改分")
    assert reopened.value.problems[0].en == "this sheet's stage has been cut; it can no longer be reopened"
    old.refresh_from_db()
    assert old.status == Sheet.Status.LOCKED


def test_the_organizer_looks_again_when_marks_changed_after_the_standings_were_shown(staged, client_as):
    mark(staged, PRELIM)
    client = client_as("organizer")
    shown = client.get(PAGE).context["state"].version
    services.set_reveal(staged.organizer, staged.contest, "immediate", True)
    with pytest.raises(services.JudgingError) as refused:
        cuts.apply_cut(staged.organizer, staged.contest, stage="初评", version=shown)
    assert refused.value.problems[0].zh == "您查看名次之后评分有变化,请重新核对名次后再确认"
    assert not Cut.objects.exists()
    confirm(client)
    assert Cut.objects.count() == 1


def test_only_the_current_stage_can_be_cut(staged):
    with pytest.raises(services.JudgingError) as refused:
        cuts.apply_cut(staged.organizer, staged.contest, stage="决赛",
                       version=services.stage_of(staged.contest).version)
    assert refused.value.problems[0].en == "the current stage is '初评', not '决赛'"


def test_without_stages_the_page_says_so_and_nothing_changes(event, client_as):
    client = client_as("organizer")
    page = client.get(PAGE)
    assert page.status_code == 200 and "没有声明轮次" in page.content.decode()
    r = client.post(PAGE, {"stage": "初评", "version": "0"})
    assert r.status_code == 302 and not Cut.objects.exists()
    with pytest.raises(services.JudgingError) as refused:
        cuts.apply_cut(event.organizer, event.contest, stage="初评", version=0)
    assert refused.value.problems[0].en == "the scheme declares no stages; there is nothing to cut"
    mark(event, PRELIM)
    assert {o.round for o in collect(event.contest)} == {None}


@pytest.mark.parametrize("who, status", [("judge", 403), ("chief", 403), ("inspector", 403),
                                         ("other_organizer", 404), ("bystander", 404)])
def test_only_the_organizer_applies_a_cut(staged, client_as, who, status):
    mark(staged, PRELIM)
    version = services.stage_of(staged.contest).version
    client = client_as(who)
    assert client.get(PAGE).status_code == status
    assert client.post(PAGE, {"stage": "初评", "version": version}).status_code == status
    assert not Cut.objects.exists()


def test_the_cut_page_refuses_other_methods_and_asks_strangers_to_log_in(staged, client_as):
    anonymous = Client()
    assert anonymous.get(PAGE).status_code == 302
    assert anonymous.post(PAGE, {"stage": "初评"}).status_code == 302 and not Cut.objects.exists()
    organizer = client_as("organizer")
    for method in ("put", "delete", "patch"):
        assert getattr(organizer, method)(PAGE).status_code == 405, method


def test_the_standings_snapshot_keeps_what_the_organizer_confirmed(staged, client_as):
    mark(staged, PRELIM)
    confirm(client_as("organizer"))
    rows = Cut.objects.get().standings["rows"]
    assert {(names_in(staged, [r["entrant"]])[0], r["ranked_total"], r["advanced"]) for r in rows} == {
        ("南川县", 8.0, True), ("北原县", 7.0, False), ("教育局", 9.0, True)}
    json.dumps(rows)  # stored as plain JSON


def test_a_tie_at_the_cut_sends_everyone_level_on_when_the_scheme_says_ties_all(event, client_as):
    client = client_as("organizer")
    text = SCHEME.replace("per: overall,", "per: overall, ties: all,")
    client.post(reverse("contests:scheme", args=[event.contest.slug]),
                {"file": SimpleUploadedFile("scheme.yaml", text.encode())})
    # 北原县 (5+3, 4+3, 6+3) → 8.00, level with 南川县 for the second place.
    mark(event, {**PRELIM, "北原县": [(5, 3), (4, 3), (6, 3)]})
    page = client.get(PAGE)
    assert page.context["state"].standings.tie_notes
    assert page.context["state"].standings.tie_notes[0] in page.content.decode()
    assert "确认晋级:3 个参评对象进入“决赛”" in page.content.decode()
    confirm(client)
    assert sorted(names_in(event, Cut.objects.get().advancing)) == ["北原县", "南川县", "教育局"]


def test_a_mark_the_engine_refuses_is_shown_and_blocks_the_cut(event, client_as):
    client = client_as("organizer")
    # The scheme no longer has the 表达 criterion the panel's sheets were marked on.
    text = SCHEME.replace("      - {id: delivery, name: 表达, max: 4, step: 1}\n", "")
    client.post(reverse("contests:scheme", args=[event.contest.slug]),
                {"file": SimpleUploadedFile("scheme.yaml", text.encode())})
    mark(event, PRELIM)
    page = client.get(PAGE)
    problems = page.context["state"].problems
    assert problems and page.context["rows"] == []
    assert "“delivery”不属于" in problems[0].zh and problems[0].zh.startswith("评分表")
    assert problems[0].zh in page.content.decode()
    with pytest.raises(services.JudgingError) as refused:
        cuts.apply_cut(event.organizer, event.contest, stage="初评", version=page.context["state"].version)
    assert refused.value.problems == list(problems)
    assert not Cut.objects.exists()


def test_the_console_cannot_call_an_entrant_who_did_not_advance(staged, client_as):
    mark(staged, PRELIM)
    client = client_as("organizer")
    confirm(client)
    r = client.post("/c/test-contest/judging/console/action/",
                    {"action": "call", "entry": staged.refs["北原县"]}, follow=True)
    assert "该参评对象未晋级本轮 / this entrant did not advance to this stage" in r.content.decode()
    assert services.stage_of(staged.contest).entrant is None
    client.post("/c/test-contest/judging/console/action/", {"action": "call"})
    assert services.stage_of(staged.contest).entrant.name in ("南川县", "教育局")
