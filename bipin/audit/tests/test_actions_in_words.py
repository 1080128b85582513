"""The audit log says what was done in words: 提交评分表, not sheet.submit."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

import bipin
from bipin.audit.actions import say_action, say_target
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


def test_a_target_recorded_by_number_is_said_as_words_and_number():
    assert say_target("sheet:42") == "评分表 #42"
    assert say_target("visit:3") == "核查走访 #3"
    assert say_target("示例一县") == "示例一县" and say_target("unknown:7") == "unknown:7"
    with translation.override("en"):
        assert say_target("draw:1") == "draw #1"


def test_the_organizer_reads_the_log_in_words(cast, client_as):
    record("scheme.upload", contest=cast.contest, actor=cast.organizer, target="scheme.yaml")
    record("results.compute", contest=cast.contest, actor=cast.organizer, target="snapshot 1")
    record("sheet.submit", contest=cast.contest, actor=cast.organizer, target="sheet:42")
    text = client_as("organizer").get(reverse("audit:contest", args=[cast.contest.slug])).content.decode()
    assert "上传考评方案" in text and "计算成绩" in text and "评分表 #42" in text
    assert "results.compute" not in text and "scheme.upload" not in text and "sheet:42" not in text


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


TARGET_BY_NUMBER = re.compile(r'target=f"([a-z_-]+):\{')


def test_every_target_the_code_records_by_number_is_said_in_words_in_both_languages():
    kinds = {(m, path.name) for path in Path(bipin.__file__).parent.rglob("*.py") if "tests" not in path.parts
             for m in TARGET_BY_NUMBER.findall(path.read_text(encoding="utf-8"))}
    assert len(kinds) > 8  # the scan finds them
    unsaid = sorted((k, f) for k, f in kinds if say_target(f"{k}:1") == f"{k}:1")
    with translation.override("en"):
        untranslated = sorted((k, f) for k, f in kinds if re.search(r"[\u4e00-\u9fff]", say_target(f"{k}:1")))
    assert unsaid == [] and untranslated == []
