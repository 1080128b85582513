"""A 星级文明户 campaign long enough to page through, loaded through the pages' own
paths: 230 households in 东村 and 20 in 西村, one 门前三包 score each.

Household n (示例户001 … 示例户250, code H0001 … H0250) scores 100 − n/4 in 东村,
so its rank there is n; 西村's households score 100 − (n − 230)/2, rank n − 230.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from bipin.contests import services as contests

EAST, WEST = 230, 20
SCHEME = """contest: 示例星级文明户评定
dimensions:
  - name: 文明户评分
    indicators:
      - {name: 门前三包, points: 100, source: data, rule: 'scaled(max=100)'}
grades:
  by: thresholds
  levels: [{name: 五星, min: 90}, {name: 四星, min: 80}, {name: 三星, min: 70}, {name: 无星}]
"""


def village(n: int) -> str:
    return "东村" if n <= EAST else "西村"


def score(n: int) -> float:
    return 100 - n / 4 if n <= EAST else 100 - (n - EAST) / 2


def households_contest(organizer, slug: str = "stars", release: bool = True):
    """The campaign computed and (unless told not to) released; its notice not yet published."""
    from bipin.results import services

    contest = contests.create_contest(organizer, name="示例星级文明户评定", slug=slug, year=2026)
    for name in ("东村", "西村"):
        contests.add_group(organizer, contest, name)
    people = "参评对象,组别,编号\n" + "".join(
        f"示例户{n:03d},{village(n)},H{n:04d}\n" for n in range(1, EAST + WEST + 1))
    contests.import_entrants(organizer, contest, people.encode(), "households.csv")
    version = contests.upload_scheme(organizer, contest, SCHEME.encode(), "scheme.yaml")
    assert version.is_valid, version.problems
    values = "参评对象,来源,指标,分值\n" + "".join(
        f"示例户{n:03d},data,门前三包,{score(n)}\n" for n in range(1, EAST + WEST + 1))
    services.import_observations(organizer, contest, values.encode(), "values.csv")
    snapshot, _ = services.compute_snapshot(organizer, contest)
    if release:
        services.release_results(organizer, snapshot, "2026年星级文明户评定结果")
    return contest


def publish(organizer, contest):
    from bipin.results import services

    today = timezone.localdate()
    return services.publish_notice(organizer, services.current_release(contest), start=today,
                                   end=today + dt.timedelta(days=7), contact="村委会 0000-7654321")


@pytest.fixture
def households(cast):
    """The campaign, released and its notice published; the cast's organizer runs it."""
    contest = households_contest(cast.organizer)
    publish(cast.organizer, contest)
    return contest


ROW = re.compile(r'<tr(?: class="[^"]*")?>\s*<td class="num">([^<]*)</td>\s*<td>(?:<a [^>]*>)?([^<\s]+)')


def table_rows(html: str) -> list[tuple[str, str]]:
    """(名次, name) of each row of the page's ranking tables, top to bottom."""
    tables = re.findall(r'<table class="ranking">.*?</table>', html, re.S)
    return [m for t in tables for m in ROW.findall(t)]
