"""Typed access to plain scheme data that records a problem instead of stopping.

Validation collects every problem at once, so an official fixes a scheme in
one pass; each problem carries the dotted path of the bad value.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from typing import Any

from bipin.scoring.model import SchemeProblem

__all__ = ["MAGNITUDE", "Reader"]

# The largest absolute value a scheme or an observation may hold. Beyond it
# sums and squares lose whole units (floats hold integers exactly to 2**53)
# and a 1e308 typo overflows to infinity, which no published figure can show.
MAGNITUDE = 1e15


class Reader:
    """Typed field access that records a problem instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[SchemeProblem] = []

    def add(self, path: str, zh: str, en: str) -> None:
        self.problems.append(SchemeProblem(path, zh, en))

    def mapping(self, value: Any, path: str) -> Mapping:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.add(path, "须为映射(键: 值)", "must be a mapping")
            return {}
        return value

    def keys(self, data: Mapping, path: str, accepted: Sequence[str]) -> None:
        """Refuse every key of ``data`` not in ``accepted``: a misspelt key is never ignored."""
        for key in data:
            if key in accepted:
                continue
            name = str(key)
            guess = difflib.get_close_matches(name, accepted, n=1, cutoff=0.6)
            zh = f"无法识别的键“{name}”,可用:{'、'.join(accepted)}"
            en = f"unknown key {name!r} (accepted: {', '.join(accepted)})"
            if guess:
                zh, en = f"{zh};是否应为“{guess[0]}”?", f"{en}; did you mean {guess[0]!r}?"
            self.add(f"{path}.{name}" if path else name, zh, en)

    def items(self, value: Any, path: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(path, "须为列表", "must be a list")
            return []
        return value

    def number(
        self,
        data: Mapping,
        key: str,
        path: str,
        default: Any = None,
        *,
        minimum: float | None = None,
        strict: bool = False,
        integer: bool = False,
    ) -> Any:
        value = data.get(key, default)
        if value is None:
            return None
        where = f"{path}.{key}" if path else key
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.add(where, f"须为数字(现为“{value}”)", f"must be a number (got {value!r})")
            return default
        if not math.isfinite(value) or abs(value) > MAGNITUDE:
            self.add(
                where,
                f"须为绝对值不超过 {MAGNITUDE:g} 的有限数(现为 {value!r})",
                f"must be a finite number of at most {MAGNITUDE:g} in size (got {value!r})",
            )
            return default
        if integer and value != int(value):
            self.add(where, "须为整数", f"must be a whole number (got {value!r})")
            return default
        if minimum is not None and (value <= minimum if strict else value < minimum):
            sign = ">" if strict else ">="
            self.add(where, f"须{sign} {minimum:g}", f"must be {sign} {minimum:g} (got {value!r})")
            return default
        return int(value) if integer else float(value)

    def choice(
        self, data: Mapping, key: str, path: str, options: tuple[str, ...], default: str
    ) -> str:
        value = data.get(key, default)
        if value not in options:
            where = f"{path}.{key}" if path else key
            self.add(
                where,
                f"须为 {'、'.join(options)} 之一",
                f"must be one of {', '.join(options)} (got {value!r})",
            )
            return default
        return str(value)

    def text(self, data: Mapping, key: str, default: str = "") -> str:
        value = data.get(key, default)
        return default if value is None else str(value).strip()
