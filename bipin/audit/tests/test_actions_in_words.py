"""The audit log says what was done in words: 提交评分表, not sheet.submit."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from bipin.audit.actions import say_action
from bipin.audit.chain import record

pytestmark = pytest.mark.django_db


def test_each_app_says_its_own_actions():
    assert say_action("sheet.submit") == "提交评分表"
    assert say_action("results.compute") == "计算成绩"
    assert say_action("scheme.upload") == "上传考评方案"


def test_a_review_step_is_said_as_verb_and_object():
    assert say_action("dept-submission.return") == "退回部门评价表"
    assert say_action("period-report.approve") == "审核通过定期报表"


def test_an_action_no_app_names_is_shown_as_recorded():
    assert say_action("something.new") == "something.new"


def test_the_words_follow_the_language():
    with translation.override("en"):
        assert say_action("sheet.submit") == "submitted a score sheet"
        assert say_action("dept-submission.approve") == "approved a department grid"


def test_the_organizer_reads_the_log_in_words(cast, client_as):
    record("scheme.upload", contest=cast.contest, actor=cast.organizer, target="scheme.yaml")
    record("results.compute", contest=cast.contest, actor=cast.organizer, target="snapshot 1")
    text = client_as("organizer").get(reverse("audit:contest", args=[cast.contest.slug])).content.decode()
    assert "上传考评方案" in text and "计算成绩" in text
    assert "results.compute" not in text and "scheme.upload" not in text


def test_the_log_reads_in_english_too(cast, client):
    record("results.compute", contest=cast.contest, actor=cast.organizer, target="snapshot 1")
    client.force_login(cast.organizer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        text = client.get(reverse("audit:contest", args=[cast.contest.slug])).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)
    assert "computed the results" in text
