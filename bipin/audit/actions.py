"""Audit actions in words: "提交评分表", not ``sheet.submit``.

Each app says its own actions in its ``audited`` module (found through
bipin.contests.extensions), so an app that adds an action adds its words
beside it:

- ``AUDIT_ACTIONS``: an action to its words;
- ``AUDIT_OBJECTS`` and ``AUDIT_VERBS``: a review workflow (bipin.reporting.review)
  records "<object>.<verb>" for any object it moves, said as verb + object
  ("审核通过" + "部门评价表");
- ``AUDIT_TARGETS``: a target recorded as "<kind>:<id>" ("sheet:42"), said
  as words + number ("评分表 #42"). Other targets are already names.

An action no app names is shown as recorded, so the log never hides a row.
"""

from __future__ import annotations

import re
from functools import cache

from django.utils.translation import get_language

from bipin.contests.extensions import app_modules

__all__ = ["say_action", "say_target"]


@cache
def _words(kind: str) -> dict[str, object]:
    found: dict[str, object] = {}
    for _, module in app_modules("audited"):
        found.update(getattr(module, kind, {}))
    return found


def say_action(action: str) -> str:
    """The words for ``action`` in the active language.

    >>> say_action("sheet.submit")
    '提交评分表'
    >>> say_action("dept-submission.approve")
    '审核通过部门评价表'
    """
    words = _words("AUDIT_ACTIONS").get(action)
    if words is not None:
        return str(words)
    head, _, verb = action.rpartition(".")
    thing, doing = _words("AUDIT_OBJECTS").get(head), _words("AUDIT_VERBS").get(verb)
    if thing is None or doing is None:
        return action
    if (get_language() or "").startswith("en"):
        return f"{doing} {thing}"
    return f"{doing}{thing}"


_REF = re.compile(r"^([a-z_-]+):(\d+)$")


def say_target(target: str) -> str:
    """A record's target in words: "评分表 #42" for ``sheet:42``; anything else as recorded.

    >>> say_target("sheet:42")
    '评分表 #42'
    >>> say_target("示例一县")
    '示例一县'
    """
    found = _REF.match(target or "")
    words = found and _words("AUDIT_TARGETS").get(found.group(1))
    return f"{words} #{found.group(2)}" if words else target
