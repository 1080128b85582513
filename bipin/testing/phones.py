"""A person's HTTP session against a running `bipin serve`, as a judge's phone makes it.

Cookies, the CSRF token and JSON calls, with nothing but the standard library,
for tests that talk to real servers (several workers, several servers).
Cookies do not depend on the port, so one phone may call any server of a
deployment on 127.0.0.1, as a reverse proxy would send it to any of them.
"""

from __future__ import annotations

import http.cookiejar
import json
import urllib.error
import urllib.parse
import urllib.request

from bipin.contests.demo import PASSWORD


class Phone:
    """One person's cookies, CSRF token and JSON calls (what the phone page does)."""

    def __init__(self, base: str):
        self.base, self.jar = base, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def log_in(self, username: str, password: str = PASSWORD) -> None:
        self.opener.open(f"{self.base}/accounts/login/", timeout=30).read()
        form = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": self.csrf()}).encode()
        self.opener.open(urllib.request.Request(f"{self.base}/accounts/login/", data=form), timeout=30).read()
        assert any(c.name == "sessionid" for c in self.jar), f"{username} could not log in"

    def call(self, path: str, body: dict | None = None, base: str | None = None) -> tuple[int, dict]:
        """GET ``path`` (POST ``body`` as JSON) on this phone's server, or on ``base``."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{base or self.base}{path}", data=data, headers={
            "Content-Type": "application/json", "X-CSRFToken": self.csrf()})
        try:
            with self.opener.open(request, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")


def judge_every_open_sample(phones: dict[str, Phone], slug: str, twice_on: list[str]):
    """Every judge marks every sample still open for them, all at once; each sheet is sent
    once to each base of ``twice_on`` (a phone that resends, through whichever server the
    proxy picks), with one idempotency key. Returns ((judge, sample) sent, those created)."""
    from concurrent.futures import ThreadPoolExecutor

    # Each judge's own list: at a table (分桌) a judge has only that table's samples.
    panels = {name: phone.call(f"/api/judging/{slug}/tasks")[1]["panels"][0] for name, phone in phones.items()}
    sends = [(name, e["ref"], base) for name, panel in panels.items() for e in panel["entries"]
             if e["status"] == "open" for base in twice_on]

    def send(job):
        name, ref, base = job
        panel = panels[name]
        marks = {c["id"]: "20" for c in panel["criteria"]}
        return job, phones[name].call(f"/api/judging/{slug}/sheets", {
            "key": f"{name}-{ref}", "panel": panel["id"], "entry": ref, "marks": marks}, base=base)

    with ThreadPoolExecutor(max_workers=16) as pool:
        replies = list(pool.map(send, sends))
    assert {status for _, (status, _) in replies} <= {200, 201}, replies
    created = sorted((job[0], job[1]) for job, (_, body) in replies if body["created"])
    return sorted({(name, ref) for name, ref, _ in sends}), created
