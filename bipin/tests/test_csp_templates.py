"""Every template satisfies the Content-Security-Policy (`script-src 'self'`,
`style-src 'self'`): scripts and styles come from static files only. The browser
test (test_csp_browser.py) checks the pages themselves; this one names the line."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted(ROOT.glob("**/templates/**/*.html"))
FORBIDDEN = {
    "an inline script": re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    "an inline event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "a style element": re.compile(r"<style[\s>]", re.I),
}


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 40


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_template_has_no_inline_script_or_style(template):
    found = [f"{template.relative_to(ROOT)}:{n}: {what}"
             for n, line in enumerate(template.read_text().splitlines(), 1)
             for what, pattern in FORBIDDEN.items() if pattern.search(line)]
    assert found == []
