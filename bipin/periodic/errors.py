"""How the periodic app refuses a change: every problem named, in Chinese and English.

The same shape as the event day's refusals (a list of :class:`Problem` and an
HTTP status), so pages and any API answer both alike.
"""

from __future__ import annotations

from bipin.contests.params import too_long
from bipin.judging.services import JudgingError, Problem

__all__ = ["PeriodicError", "Problem", "checked_text", "refuse"]


class PeriodicError(JudgingError):
    """A refused change; nothing of it was written. ``status`` is the HTTP status to answer."""


def refuse(field: str, zh: str, en: str, status: int = 400) -> PeriodicError:
    return PeriodicError([Problem(field, zh, en)], status)


def checked_text(model, column: str, text: str, zh: str, required: bool = True) -> str:
    """``text`` stripped, refused when blank (if required) or longer than its column."""
    text = (text or "").strip()
    if required and not text:
        raise refuse(column, f"{zh}不能为空", f"{column} must not be empty")
    limit = too_long(model, column, text)
    if limit is not None:
        raise refuse(column, f"{zh}不能超过 {limit} 字", f"{column}: at most {limit} characters")
    return text
