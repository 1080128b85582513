"""The decisions workbook: one row per entry, then every review."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bipin.committees import services
from bipin.committees.tests.conftest import add, review

pytestmark = pytest.mark.django_db


def test_the_workbook_holds_each_decision_and_every_review(cast, committee, client_as):
    decided, waiting = add(cast, committee, "第1期"), add(cast, committee, "第2期")
    review(cast, decided, "chief", 80, "approve", "同意")
    review(cast, decided, "judge", 61, "reject", "=节奏拖沓")  # a formula-like comment stays text
    review(cast, decided, "judge2", 70.5, "abstain", "中立")
    services.decide(cast.chief, decided)
    review(cast, waiting, "inspector", 50, "reject", "待定")
    response = client_as("organizer").get(
        reverse("committees:export", args=[cast.contest.slug, committee.pk]))
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["决议记录", "评审意见"]
    rows = list(book["决议记录"].iter_rows(values_only=True))
    assert rows[0][:10] == ("序号", "事项名称", "申报单位", "收到日期", "状态", "决议规则", "平均总分",
                            "同意", "不同意", "弃权")
    # (80 + 61 + 70.5) / 3 = 70.50 ≥ 70
    assert rows[1][:12] == (1, "第1期", "示例电视台", "2026-03-01", "通过", "平均分达到合格线", 70.5,
                            1, 1, 1, "judge(不同意):=节奏拖沓", None)
    assert rows[2][:5] == (2, "第2期", "示例电视台", "2026-03-01", "评审中")
    reviews = list(book["评审意见"].iter_rows(values_only=True))
    assert reviews[0][:9] == ("事项名称", "申报单位", "委员", "职务", "内容导向(40)", "制作水平(30)",
                              "社会效果(30)", "总分", "表决意见")
    assert [r[2] for r in reviews[1:]] == ["chief", "judge", "judge2", "inspector"]
    assert reviews[2][4:10] == (40, 21, 0, 61, "不同意", "=节奏拖沓")
    assert book["评审意见"]["J3"].data_type == "s"
