"""The public notice (公示) of a large campaign: a hundred rows a page, a search, and a
household's own row found by its code, showing what the notice shows everyone and no more."""

import re

import pytest
from django.urls import reverse

from bipin.results.tests.villages import EAST, households_contest, table_rows

pytestmark = pytest.mark.django_db


def notice(client, **query):
    return client.get(reverse("results:notice", args=["stars"]), query)


def read(client, **query) -> str:
    response = notice(client, **query)
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, name: str) -> str:
    """The whole <tr> of ``name`` in the page's ranking table."""
    return re.search(rf"<tr[^>]*>\s*<td class=\"num\">[^<]*</td>\s*<td>{name}.*?</tr>", html, re.S).group(0)


def test_anyone_reads_the_notice_a_hundred_rows_at_a_time(households, client):
    first, second = read(client), read(client, page="2")
    assert table_rows(first) == [(str(n), f"示例户{n:03d}") for n in range(1, 101)]
    assert table_rows(second) == [(str(n), f"示例户{n:03d}") for n in range(101, 201)]
    assert "第 101–200 条,共 250 条" in second and "0000-7654321" in second


@pytest.mark.parametrize("page", ["abc", "0", "99999"])
def test_a_bad_page_number_still_shows_a_page(households, client, page):
    rows = table_rows(read(client, page=page))
    assert rows[0] == (("201", "示例户201") if page == "99999" else ("1", "示例户001"))


def test_the_notice_is_searched_like_the_ranking(households, client):
    assert table_rows(read(client, q="示例户12")) == [(str(n), f"示例户{n:03d}") for n in range(120, 130)]
    text = read(client, q="无此户")
    assert table_rows(text) == []
    assert "没有找到与“无此户”匹配的参评对象。" in text and '<span class="en" lang="en">Nothing matches' in text


def test_the_notice_keeps_the_official_order(households, client):
    assert table_rows(read(client, sort="name", page="3"))[0] == ("201", "示例户201")
    assert "sort=" not in read(client)


def test_a_household_finds_its_own_row_by_its_code(households, client):
    text = read(client, code="h0245")
    assert table_rows(text) == [(str(245 - EAST), "示例户245")]
    assert "按编号“h0245”查询" in text and "92.50" in text and "五星" in text
    assert '<nav class="pager' not in text


def test_the_looked_up_row_is_the_row_the_list_shows(households, client):
    listed = row_of(read(client, page="3"), "示例户245")
    found = row_of(read(client, code="H0245"), "示例户245")
    assert found == listed
    assert "H0245" not in found and "/card/" not in found  # no code column, no card in an open contest


def test_a_blind_contest_shows_the_code_in_the_looked_up_row_as_in_the_list(households, client):
    households.blind = True
    households.save(update_fields=["blind"])
    listed = row_of(read(client, page="3"), "示例户245")
    assert "H0245" in listed and row_of(read(client, code="H0245"), "示例户245") == listed


def test_an_unknown_code_says_so_in_both_languages_and_shows_no_row(households, client):
    response = notice(client, code="X-404")
    text = response.content.decode()
    assert response.status_code == 200
    assert table_rows(text) == []
    assert "没有编号为“X-404”的参评对象" in text
    assert '<span class="en" lang="en">There is no entrant with the code “X-404”.' in text


def test_a_part_of_a_code_finds_no_row(households, client):
    assert table_rows(read(client, code="H02")) == []


def test_an_unpublished_notice_is_not_found_whatever_is_asked(cast, client):
    households_contest(cast.organizer)  # released, the notice not published
    for query in ({}, {"code": "H0001"}, {"q": "示例户"}, {"page": "2"}):
        response = notice(client, **query)
        assert response.status_code == 404
        assert "示例户001".encode() not in response.content


def test_there_is_no_notice_before_the_release(cast, client):
    households_contest(cast.organizer, release=False)
    for query in ({}, {"code": "H0001"}, {"q": "示例户"}):
        assert notice(client, **query).status_code == 404

