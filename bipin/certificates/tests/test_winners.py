"""The organizer publishes the winners and every sample's score sheet; anyone reads them.

北原县's sheet, by hand: 评委1…3 are the panel's judges 评委丙, 评委乙, 评委甲 in the
order the report cards number them; they gave 内容 6, 5, 5.5 and 表达 4, 3.5, 3.
Three marks trimmed drop the highest and the lowest, so 5.5 and 3.5 count: 9.00.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from bipin.audit.models import Record
from bipin.results import services as results

pytestmark = pytest.mark.django_db


def publish(client, cast, **form):
    return client.post(reverse("certificates:publish", args=[cast.contest.slug]), form, follow=True)


def winners(client, cast):
    return client.get(reverse("certificates:winners", args=[cast.contest.slug]))


def cells(html: str, holder: str) -> str:
    """The text of one sample's sheet: its heading to the next sheet."""
    start = html.index(f"{holder} <small")
    end = html.find('<section class="card sheet">', start)
    return html[start:end if end > 0 else None]


def test_nothing_is_public_until_the_organizer_publishes(cast, released, client):
    assert winners(client, cast).status_code == 404


def test_anyone_reads_the_winners_and_each_judges_marks_without_the_judges_names(
        cast, released, client_as, client):
    page = publish(client_as("organizer"), cast)
    assert "获奖名单和评分表已公布" in page.content.decode()
    html = winners(client, cast).content.decode()
    assert re.search(r"一等奖</td><td>北原县</td><td class=\"num\">46.80", html)
    assert re.search(r"二等奖</td><td>南川县</td><td class=\"num\">42.20", html)
    sheet = cells(html, "北原县")
    assert "现场汇报 · 9.00" in sheet
    assert re.findall(r"<th class=\"num\">(评委\d)</th>", sheet) == ["评委1", "评委2", "评委3"]
    content = re.search(r"内容</th>(.*?)</tr>", sheet).group(1)
    assert re.findall(r">(<del[^>]*>)?([\d.]+)<", content) == [
        ('<del title="去掉,不计入">', "6.0"), ('<del title="去掉,不计入">', "5.0"), ("", "5.5")]
    assert "评委甲" not in html and "评委乙" not in html


def test_the_organizer_may_name_the_judges_and_the_change_is_audited(cast, released, client_as, client):
    organizer = client_as("organizer")
    publish(organizer, cast)
    publish(organizer, cast)  # the same again: nothing to record
    publish(organizer, cast, judges_named="on")
    sheet = cells(winners(client, cast).content.decode(), "北原县")
    assert re.findall(r"<th class=\"num\">(评委.)</th>", sheet) == ["评委丙", "评委乙", "评委甲"]
    assert [r.data["judges_named"] for r in Record.objects.filter(action="certificates.publish")
            .order_by("seq")] == [False, True]


def test_a_corrected_release_hides_the_winners_until_they_are_published_again(
        cast, released, client_as, client):
    publish(client_as("organizer"), cast)
    snapshot = released.snapshot
    results.release_results(cast.organizer, snapshot, "2026年测试结果(重发)")
    assert winners(client, cast).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("entrant", 403), ("judge", 403),
                                             ("other_organizer", 404), ("bystander", 404)])
def test_only_the_organizer_publishes(cast, released, client_as, client, who, status):
    answer = client_as(who).post(reverse("certificates:publish", args=[cast.contest.slug]))
    assert answer.status_code == status
    assert winners(client, cast).status_code == 404
