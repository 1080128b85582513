"""The organizer's ranking a hundred rows at a time: searched by name, code or group,
sorted as before, every link keeping the order and the search, any ?page= a real page."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from bipin.results.tests.villages import EAST, WEST, table_rows

pytestmark = pytest.mark.django_db


def ranking(client_as, **query) -> str:
    response = client_as("organizer").get(reverse("results:ranking", args=["stars"]), query)
    assert response.status_code == 200
    return response.content.decode()


def east(*numbers) -> list[tuple[str, str]]:
    """东村's rows as the table shows them: household n ranks n there."""
    return [(str(n), f"示例户{n:03d}") for n in numbers]


def west(*numbers) -> list[tuple[str, str]]:
    return [(str(n - EAST), f"示例户{n:03d}") for n in numbers]


def links(html: str, start: str, end: str) -> list[dict[str, list[str]]]:
    """The query of every link between ``start`` and ``end`` in the page."""
    part = html[html.index(start):html.index(end, html.index(start))]
    return [parse_qs(urlsplit(href.replace("&amp;", "&")).query) for href in re.findall(r'href="([^"]*)"', part)]


def test_the_first_page_shows_the_first_hundred_with_the_count(households, client_as):
    text = ranking(client_as)
    assert table_rows(text) == east(*range(1, 101))
    assert "第 1–100 条,共 250 条" in text


def test_page_two_shows_rows_101_to_200_in_ranking_order(households, client_as):
    text = ranking(client_as, page="2")
    assert table_rows(text) == east(*range(101, 201))
    assert "第 101–200 条,共 250 条" in text
    assert "(续上页)" in text  # 东村 began on page 1


def test_the_last_page_ends_one_village_and_begins_the_next(households, client_as):
    text = ranking(client_as, page="3")
    assert table_rows(text) == east(*range(201, EAST + 1)) + west(*range(EAST + 1, EAST + WEST + 1))
    assert "第 201–250 条,共 250 条" in text
    assert text.index("<h2>东村") < text.index("<h2>西村")


@pytest.mark.parametrize(("page", "first"), [("abc", 1), ("0", 1), ("-1", 1), ("2.5", 1), ("²", 1),
                                             ("99999", 201), ("9" * 30, 1)])
def test_any_page_number_answers_with_a_real_page(households, client_as, page, first):
    rows = table_rows(ranking(client_as, page=page))
    assert rows[0] == east(first)[0] and len(rows) == (100 if first == 1 else 50)


def test_the_pager_links_the_first_the_last_and_the_neighbours(households, client_as):
    text = ranking(client_as, page="2")
    pages = [q["page"][0] for q in links(text, '<nav class="pager', "</nav>")]
    assert pages == ["1", "1", "3", "3"]  # 上一页, 1, (2 is this page), 3, 下一页
    assert '<span class="current" aria-current="page">2</span>' in text


def test_many_pages_link_only_the_ends_and_the_neighbours(households, client_as, monkeypatch):
    from bipin.results import listing

    monkeypatch.setattr(listing, "PAGE_SIZE", 10)
    text = ranking(client_as, page="12")
    pager = text[text.index('<nav class="pager'):text.index("</nav>", text.index('<nav class="pager'))]
    shown = re.findall(r">(\d+|…)</(?:a|span)>", pager)
    assert shown == ["1", "…", "10", "11", "12", "13", "14", "…", "25"]
    assert table_rows(text) == east(*range(111, 121))


def test_a_search_finds_households_by_name(households, client_as):
    text = ranking(client_as, q="示例户12")
    assert table_rows(text) == east(*range(120, 130))
    assert "第 1–10 条,共 10 条" in text and "<nav class=\"pager" not in text


def test_a_search_finds_a_household_by_its_code_in_any_case(households, client_as):
    assert table_rows(ranking(client_as, q="h0245")) == west(245)
    assert table_rows(ranking(client_as, q=" H0007 ")) == east(7)


def test_a_search_by_village_lists_that_village(households, client_as):
    assert table_rows(ranking(client_as, q="西村")) == west(*range(EAST + 1, EAST + WEST + 1))


def test_a_search_that_finds_nothing_says_so_in_both_languages(households, client_as):
    text = ranking(client_as, q="不存在的户")
    assert table_rows(text) == []
    assert "没有找到与“不存在的户”匹配的参评对象。" in text
    assert '<span class="en" lang="en">Nothing matches “不存在的户”' in text


def test_sort_search_and_page_work_together(households, client_as):
    # Lowest total first within 东村: 示例户230 … 示例户131 on page 1, 130 … 31 on page 2.
    text = ranking(client_as, q="东村", sort="total", page="2")
    assert table_rows(text) == east(*range(130, 30, -1))
    assert "第 101–200 条,共 230 条" in text


def test_the_links_keep_the_order_and_the_search(households, client_as):
    text = ranking(client_as, q="示例户", sort="name", page="2")
    pager = links(text, '<nav class="pager', "</nav>")
    assert pager and all(q["q"] == ["示例户"] and q["sort"] == ["name"] for q in pager)
    assert {q["page"][0] for q in pager} == {"1", "3"}
    # A column heading keeps the search and starts its new order on the first page.
    headings = links(text, "<thead>", "</thead>")
    assert headings and all(q["q"] == ["示例户"] and "page" not in q for q in headings)
    assert {"sort": ["-name"], "q": ["示例户"]} in headings  # clicking 参评单位 again flips it
    form = text[text.index('id="ranking-search"'):text.index("</form>", text.index('id="ranking-search"'))]
    assert 'name="sort" value="name"' in form and 'value="示例户"' in form


def test_following_next_shows_the_next_rows_in_the_same_order(households, client_as):
    text = ranking(client_as, q="示例户", sort="name", page="2")
    following = next(q for q in links(text, 'rel="prev"', "</nav>") if q["page"] == ["3"])
    rows = table_rows(ranking(client_as, **{k: v[0] for k, v in following.items()}))
    assert rows == east(*range(201, EAST + 1)) + west(*range(EAST + 1, EAST + WEST + 1))


def test_an_older_snapshot_keeps_its_number_in_every_link(households, client_as):
    text = ranking(client_as, snapshot="1", page="2")
    assert all(q["snapshot"] == ["1"] for q in links(text, '<nav class="pager', "</nav>"))
    assert 'name="snapshot" value="1"' in text


def test_a_note_about_many_households_lists_two_hundred_and_counts_the_rest(cast, client_as):
    from bipin.results import services
    from bipin.results.tests.villages import households_contest

    contest = households_contest(cast.organizer, release=False)
    services.withdraw_batch(cast.organizer, contest.observation_batches.get(), "重新导入")
    services.import_observations(cast.organizer, contest, "参评对象,来源,指标,分值\n示例户001,data,门前三包,99\n".encode(),
                                 "one.csv")
    services.compute_snapshot(cast.organizer, contest)
    text = ranking(client_as)
    places = text[text.index('<ul class="note-places">'):text.index("</ul>", text.index('<ul class="note-places">'))]
    assert places.count("<li>") == 200
    assert f"另有 {EAST + WEST - 1 - 200} 处未列出" in places


def test_an_english_browser_reads_the_counts_and_the_links_in_english(households, client_as, settings):
    client = client_as("organizer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(reverse("results:ranking", args=["stars"]), {"page": "2"}).content.decode()
    for words in ("Rows 101–200 of 250", "Search by name, code or group", "Previous", "Next", "(continued)"):
        assert words in text
    notice = client.get(reverse("results:notice", args=["stars"]), {"code": "H0001"}).content.decode()
    assert "Look up by code" in notice and "Looked up by the code “H0001”" in notice


def test_a_note_names_a_judge_to_the_organizer_never_by_code(cast, scheme, imported, client_as, monkeypatch):
    from bipin.results import engine, services
    from bipin.scoring import Observation

    judges = [f"judge:{cast.users[u].pk}" for u in ("judge", "judge2", "chief")]

    def panel(contest):  # 评委 judge2 gives 南川县 no 表达 mark
        return [Observation(str(e.pk), "panel", criterion, 4, judge=j)
                for e in contest.entrants.all() for j in judges for criterion in ("内容", "表达")
                if not (e.name == "南川县" and j == judges[1] and criterion == "表达")]

    installed = engine.collectors
    monkeypatch.setattr(engine, "collectors", lambda: [*installed(), panel])
    services.compute_snapshot(cast.organizer, cast.contest)
    response = client_as("organizer").get(reverse("results:ranking", args=[cast.contest.slug]))
    text = response.content.decode()
    name = cast.users["judge2"].get_full_name() or cast.users["judge2"].get_username()
    assert f"评委{name}未给评分项" in text
    assert not re.search(r"judge:\d+", text)
