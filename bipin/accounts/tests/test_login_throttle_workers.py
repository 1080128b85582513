"""The login throttle holds across worker processes: a real `bipin serve --workers 2`.

Each attempt comes on a new connection, so the kernel hands them to either
process; a count kept in one process's memory would let twice as many through.
"""

import http.cookiejar
import os
import sqlite3
import urllib.error
import urllib.parse
import urllib.request

import pytest

from bipin.testing.server import bipin_serve, server_env

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="--workers needs fork (POSIX)")


def attempt(base: str, username: str, password: str) -> int:
    """One log-in as a browser makes it: fetch the form (CSRF cookie), post it."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/accounts/login/", timeout=30).read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode({"username": username, "password": password,
                                   "csrfmiddlewaretoken": token}).encode()
    try:
        with opener.open(urllib.request.Request(f"{base}/accounts/login/", data=form),
                         timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_failures_on_two_workers_add_up(tmp_path):
    env = server_env(tmp_path)
    with bipin_serve(env, "--workers", "2", "--threads", "2") as (base, _):
        answers = [attempt(base, "judge1", f"guess-{n}") for n in range(12)]
    assert answers == [200] * 5 + [429] * 7
    with sqlite3.connect(tmp_path / "bipin.sqlite3") as db:
        counts = sorted(n for (n,) in db.execute("SELECT failures FROM accounts_loginthrottle"))
    assert counts == [5, 5]  # the pair and the address, each counted once per failure
