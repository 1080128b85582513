"""Browser tests wait the way the pages' CSP allows.

Playwright's wait_for_function evals its predicate on every poll after the
first; the pages send `script-src 'self'` with no 'unsafe-eval', so such a wait
passes when the condition already holds and fails when it must poll, which is
a test that fails only on a slower machine. Locators with expect() run inside
Playwright's own injected script and are not affected.
"""

from pathlib import Path

import bipin

ROOT = Path(bipin.__file__).parent


def test_no_browser_test_waits_with_an_evaluated_predicate():
    offenders = [f"{path.relative_to(ROOT.parent)}:{number}"
                 for path in ROOT.rglob("test*.py") if path.name != Path(__file__).name
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if "wait_for_function(" in line]
    assert offenders == [], "use expect(locator) instead of wait_for_function: " + ", ".join(offenders)
