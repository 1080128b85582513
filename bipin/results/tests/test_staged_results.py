"""A staged contest (examples/diving: 预赛 → 半决赛 → 决赛) in the results app, end to end:
computed and released through the snapshot path, shown stage by stage on the ranking page,
the card, the notice, 试算, the workbook and the PDF, with the README's hand-computed figures.

Figures (examples/diving/README.md): 预赛 D02 193.85, D04 189.30, D01 188.15, D03 183.10 go on,
D05 182.80 and D06 168.45 out; 半决赛 ranked on 预赛 + 半决赛: D02 396.70, D03 395.50, D01 383.15
go on, D04 351.10 out; 决赛 alone: D03 244.40, D02 206.20, D01 202.40. Final places:
D03 1, D02 2, D01 3 (决赛), D04 4 (半决赛), D05 5, D06 6 (预赛).
"""

from __future__ import annotations

import html
import io
import re

import pypdf
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bipin.audit.models import Record
from bipin.contests.models import Role
from bipin.contests.services import grant_role
from bipin.results import services
from bipin.results.models import Snapshot
from bipin.results.tests.staged import by_code

pytestmark = pytest.mark.django_db

NAMES = {"D01": "示例选手甲", "D02": "示例选手乙", "D03": "示例选手丙", "D04": "示例选手丁",
         "D05": "示例选手戊", "D06": "示例选手己"}
# (code, rank, the totals the stage adds, ranked total, 晋级/淘汰/"" in the last stage)
PRELIM = [("D02", 1, ["193.85"], "193.85", "晋级"), ("D04", 2, ["189.30"], "189.30", "晋级"),
          ("D01", 3, ["188.15"], "188.15", "晋级"), ("D03", 4, ["183.10"], "183.10", "晋级"),
          ("D05", 5, ["182.80"], "182.80", "淘汰"), ("D06", 6, ["168.45"], "168.45", "淘汰")]
SEMI = [("D02", 1, ["193.85", "202.85"], "396.70", "晋级"), ("D03", 2, ["183.10", "212.40"], "395.50", "晋级"),
        ("D01", 3, ["188.15", "195.00"], "383.15", "晋级"), ("D04", 4, ["189.30", "161.80"], "351.10", "淘汰")]
FINAL = [("D03", 1, ["244.40"], "244.40", ""), ("D02", 2, ["206.20"], "206.20", ""),
         ("D01", 3, ["202.40"], "202.40", "")]
PLACES = [(1, "D03", "决赛", "244.40"), (2, "D02", "决赛", "206.20"), (3, "D01", "决赛", "202.40"),
          (4, "D04", "半决赛", "351.10"), (5, "D05", "预赛", "182.80"), (6, "D06", "预赛", "168.45")]


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def table_rows(fragment: str) -> list[str]:
    """Each body row of the tables in an HTML fragment, as its text."""
    body = "".join(re.findall(r"(?s)<tbody>(.*?)</tbody>", fragment))
    return [text(r) for r in re.findall(r"(?s)<tr[^>]*>(.*?)</tr>", body)]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def stage_section(page: str, n: int) -> str:
    return re.search(rf'(?s)<section class="group stage" id="stage-{n}">(.*?)</section>', page).group(1)


def expected_rows(stage) -> list[str]:
    return [" ".join([str(rank), NAMES[code], *parts, ranked, *([status] if status else [])])
            for code, rank, parts, ranked, status in stage]


def expected_places() -> list[str]:
    return [f"{place} {NAMES[code]} {stage} {total}" for place, code, stage, total in PLACES]


@pytest.fixture
def computed(cast, diving):
    snapshot, created = services.compute_snapshot(cast.organizer, diving)
    assert created
    return snapshot


def test_an_organizer_computes_a_diving_meet_into_a_snapshot_of_every_stage(cast, diving, computed):
    evaluation = computed.evaluation
    assert evaluation["staged"] is True and evaluation["pending"] == []
    assert [s["stage"] for s in evaluation["stages"]] == ["预赛", "半决赛", "决赛"]
    ids = {v: k for k, v in by_code(diving).items()}
    semi = evaluation["stages"][1]
    assert [(ids[r["entrant"]], r["parts"]["预赛"], r["parts"]["半决赛"], r["ranked_total"], r["advanced"])
            for r in semi["groups"][0]["results"]] == [
        ("D02", 193.85, 202.85, 396.7, True), ("D03", 183.1, 212.4, 395.5, True),
        ("D01", 188.15, 195.0, 383.15, True), ("D04", 189.3, 161.8, 351.1, False)]
    assert [(p["place"], ids[p["entrant"]], p["decided_in"]) for p in evaluation["placings"][0]["results"]] == [
        (place, code, stage) for place, code, stage, _ in PLACES]
    # Each stage keeps its own evaluation with the drill-down: D03's semi-final first dive
    # counts 8.0, 7.5 and 7.5 (J2, J3, J7) of seven marks.
    tree = next(r for r in semi["evaluation"]["groups"][0]["results"] if ids[r["entrant"]] == "D03")
    marks = tree["explanation"]["children"][0]["children"][0]["inputs"]
    assert sorted(m["judge"] for m in marks if m["counted"] and m["criterion"] == "第1跳") == ["J2", "J3", "J7"]
    audit = Record.objects.get(action="results.compute")
    assert audit.data["hash"] == computed.input_hash and audit.data["observations"] == 273
    again, created = services.compute_snapshot(cast.organizer, diving)
    assert (again.pk, created) == (computed.pk, False)  # same inputs, same hash: no second snapshot


def test_the_ranking_page_shows_each_stage_its_cut_and_the_final_places(cast, diving, computed, client_as):
    page = client_as("organizer").get(reverse("results:ranking", args=[diving.slug])).content.decode()
    places = re.search(r'(?s)<section class="group staged-places">(.*?)</section>', page).group(1)
    assert table_rows(places) == expected_places()
    assert table_rows(stage_section(page, 1)) == expected_rows(PRELIM)
    assert table_rows(stage_section(page, 2)) == expected_rows(SEMI)
    assert table_rows(stage_section(page, 3)) == expected_rows(FINAL)
    assert "排名依据:预赛 + 半决赛 · 前 3 名晋级“决赛”(每组)" in text(stage_section(page, 2))
    # The phone hides the earlier stages' columns of a cumulative ranking, never the ranked total.
    semi_head = re.search(r"(?s)<thead>(.*?)</thead>", stage_section(page, 2)).group(1)
    assert re.search(r'class="num hide-phone">预赛<', semi_head)
    assert not re.search(r"hide-phone\">(半决赛|排名总分)<", semi_head)


def test_a_divers_card_shows_its_path_through_the_stages_and_each_stages_marks(cast, diving, computed,
                                                                                client_as):
    d04 = by_code(diving)["D04"]
    page = client_as("organizer").get(reverse("results:card", args=[diving.slug, d04])).content.decode()
    assert "最终名次 4 决定名次的阶段 半决赛 排名总分 351.10" in text(page)
    path = re.search(r'(?s)<table class="stage-path">(.*?)</table>', page).group(1)
    assert table_rows(path) == ["预赛 189.30 预赛 189.30 189.30 2 / 6 晋级“半决赛”",
                                "半决赛 161.80 预赛 189.30 + 半决赛 161.80 351.10 4 / 4 淘汰"]
    sections = re.findall(r'(?s)<section class="stage-explain">(.*?)</section>', page)
    assert [text(s).split(" ")[0] for s in sections] == ["得分明细", "得分明细"]
    assert ["预赛" in text(sections[0]), "半决赛" in text(sections[1])] == [True, True]
    # 半决赛 第1跳: 6.0 6.0 6.0 counted of 7 marks × 2.8 = 50.40 (README); each mark is listed.
    assert len(re.findall(r"<td>第1跳</td>", sections[1])) == 7
    d03 = by_code(diving)["D03"]
    final = client_as("organizer").get(reverse("results:card", args=[diving.slug, d03])).content.decode()
    assert table_rows(re.search(r'(?s)<table class="stage-path">(.*?)</table>', final).group(1))[-1] == \
        "决赛 244.40 决赛 244.40 244.40 1 / 3 末轮"


def test_the_workbook_has_the_final_places_and_a_sheet_per_stage_with_the_pages_figures(
        cast, diving, computed, client_as):
    response = client_as("organizer").get(reverse("results:export", args=[diving.slug, "xlsx"]))
    book = load_workbook(io.BytesIO(body(response)))
    assert book.sheetnames == ["说明", "最终名次", "预赛", "半决赛", "决赛", "评委打分", "全部数据", "得分明细"]
    rows = list(book["最终名次"].iter_rows(values_only=True))
    assert rows[1][:6] == ("组别", "名次", "参评对象", "编号", "决定名次的阶段", "排名总分")
    assert [r[1:6] for r in rows[2:]] == [(p, NAMES[c], c, s, float(t)) for p, c, s, t in PLACES]
    for sheet, stage in (("预赛", PRELIM), ("半决赛", SEMI), ("决赛", FINAL)):
        got = [r[1:] for r in list(book[sheet].iter_rows(values_only=True))[2:]]
        assert got == [(rank, NAMES[c], c, *map(float, parts), float(ranked), status or None)
                       for c, rank, parts, ranked, status in stage]
    assert book["半决赛"]["A1"].value == "半决赛 · 排名依据 预赛 + 半决赛;每组前3名晋级“决赛”"
    marks = list(book["评委打分"].iter_rows(values_only=True))[1:]
    assert len(marks) == 273 and {m[6] for m in marks} == {"计入", "去掉"}
    assert sum(m[6] == "计入" for m in marks) == 3 * 39  # 3 of 7 marks count, 13 entries × 3 dives


def test_the_pdf_has_the_final_places_each_stage_and_a_page_per_diver(cast, diving, computed, client_as):
    response = client_as("organizer").get(reverse("results:export", args=[diving.slug, "pdf"]))
    pdf = pypdf.PdfReader(io.BytesIO(body(response)))
    pages = [" ".join(p.extract_text().split()) for p in pdf.pages]
    assert len(pages) == 1 + 1 + 3 + 6  # cover, final places, a page per stage, a page per diver
    assert "分阶段比赛结果报告" in pages[0] and "阶段:预赛 → 半决赛 → 决赛" in pages[0]
    assert " ".join(expected_places()) in pages[1]
    assert " ".join(expected_rows(SEMI)) in pages[3]
    assert "排名依据 预赛 + 半决赛;每组前3名晋级“决赛”" in pages[3]
    d04 = next(p for p in pages[5:] if p.startswith(f"{NAMES['D04']} 成绩单"))
    assert "最终名次 4 决定名次的阶段 半决赛 排名总分 351.10" in d04
    assert "半决赛 161.80 预赛 189.30 + 半决赛 161.80 351.10 4 / 4 淘汰" in d04


def test_a_diver_downloads_its_own_card_as_a_pdf_after_release(cast, diving, computed, client_as):
    d04 = diving.entrants.get(code="D04")
    grant_role(cast.organizer, diving, cast.users["entrant"], Role.ENTRANT_VIEWER, entrant=d04)
    viewer = client_as("entrant")
    url = reverse("results:card_pdf", args=[diving.slug, d04.pk])
    assert viewer.get(url).status_code == 404  # nothing before release
    services.release_results(cast.organizer, computed, "跳水邀请赛成绩")
    response = viewer.get(url)
    pdf = pypdf.PdfReader(io.BytesIO(body(response)))
    card = " ".join(pdf.pages[1].extract_text().split())
    assert "得分明细 · 预赛" in card and "得分明细 · 半决赛" in card
    assert "预赛 189.30 预赛 189.30 189.30 2 / 6 晋级" in card


def test_unreleased_stage_standings_are_for_the_contests_organizers_only(cast, diving, computed, client_as,
                                                                        client):
    grant_role(cast.organizer, diving, cast.users["judge"], Role.JUDGE)
    d04 = diving.entrants.get(code="D04")
    grant_role(cast.organizer, diving, cast.users["entrant"], Role.ENTRANT_VIEWER, entrant=d04)
    d03 = by_code(diving)["D03"]
    urls = [reverse("results:ranking", args=[diving.slug]),
            reverse("results:card", args=[diving.slug, d04.pk]),
            reverse("results:card", args=[diving.slug, d03]),
            reverse("results:export", args=[diving.slug, "xlsx"]),
            reverse("results:export", args=[diving.slug, "pdf"]),
            reverse("results:preview", args=[diving.slug]),
            reverse("results:notice", args=[diving.slug])]
    for who in ("judge", "entrant", "other_organizer", "bystander"):
        for url in urls:
            assert client_as(who).get(url).status_code in (403, 404), (who, url)
    services.release_results(cast.organizer, computed, "跳水邀请赛成绩")
    viewer = client_as("entrant")
    assert viewer.get(urls[1]).status_code == 200  # its own card, released
    assert viewer.get(urls[2]).status_code == 404  # never another diver's
    assert viewer.get(urls[0]).status_code in (403, 404)  # the stage rankings stay the organizers'
    assert client_as("judge").get(urls[1]).status_code in (403, 404)


def test_a_trial_run_of_a_staged_scheme_shows_every_stage_and_stores_nothing(cast, diving, client_as):
    before = Record.objects.count()
    page = client_as("organizer").get(reverse("results:preview", args=[diving.slug])).content.decode()
    assert "试算,不是正式结果" in page
    assert table_rows(stage_section(page, 2)) == expected_rows(SEMI)
    assert not Snapshot.objects.filter(contest=diving).exists()
    assert Record.objects.count() == before


def test_the_notice_shows_the_stages_and_says_why_it_offers_no_verification_record(cast, diving, computed,
                                                                                  client):
    release = services.release_results(cast.organizer, computed, "跳水邀请赛成绩")
    services.publish_notice(cast.organizer, release, start=None, end=None, contact="赛事办公室")
    page = client.get(reverse("results:notice", args=[diving.slug])).content.decode()
    assert table_rows(stage_section(page, 3)) == expected_rows(FINAL)
    assert "分阶段比赛暂不提供核验数据" in page
    assert reverse("results:notice_record", args=[diving.slug]) not in page
    record = client.get(reverse("results:notice_record", args=[diving.slug]))
    assert record.status_code == 404


def test_the_changes_page_shows_a_final_place_that_moved(cast, diving, computed, client_as, monkeypatch):
    from bipin.results import engine
    from bipin.results.tests.staged import hall_marks

    # D01's final third dive marked 2 points lower by every judge: 22.0 − 6.0 = 16.0 × 3.4 = 54.40,
    # final 202.40 − 20.40 = 182.00; still third of three, so the place stays and the total moves.
    def lower(contest):
        return [o if not (o.entrant == "D01" and o.round == "决赛" and o.item == "第3跳")
                else type(o)(**{**o.__dict__, "value": o.value - 2}) for o in hall_marks(contest)]

    monkeypatch.setattr(engine, "collectors", lambda: [lower])
    services.compute_snapshot(cast.organizer, diving)
    page = client_as("organizer").get(reverse("results:diff", args=[diving.slug, 2])).content.decode()
    moved = table_rows(re.search(r"(?s)<h2>名次或总分变化</h2>(.*?)</table>", page).group(1))
    assert moved == [f"{NAMES['D01']} 3 3 202.40 182.00"]


def test_an_english_browser_reads_the_stage_rankings_and_card_in_english(cast, diving, computed):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(cast.organizer)
    page = text(client.get(reverse("results:ranking", args=[diving.slug])).content.decode())
    assert "Rankings by stage" in page and "Final places" in page
    assert "Ranked on: 预赛 + 半决赛 · top 3 go on to “决赛” (per group)" in page
    d04 = by_code(diving)["D04"]
    card = text(client.get(reverse("results:card", args=[diving.slug, d04])).content.decode())
    assert "Place decided in 半决赛" in card and "On to “半决赛”" in card and "Score details · 半决赛" in card
