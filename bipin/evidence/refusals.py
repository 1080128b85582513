"""Why a file is not taken as evidence, said in Chinese and English with its name."""

from __future__ import annotations

from bipin.io import Problem


class EvidenceRefused(Exception):
    """A file refused as evidence; ``zh`` and ``en`` name the file and say why."""

    def __init__(self, name: str, zh: str, en: str) -> None:
        self.name = name
        self.zh = zh
        self.en = en
        super().__init__(f"{zh} / {en}")

    def problem(self) -> Problem:
        """The refusal as a :class:`~bipin.io.Problem`, for pages that list problems."""
        return Problem(self.zh, self.en, file=self.name)
