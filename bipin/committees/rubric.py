"""The committee's rubric (评审细则) and the scores a review gives by it.

A rubric is a list of criteria, each an id, a name and its maximum points.
Points go in steps of 0.5, as score sheets on paper do, and are kept as
Decimal text so a total is never a float's approximation.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from bipin.judging.services import _refuse

__all__ = ["HALF", "check_rubric", "check_scores", "parse_rubric", "read_points", "rubric_text"]

HALF = Decimal("0.5")
MAX_POINTS = Decimal(1000)
MAX_CRITERIA = 20
_ID = re.compile(r"[A-Za-z0-9_-]{1,30}")
# A line of the organizer's form: id, name and points, split by | or a comma (either width) or a tab.
_SPLIT = re.compile(r"\s*[|,,\t]\s*")


def read_points(raw) -> Decimal | None:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _on_half_steps(value: Decimal) -> bool:
    return value % HALF == 0


def _plain(value: Decimal) -> str:
    """7.50 -> "7.5", 40.0 -> "40"."""
    text = format(value.normalize(), "f")
    return text


def parse_rubric(text: str) -> list[dict[str, str]]:
    """The criteria the organizer typed, one a line as ``id | name | max points``.

    >>> parse_rubric("content | 内容导向 | 40\\nform,制作水平,30")
    [{'id': 'content', 'name': '内容导向', 'max': '40'}, {'id': 'form', 'name': '制作水平', 'max': '30'}]
    """
    criteria = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = _SPLIT.split(line.strip())
        if len(parts) != 3:
            raise _refuse("rubric", f"评审细则第 {n} 行应为“编号 | 名称 | 分值”",
                          f"rubric line {n}: write it as 'id | name | max points'")
        criteria.append({"id": parts[0], "name": parts[1], "max": parts[2]})
    return check_rubric(criteria)


def check_rubric(criteria: list[dict]) -> list[dict[str, str]]:
    """The criteria checked: at least one, ids unique, names given, 0 < max ≤ 1000 in 0.5 steps."""
    if not criteria:
        raise _refuse("rubric", "评审细则至少要有一项", "the rubric needs at least one criterion")
    if len(criteria) > MAX_CRITERIA:
        raise _refuse("rubric", f"评审细则最多 {MAX_CRITERIA} 项",
                      f"the rubric has at most {MAX_CRITERIA} criteria")
    seen, checked = set(), []
    for c in criteria:
        cid, name = str(c.get("id", "")).strip(), str(c.get("name", "")).strip()
        if not _ID.fullmatch(cid):
            raise _refuse("rubric", f"评审项编号“{cid[:30]}”只能用字母、数字、-、_(最多 30 个)",
                          f"criterion id '{cid[:30]}': letters, digits, - and _ only (at most 30)")
        if cid in seen:
            raise _refuse("rubric", f"评审项编号“{cid}”重复", f"criterion id '{cid}' is used twice")
        if not name or len(name) > 50:
            raise _refuse("rubric", f"评审项“{cid}”的名称须为 1–50 字",
                          f"criterion '{cid}': its name must be 1 to 50 characters")
        points = read_points(c.get("max", ""))
        if points is None or not 0 < points <= MAX_POINTS or not _on_half_steps(points):
            raise _refuse("rubric", f"评审项“{cid}”的分值须大于 0、不超过 1000,以 0.5 为单位",
                          f"criterion '{cid}': max points must be above 0, at most 1000, "
                          f"in steps of 0.5")
        seen.add(cid)
        checked.append({"id": cid, "name": name, "max": _plain(points)})
    return checked


def rubric_text(criteria: list[dict]) -> str:
    """The rubric as the form shows it again."""
    return "\n".join(f"{c['id']} | {c['name']} | {c['max']}" for c in criteria)


def check_scores(criteria: list[dict], given: dict[str, object]) -> tuple[dict[str, str], Decimal]:
    """A score for every criterion, each 0 ≤ score ≤ max in steps of 0.5; and their total.

    >>> check_scores([{"id": "a", "name": "甲", "max": "10"}], {"a": "7.5"})
    ({'a': '7.5'}, Decimal('7.5'))
    """
    scores, total = {}, Decimal(0)
    for c in criteria:
        raw = given.get(c["id"])
        if raw is None or str(raw).strip() == "":
            raise _refuse(f"score-{c['id']}", f"请填写“{c['name']}”的得分",
                          f"give a score for '{c['id']}'")
        value, top = read_points(raw), Decimal(c["max"])
        if value is None or not 0 <= value <= top or not _on_half_steps(value):
            raise _refuse(f"score-{c['id']}",
                          f"“{c['name']}”的得分须在 0 到 {c['max']} 之间,以 0.5 为单位",
                          f"the score for '{c['id']}' must be from 0 to {c['max']} in steps of 0.5")
        scores[c["id"]] = _plain(value) if value else "0"
        total += value
    return scores, total
