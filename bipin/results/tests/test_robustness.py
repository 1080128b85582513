"""The ranking page's 排名稳健性 section and the workbook's sheet: organizers only."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from bipin.results import robustness, services
from bipin.results.tests.conftest import SCHEME, give_scheme

pytestmark = pytest.mark.django_db

ROBUST = SCHEME + b"""
robustness:
  draws: 300
  seed: 20261130
  weights: {\xe8\xb4\xa3\xe4\xbb\xbb\xe8\x90\xbd\xe5\xae\x9e: [5, 15]}
  trim: [0, 1]
"""  # weights: {责任落实: [5, 15]}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    # An English request leaves English active in this thread; later tests expect Chinese.
    translation.deactivate()


@pytest.fixture
def robust_snapshot(cast, live, imported):
    give_scheme(cast.contest, ROBUST)
    snap, _ = services.compute_snapshot(cast.organizer, cast.contest)
    return snap


def ranking(cast):
    return reverse("results:ranking", args=[cast.contest.slug])


def test_the_organizer_sees_each_entrants_interval_when_the_scheme_declares_it(
        cast, robust_snapshot, client_as):
    page = client_as("organizer").get(ranking(cast)).content.decode()
    assert "排名稳健性" in page and 'class="rank-intervals"' in page
    result = robustness.for_snapshot(robust_snapshot)
    assert (result.draws, result.seed, result.variants) == (300, 20261130, 2)
    for g in result.groups:
        for e in g.entrants:
            assert e.name in page
            assert 1 <= e.low <= e.median <= e.high <= len(g.entrants)
    # One interval bar per entrant, plus each group chart's legend.
    assert page.count('class="interval"') == sum(len(g.entrants) + 1 for g in result.groups)


def test_a_reload_reads_the_cached_analysis(cast, robust_snapshot, client_as, monkeypatch):
    client = client_as("organizer")
    client.get(ranking(cast))
    calls = []
    monkeypatch.setattr(robustness, "rank_robustness", lambda *a, **k: calls.append(a))
    assert "排名稳健性" in client.get(ranking(cast)).content.decode()
    assert calls == []
    assert cache.get(robustness.cache_key(robust_snapshot)) is not None


def test_the_cache_key_names_the_inputs_and_the_scheme(robust_snapshot):
    key = robustness.cache_key(robust_snapshot)
    assert robust_snapshot.input_hash in key and robust_snapshot.scheme_sha256 in key


def test_no_section_when_the_scheme_declares_none(cast, snapshot, client_as):
    page = client_as("organizer").get(ranking(cast)).content.decode()
    assert "排名稳健性" not in page and "rank-intervals" not in page
    assert robustness.for_snapshot(snapshot) is None


@pytest.mark.parametrize("who", ["chief", "judge", "inspector", "reporter", "reviewer", "entrant",
                                 "other_organizer", "bystander"])
def test_nobody_but_the_organizer_reaches_the_analysis(cast, robust_snapshot, client_as, who):
    response = client_as(who).get(ranking(cast))
    assert response.status_code in (403, 404)
    assert "排名稳健性".encode() not in response.content


def test_the_public_notice_never_shows_it(cast, robust_snapshot, client, client_as):
    done = services.release_results(cast.organizer, robust_snapshot, "2026年测试结果")
    now = timezone.now()
    services.publish_notice(cast.organizer, done, start=now - dt.timedelta(days=1),
                            end=now + dt.timedelta(days=5), contact="示例电话", published=True)
    url = reverse("results:notice", args=[cast.contest.slug])
    for response in (client.get(url), client_as("entrant").get(url)):
        assert response.status_code == 200
        assert "排名稳健性".encode() not in response.content


def _sheet(client, cast, number):
    url = reverse("results:export", args=[cast.contest.slug, "xlsx"]) + f"?snapshot={number}"
    return load_workbook(io.BytesIO(client.get(url).content))


def test_the_workbook_has_the_same_table(cast, robust_snapshot, client_as):
    book = _sheet(client_as("organizer"), cast, robust_snapshot.number)
    rows = list(book["排名稳健性"].iter_rows(values_only=True))
    assert rows[0][:6] == ("组别", "正式名次", "参评单位", "名次中位数", "5%名次", "95%名次")
    result = robustness.for_snapshot(robust_snapshot)
    assert [r[1:6] for r in rows[1:]] == [(e.rank, e.name, e.median, e.low, e.high)
                                           for g in result.groups for e in g.entrants]
    assert book.sheetnames.index("排名稳健性") == book.sheetnames.index("汇总排名") + 1


def test_the_workbook_has_no_such_sheet_when_not_declared(cast, snapshot, client_as):
    assert "排名稳健性" not in _sheet(client_as("organizer"), cast, snapshot.number).sheetnames


def test_an_english_browser_reads_the_section_in_english(cast, robust_snapshot, client_as):
    page = client_as("organizer").get(ranking(cast), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in ("Rank robustness", "Re-ranked over 300 draws", "seed 20261130",
                 "at least 95% of the draws", "Official rank", "Median rank"):
        assert text in page
    assert "排名稳健性" not in page and "抽样" not in page


def test_the_section_lists_the_entrants_the_ranking_page_shows(cast, robust_snapshot, client_as):
    page = client_as("organizer").get(ranking(cast), {"q": "南川县"}).content.decode()
    section = page[page.index('id="robustness"'):]
    assert "南川县" in section and "北原县" not in section and "教育局" not in section
    assert "本节只列出上方排名表本页中的参评对象" in section
    assert section.count('class="interval"') == 1 + 1  # its bar and the legend's
