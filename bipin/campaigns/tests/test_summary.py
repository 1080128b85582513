"""Progress and stars by village, township and county: the pages, the chart and the workbook."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bipin.campaigns.status import progress
from bipin.campaigns.tests.conftest import FULL, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(cast, campaign):
    score(campaign, cast.scorer_a, "甲村", "1号")
    score(campaign, cast.scorer_a, "甲村", "2号", {**FULL, "green": "10"})  # 80: four stars
    score(campaign, cast.scorer_b, "乙村", "1号", {**FULL, "law": False})  # vetoed
    return campaign


def test_progress_counts_only_households_with_a_score(cast, scored):
    villages = scored.areas.filter(level="village")
    found = {p.village.name: (p.scored, p.households) for p in progress(villages)}
    assert found == {"甲村": (2, 3), "乙村": (1, 2), "丙村": (0, 1)}


def test_the_table_adds_villages_into_townships_and_the_county(cast, scored, client_as):
    page = client_as("organizer").get(reverse("campaigns:summary", args=["stars"]))
    assert page.status_code == 200
    book = load_workbook(io.BytesIO(client_as("organizer").get(
        reverse("campaigns:export", args=["stars"])).content))
    rows = [list(r) for r in book["评星汇总"].iter_rows(values_only=True)]
    assert rows[0] == ["乡镇", "村", "层级", "户数", "已评", "5星", "4星", "3星", "无星"]
    assert rows[1:] == [
        ["东河镇", "乙村", "村", 2, 1, 0, 0, 0, 1],
        ["东河镇", "甲村", "村", 3, 2, 1, 1, 0, 0],
        ["东河镇", None, "乡镇小计", 5, 3, 1, 1, 0, 1],
        ["西山乡", "丙村", "村", 1, 0, 0, 0, 0, 0],
        ["西山乡", None, "乡镇小计", 1, 0, 0, 0, 0, 0],
        ["示例县", None, "全县合计", 6, 3, 1, 1, 0, 1],
    ]


def test_a_scorer_sees_only_their_own_village_in_the_summary(cast, scored, client_as):
    page = client_as("scorer_a").get(reverse("campaigns:summary", args=["stars"])).content.decode()
    assert "甲村" in page and "乙村" not in page and "<svg" in page


def test_the_village_scorer_downloads_the_codes_to_hand_out(cast, scored, client_as):
    village = scored.areas.get(name="甲村")
    answer = client_as("scorer_a").get(reverse("campaigns:codes", args=["stars", village.pk]))
    rows = [list(r) for r in load_workbook(io.BytesIO(answer.content))["查询码"].iter_rows(values_only=True)]
    codes = dict(village.households.values_list("head", "code"))
    assert rows == [["乡镇", "村", "门牌号", "户主", "查询码", "总分", "星级"],
                    ["东河镇", "甲村", "1号", "张一", codes["张一"], 100, 5],
                    ["东河镇", "甲村", "2号", "李二", codes["李二"], 80, 4],
                    ["东河镇", "甲村", "3号", "王三", codes["王三"], None, None]]
