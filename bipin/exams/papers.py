"""Deterministic choices: which questions a rule picks and each candidate's order.

Everything derives from SHA-256 of a stored seed and stable ids (never
``random``), so an order can be recomputed and checked after the sitting,
and a reload shows the candidate exactly the same paper.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from bipin.contests.params import whole_number

T = TypeVar("T")


def digest(*parts: object) -> str:
    """The sort key for ``parts``.

    >>> digest("seed", 1, 2) == digest("seed", 1, 2) != digest("seed", 2, 1)
    True
    """
    return hashlib.sha256(":".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def shuffled(items: Sequence[T], *key: object, ident=lambda x: x) -> list[T]:
    """``items`` in the order fixed by ``key``.

    >>> shuffled([1, 2, 3, 4], "s", 7) == shuffled([4, 3, 2, 1], "s", 7)
    True
    """
    return sorted(items, key=lambda item: digest(*key, ident(item)))


@dataclass(frozen=True)
class RulePart:
    """Pick ``count`` questions of ``topic`` at ``difficulty`` ("" = any)."""

    topic: str
    difficulty: str
    count: int


class AssemblyError(ValueError):
    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en


def parse_rule(text: str) -> list[RulePart]:
    """Rule lines "知识点, 难度, 数量" (难度 may be empty or 任意).

    >>> parse_rule("监测帮扶, 易, 2\\n饮水安全,,1")
    [RulePart(topic='监测帮扶', difficulty='easy', count=2), RulePart(topic='饮水安全', difficulty='', count=1)]
    """
    from bipin.io.question_bank import _DIFFICULTY_NAMES, normalise_text

    parts = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = [f.strip() for f in line.replace(",", ",").split(",")]
        count = whole_number(fields[2], minimum=1) if len(fields) == 3 else None
        if count is None:
            raise AssemblyError(
                f"第{number}行应为“知识点, 难度, 数量”",
                f"line {number}: use 'topic, difficulty, count'",
            )
        level = normalise_text(fields[1])
        if level in ("", "任意", "any"):
            level = ""
        elif level in _DIFFICULTY_NAMES:
            level = _DIFFICULTY_NAMES[level].value
        else:
            raise AssemblyError(
                f"第{number}行难度“{fields[1]}”无效", f"line {number}: unknown difficulty"
            )
        parts.append(RulePart(fields[0], level, count))
    if not parts:
        raise AssemblyError("组卷规则为空", "the rule is empty")
    return parts


def pick(
    pool: Sequence[T],
    rule: Sequence[RulePart],
    seed: str,
    *,
    topic=lambda q: q.topic,
    difficulty=lambda q: q.difficulty,
    ident=lambda q: q.pk,
) -> list[T]:
    """The questions a rule picks from ``pool`` (each at most once), in rule order."""
    chosen: list[T] = []
    taken: set = set()
    for part in rule:
        fits = [
            q
            for q in pool
            if ident(q) not in taken
            and topic(q) == part.topic
            and (not part.difficulty or difficulty(q) == part.difficulty)
        ]
        if len(fits) < part.count:
            raise AssemblyError(
                f"知识点“{part.topic}”{'难度' + part.difficulty if part.difficulty else ''}只有{len(fits)}题,"
                f"不够{part.count}题",
                f"topic '{part.topic}' {part.difficulty} has {len(fits)} questions, fewer than {part.count}",
            )
        for q in shuffled(fits, seed, ident=ident)[: part.count]:
            chosen.append(q)
            taken.add(ident(q))
    return chosen
