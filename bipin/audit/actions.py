"""Audit actions in words: "提交评分表", not ``sheet.submit``.

Each app says its own actions in its ``audited`` module (found through
bipin.contests.extensions), so an app that adds an action adds its words
beside it:

- ``AUDIT_ACTIONS``: an action to its words;
- ``AUDIT_OBJECTS`` and ``AUDIT_VERBS``: a review workflow (bipin.reporting.review)
  records "<object>.<verb>" for any object it moves, said as verb + object
  ("审核通过" + "部门评价表").

An action no app names is shown as recorded, so the log never hides a row.
"""

from __future__ import annotations

from functools import cache

from django.utils.translation import get_language

from bipin.contests.extensions import app_modules

__all__ = ["say_action"]


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
