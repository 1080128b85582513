"""axe-core in the browser tests: the accessibility problems a page has, as text.

axe-core (``bipin/testing/axe/axe.min.js``, MPL-2.0, see THIRD_PARTY.md) is for
the tests only and is never served. Bipin's Content-Security-Policy refuses
inline scripts, so a ``<script>`` tag carrying axe's source would be blocked (and
would be a violation the CSP tests report); Playwright's ``evaluate`` runs it
through the DevTools protocol instead, which the page's policy does not govern,
while the page itself keeps running under its real policy.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

AXE = Path(__file__).with_name("axe") / "axe.min.js"
# What a person using a screen reader or with low vision cannot get past;
# "moderate" and "minor" are reported by axe too but are not held at zero.
BLOCKING = ("critical", "serious")
# Held at zero whatever axe calls their impact: two unnamed <nav> landmarks read
# as "navigation, navigation" and a screen reader user cannot tell them apart.
ALWAYS = ("landmark-unique",)
# WCAG 2.1 A and AA (what 信息无障碍 rules and most audits ask for) and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, impacts: tuple[str, ...] = BLOCKING, rules: tuple[str, ...] = ALWAYS
                   ) -> list[str]:
    """Run axe-core on the page as it is now; one line per failing element of the given
    impacts or rules: ``path: impact rule-id: help (selector) — summary``."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source() + "\n;true")
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "),
                                          summary: (n.failureSummary || "").replace(/\\s+/g, " ")}))})))""",
        TAGS,
    )
    where = page.url.split("//", 1)[-1].split("/", 1)[-1]
    return [f"/{where}: {v['impact']} {v['id']}: {v['help']} ({n['target']}) — {n['summary']}"
            for v in result if v["impact"] in impacts or v["id"] in rules for n in v["nodes"]]
