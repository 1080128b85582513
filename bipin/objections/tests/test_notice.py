"""The public notice shows how many objections came in and how they stand, and,
when the organizer publishes them, the answers and corrections, never who filed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bipin.objections import services
from bipin.objections.tests.conftest import file
from bipin.objections.tests.test_handling import newer_snapshot

pytestmark = pytest.mark.django_db


def notice_text(client, cast) -> str:
    return client.get(reverse("results:notice", args=[cast.contest.slug])).content.decode()


def test_the_notice_counts_received_answered_and_open(cast, notice, client):
    _first, second, third = file(cast), file(cast, reasons="第二件"), file(cast, reasons="第三件")
    services.assign(cast.organizer, second, cast.inspector)
    services.answer(cast.organizer, third, "not_upheld", "计分无误")
    text = notice_text(client, cast)
    assert "收到异议 3 件,已答复 1 件,处理中 2 件。" in text
    assert "计分无误" not in text  # answers are not published by default


def test_a_notice_without_objections_says_nothing_of_them(cast, notice, client):
    assert "异议受理情况" not in notice_text(client, cast)


def test_published_answers_and_corrections_stand_beside_the_result(cast, notice, client):
    services.set_policy(cast.organizer, notice, public_may_file=False, publish_answers=True)
    o = file(cast, reasons="我县饮水达标率实为100%")
    services.answer(cast.organizer, o, "upheld", "数据录入有误,已更正")
    newer = newer_snapshot(cast)
    services.record_correction(cast.organizer, o, newer, "采用复核数据")
    text = notice_text(client, cast)
    assert "南川县 · 总分" in text and "异议成立" in text and "数据录入有误,已更正" in text
    assert f"更正:采用复核数据(更正后结果 第2版 · {newer.short_hash})" in text
    # Nobody's reasons or account are on the public page.
    assert "我县饮水达标率实为100%" not in text and cast.entrant.username not in text


def test_a_public_filers_name_never_reaches_the_notice(cast, notice, client):
    services.set_policy(cast.organizer, notice, public_may_file=True, publish_answers=True)
    o = services.file_objection(None, notice, cast.entrants["北原县"], about="total", reasons="不服",
                                public_name="李四", public_phone="13800001111")
    services.answer(cast.organizer, o, "not_upheld", "维持")
    text = notice_text(client, cast)
    assert "维持" in text and "李四" not in text and "1111" not in text
    assert reverse("objections:public", args=[cast.contest.slug]) in text


def test_policy_is_the_organizers_and_audited(cast, notice, client_as):
    url = reverse("objections:policy", args=[cast.contest.slug])
    assert client_as("chief").post(url, {"public_may_file": "on"}).status_code == 403
    assert client_as("organizer").post(url, {"public_may_file": "on"}).status_code == 302
    from bipin.audit.models import Record

    record = Record.objects.get(action="objection.policy")
    assert record.data["public_may_file"] is True and record.data["publish_answers"] is False


@pytest.mark.parametrize("language, period", [("zh-hans", "公示期:2026年5月8日 至 2026年5月14日"),
                                              ("en", "Notice period: May 8, 2026 to May 14, 2026")])
def test_the_notice_period_reads_in_the_pages_language(cast, notice, client, language, period):
    page = client.get(reverse("results:notice", args=[cast.contest.slug]), HTTP_ACCEPT_LANGUAGE=language)
    assert period in page.content.decode()
