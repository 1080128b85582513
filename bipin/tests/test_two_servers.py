"""Two `bipin serve` instances, as on two machines, on one PostgreSQL: any serves anyone.

When a city outgrows one machine, a reverse proxy spreads requests over
several app servers (docs/deployment.md). Each here has its own folder, as a
machine of its own would, and nothing but the database is shared. A judge who
logged in on one is served by the other; every sheet goes to both (a phone
that resends after the proxy moved it) and is stored once; both servers' big
screens agree, and the audit chain holds.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bipin.testing.phones import Phone, judge_every_open_sample
from bipin.testing.server import (
    MIGRATE,
    bipin_serve,
    fresh_postgres_database,
    postgres_answers,
    server_env,
)

pytestmark = pytest.mark.skipif(not postgres_answers(),
                                reason="no PostgreSQL on 127.0.0.1:5432 to share")
JUDGES = [f"judge{i}" for i in range(1, 6)]


@pytest.fixture
def one_database(tmp_path):
    import psycopg

    name = f"bipin_two_servers_{os.getpid()}"
    admin = dict(host="127.0.0.1", user=os.environ.get("BIPIN_DB_USER", "postgres"),
                 dbname="postgres", autocommit=True)
    fresh_postgres_database(name, admin["host"], admin["user"])
    try:
        yield {"BIPIN_DB": "postgres", "BIPIN_DB_NAME": name, "BIPIN_DB_HOST": "127.0.0.1",
               "BIPIN_DB_USER": admin["user"]}
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def two_servers(tmp_path, one_database):
    machine = {k: {**server_env(tmp_path / k), **one_database} for k in ("a", "b")}
    settings = {**machine["a"], "DJANGO_SETTINGS_MODULE": "bipin.settings"}
    for step in (["-c", MIGRATE], ["-m", "bipin", "demo", "--load-only"]):
        subprocess.run([sys.executable, *step], env=settings, check=True, capture_output=True,
                       timeout=600)
    with bipin_serve(machine["a"], "--no-migrate") as (a, _), \
            bipin_serve(machine["b"], "--no-migrate") as (b, _):
        yield a, b, machine["a"]


def test_either_server_serves_any_judge_and_every_sheet_is_stored_once(two_servers):
    a, b, env = two_servers
    # Logged in on alternate servers; each sheet then goes to both.
    phones = {name: Phone(a if k % 2 else b) for k, name in enumerate(JUDGES)}
    for name, phone in phones.items():
        phone.log_in(name)
    sent, created = judge_every_open_sample(phones, "demo-apples", twice_on=[a, b])
    # 初评 at two tables: 9 samples × 3 judges + 9 × 2, less the demo's 15 pre-scored sheets.
    assert len(sent) == 9 * 3 + 9 * 2 - 15
    assert created == sent  # once per judge and sample, whichever server took it first

    screen = Phone(a)
    screen.log_in("organizer")
    boards = [screen.call("/api/judging/demo-apples/board", base=base)[1] for base in (a, b)]
    for board in boards:
        board["timer"].pop("server_now")  # each server's own clock, read a moment apart
    assert boards[0] == boards[1]
    assert all(e["complete"] and e["submitted"] == e["expected"] for e in boards[0]["entries"])
    # Both servers wrote into one audit chain per contest; it holds.
    audit = subprocess.run([sys.executable, "-m", "bipin", "audit", "verify"], env=env,
                           capture_output=True, text=True, timeout=300)
    assert audit.returncode == 0, audit.stdout + audit.stderr
