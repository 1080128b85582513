"""The demo contests in a test: loaded for real once per test process, then put back.

Tests of the demo's story and the crawls over it start from the whole demo; see
replay.py for how the rows are put back and when the demo is loaded for real.
"""

from bipin.contests import demo

from .replay import replayed


def load_demo() -> demo.DemoResult:
    return replayed("demo", demo.load)
