"""The audit log says what was done in words: 提交评分表, not sheet.submit."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

import bipin
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


# Where an action is named in the code: the audit record itself, and the
# checked delete that records it (bipin.contests.dependents).
RECORDING_CALLS = {"record", "delete_checked", "_delete"}
ACTION = re.compile(r"^[a-z_-]+(\.[a-z_-]+)+$")


def recorded_actions() -> set[tuple[str, str]]:
    found = set()
    for path in Path(bipin.__file__).parent.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None)
            name = getattr(name, "id", getattr(name, "attr", None))
            if isinstance(node, ast.Call) and name in RECORDING_CALLS:
                found |= {(arg.value, path.name) for arg in node.args[:3]
                          if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                          and ACTION.match(arg.value)}
    return found


def test_every_action_the_code_records_is_said_in_words_in_both_languages():
    actions = recorded_actions()
    assert len(actions) > 90  # the scan finds the actions, not an empty list
    unsaid = sorted(a for a in actions if say_action(a[0]) == a[0])
    with translation.override("en"):
        untranslated = sorted(a for a in actions if re.search(r"[\u4e00-\u9fff]", say_action(a[0])))
    assert unsaid == [] and untranslated == []
