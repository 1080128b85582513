"""Judges spread over two worker processes, all submitting at once, each sheet
sent twice (a phone that resends): every sheet is stored once, the screens
agree, and the audit chain stays intact. A real `bipin serve --workers 2` on a
SQLite file, so the file lock that queues writers is in the path."""

import http.cookiejar
import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from bipin.contests.demo import PASSWORD
from bipin.testing.server import bipin_serve, migrated, server_env

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="--workers needs fork (POSIX)")
JUDGES = [f"judge{i}" for i in range(1, 6)]


class Browser:
    """One person's cookies, CSRF token and JSON calls (what the phone page does)."""

    def __init__(self, base: str):
        self.base, self.jar = base, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def log_in(self, username: str) -> None:
        self.opener.open(f"{self.base}/accounts/login/", timeout=30).read()
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                       "csrfmiddlewaretoken": self.csrf()}).encode()
        self.opener.open(urllib.request.Request(f"{self.base}/accounts/login/", data=form), timeout=30).read()
        assert any(c.name == "sessionid" for c in self.jar), f"{username} could not log in"

    def call(self, path: str, body: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.base}{path}", data=data, headers={
            "Content-Type": "application/json", "X-CSRFToken": self.csrf()})
        try:
            with self.opener.open(request, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")


@pytest.fixture
def two_workers(tmp_path):
    env = migrated(server_env(tmp_path))
    subprocess.run([sys.executable, "-m", "bipin", "demo", "--load-only"], env=env, check=True,
                   capture_output=True)
    with bipin_serve(env, "--workers", "2", "--threads", "4", "--no-migrate") as (base, _):
        yield base, env


def test_every_sheet_is_stored_once_and_the_chain_holds(two_workers):
    base, env = two_workers
    phones = {name: Browser(base) for name in JUDGES}
    for name, phone in phones.items():
        phone.log_in(name)
    _, tasks = phones["judge1"].call("/api/judging/demo-apples/tasks")
    panel = tasks["panels"][0]
    open_refs = [e["ref"] for e in panel["entries"] if e["status"] == "open"]
    assert len(open_refs) == 7  # ten samples, three pre-scored by the demo
    sends = [(name, ref, n) for name in JUDGES for ref in open_refs for n in range(2)]

    def send(job):
        name, ref, _ = job
        marks = {c["id"]: "20" for c in panel["criteria"]}
        return job, phones[name].call("/api/judging/demo-apples/sheets", {
            "key": f"{name}-{ref}", "panel": panel["id"], "entry": ref, "marks": marks})

    with ThreadPoolExecutor(max_workers=16) as pool:
        replies = list(pool.map(send, sends))
    assert {status for _, (status, _) in replies} <= {200, 201}
    created = [(job[0], job[1]) for job, (_, body) in replies if body["created"]]
    assert sorted(created) == sorted({(name, ref) for name, ref, _ in sends})  # once per judge and sample

    screen = Browser(base)
    screen.log_in("organizer")
    _, board = screen.call("/api/judging/demo-apples/board")
    assert all(e["complete"] and e["submitted"] == 5 for e in board["entries"])
    audit = subprocess.run([sys.executable, "-m", "bipin", "audit", "verify"], env=env,
                           capture_output=True, text=True)
    assert audit.returncode == 0, audit.stdout
