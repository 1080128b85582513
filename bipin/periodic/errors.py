"""How the periodic app refuses a change: every problem named, in Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    field: str
    zh: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "zh": self.zh, "en": self.en}

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"


class PeriodicError(Exception):
    """A refused change; nothing of it was written. ``status`` is the HTTP status to answer."""

    def __init__(self, problems: list[Problem], status: int = 400) -> None:
        self.problems = problems
        self.status = status
        super().__init__("; ".join(p.en for p in problems))


def refuse(field: str, zh: str, en: str, status: int = 400) -> PeriodicError:
    return PeriodicError([Problem(field, zh, en)], status)
