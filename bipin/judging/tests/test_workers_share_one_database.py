"""Judges spread over two worker processes, all submitting at once, each sheet
sent twice (a phone that resends): every sheet is stored once, the screens
agree, and the audit chain stays intact. A real `bipin serve --workers 2` on a
SQLite file, so the file lock that queues writers is in the path."""

import os
import subprocess
import sys

import pytest

from bipin.testing.phones import Phone, judge_every_open_sample
from bipin.testing.server import bipin_serve, server_env, with_demo

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="--workers needs fork (POSIX)")
JUDGES = [f"judge{i}" for i in range(1, 6)]


@pytest.fixture
def two_workers(tmp_path):
    env = with_demo(server_env(tmp_path))
    with bipin_serve(env, "--workers", "2", "--threads", "4", "--no-migrate") as (base, _):
        yield base, env


def test_every_sheet_is_stored_once_and_the_chain_holds(two_workers):
    base, env = two_workers
    phones = {name: Phone(base) for name in JUDGES}
    for name, phone in phones.items():
        phone.log_in(name)
    sent, created = judge_every_open_sample(phones, "demo-apples", twice_on=[base, base])
    # 初评 at two tables: 9 samples × 3 judges + 9 × 2, less the demo's 15 pre-scored sheets.
    assert len(sent) == 9 * 3 + 9 * 2 - 15
    assert created == sent  # once per judge and sample

    screen = Phone(base)
    screen.log_in("organizer")
    _, board = screen.call("/api/judging/demo-apples/board")
    assert all(e["complete"] and e["submitted"] == e["expected"] for e in board["entries"])
    audit = subprocess.run([sys.executable, "-m", "bipin", "audit", "verify"], env=env,
                           capture_output=True, text=True)
    assert audit.returncode == 0, audit.stdout
