"""The 评价标准 as the patterns read it: half-width, no spaces, numerals in digits."""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["NUMBER", "normalise", "numbers", "plain_number"]


_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII forms
_WIDTH.update({0x3000: " ", ord("。"): ";", ord("﹪"): "%", ord("—"): "-", ord("–"): "-",
               ord("〜"): "~", ord("（"): "(", ord("）"): ")", ord("【"): "(", ord("】"): ")"})
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = "〇零一二两三四五六七八九十百千"
# A Chinese numeral is a number only where a count or a score follows it (扣五分,
# 每一处, 第一名); 一票否决, 统一 and 进一步 keep their words.
_COUNTED = "分个人户次名项处起件家位例元条份所宗批类%天日月年"
_CHINESE_NUMBER = re.compile(
    rf"(?<![\d.])(第)?([{_NUMERAL}]+(?:点[{_NUMERAL[:-3]}]+)?)(?=[{_COUNTED}])"
    rf"|(?<![\d.])(第)([{_NUMERAL}]+)(?![\d.])"
)
_PERCENT_OF = re.compile(rf"百分之(\d+(?:\.\d+)?|[{_NUMERAL}]+(?:点[{_NUMERAL[:-3]}]+)?)")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _chinese_int(text: str) -> int | None:
    """一百零五 → 105, 十五 → 15, 三 → 3; None for what is not a plain numeral."""
    if all(c in _DIGITS for c in text) and len(text) > 1:  # 一〇五 read digit by digit
        return int("".join(str(_DIGITS[c]) for c in text))
    total, current = 0, None
    for c in text:
        if c in "零〇" and total and current is None:  # 一百零五: the 零 holds a place
            continue
        if c in _DIGITS:
            if current is not None:
                return None
            current = _DIGITS[c]
        elif c in _UNITS:
            total += (1 if current is None else current) * _UNITS[c]
            current = None
        else:
            return None
    return total + (current or 0)


def _numeral(match: re.Match) -> str:
    ordinal = match.group(1) or match.group(3) or ""
    text = match.group(2) or match.group(4)
    if text.endswith("百") and match.string.startswith(("分点", "分制", "分比", "分之"), match.end()):
        return match.group(0)  # 百分点 and 百分制 are words, not a hundred points
    whole, _, frac = text.partition("点")
    value = _chinese_int(whole)
    if value is None or (frac and any(c not in _DIGITS for c in frac)):
        return match.group(0)
    return ordinal + str(value) + ("." + "".join(str(_DIGITS[c]) for c in frac) if frac else "")


def _percent(match: re.Match) -> str:
    """百分之九十五 → 95%; a numeral that is not one stays as written."""
    number = match.group(1)
    if number[0].isdigit():
        return number + "%"
    converted = _CHINESE_NUMBER.sub(_numeral, number + "%")
    return converted if converted[0].isdigit() else match.group(0)


def normalise(text: str) -> str:
    """The 评价标准 as the patterns read it: half-width, no spaces, numerals in digits.

    >>> normalise("每减少０．１个百分点扣１分，扣完为止。")
    '每减少0.1个百分点扣1分,扣完为止;'
    >>> normalise("第一名得满分，每后退一名扣零点五分；实行一票否决")
    '第1名得满分,每后退1名扣0.5分;实行一票否决'
    >>> normalise("达到百分之九十五的得满分")
    '达到95%的得满分'
    """
    text = str(text).translate(_WIDTH)
    # Spaces go, except between two numbers: "扣5 10分" must not read as 510.
    text = re.sub(r"(?<=\d)\s+(?=\d)", " ", text)
    text = re.sub(r"(?<!\d)\s+|\s+(?!\d)", "", text)
    text = _PERCENT_OF.sub(_percent, text)
    return _CHINESE_NUMBER.sub(_numeral, text)


def numbers(text: str) -> list[Decimal]:
    """The numbers written in digits, in order.

    >>> numbers("每减少0.1个百分点扣1分")
    [Decimal('0.1'), Decimal('1')]
    """
    return [Decimal(m) for m in NUMBER.findall(text)]


def plain_number(text: str) -> str:
    """A number as the rule syntax writes it, never in exponent form.

    >>> plain_number("1.50"), plain_number("100"), plain_number("0.0000001")
    ('1.5', '100', '0.0000001')
    """
    return format(Decimal(text).normalize(), "f")
