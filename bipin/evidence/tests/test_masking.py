"""ID-card numbers in free text are masked on display; nothing else is."""

from __future__ import annotations

import pytest
from django.template import Context, Template


def shown(text, autoescape=True) -> str:
    return Template("{% load evidence %}{{ text|mask_ids }}").render(
        Context({"text": text}, autoescape=autoescape)
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("110101199003071234", "1101**********1234"),
        ("户主身份证11010119900307123X已核", "户主身份证1101**********123X已核"),
        ("11010119900307123x", "1101**********123x"),
        ("旧证 110101900307123。", "旧证 1101*******7123。"),
        (
            "两户 110101199003071234、220102198512120021",
            "两户 1101**********1234、2201**********0021",
        ),
        ("17位 12345678901234567 不是身份证", "17位 12345678901234567 不是身份证"),
        ("19位 1234567890123456789", "19位 1234567890123456789"),
        ("16位 1234567890123456", "16位 1234567890123456"),
        ("电话 13912345678,座机 0351-1234567", "电话 13912345678,座机 0351-1234567"),
        ("", ""),
    ],
)
def test_id_numbers_are_masked_and_other_numbers_are_not(text, expected):
    assert shown(text) == expected


def test_the_text_is_still_escaped():
    assert shown("<b>110101199003071234</b>") == "&lt;b&gt;1101**********1234&lt;/b&gt;"


def test_without_autoescape_the_text_is_masked_as_it_is():
    assert shown("<b>110101199003071234</b>", autoescape=False) == "<b>1101**********1234</b>"


def test_nothing_shows_for_none():
    assert shown(None) == ""
