"""Refusals of the exam's domain functions, said in Chinese and English."""

from __future__ import annotations


class ExamError(Exception):
    """A refused action, said in Chinese and English."""

    def __init__(self, message_zh: str, message_en: str, code: str = "refused") -> None:
        super().__init__(message_en)
        self.message_zh, self.message_en, self.code = message_zh, message_en, code


def time_up() -> ExamError:
    return ExamError(
        "答题时间已到,不再接受作答", "time is up; no more answers are accepted", "time_up"
    )
